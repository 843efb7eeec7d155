/**
 * One mapping from service results to GraphQL errors, and one masking rule for everything else.
 *
 * Clients branch on `extensions.code` (contract.graphql): UNAUTHENTICATED, NOT_FOUND, FORBIDDEN,
 * BAD_USER_INPUT, CONFLICT. Errors we raise on purpose are `GraphQLError`s carrying one of these;
 * anything else that escapes a resolver (a driver error, a bug) is an internal error whose message
 * may name hosts, SQL or secrets, so clients get a fixed text and the log gets the detail. One
 * kind of escaping error is told apart: the database could not be reached (restarting, down):
 * SERVICE_UNAVAILABLE with a fixed text, so that a client knows to try again (issue 10).
 */
import { isDatabaseUnavailable } from '@msp/db';
import { redactError } from '@msp/edge';
import type { ErrorCode, Result, ServiceError } from '@msp/gate';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from './graphql';

/** The codes we raise on purpose; every other error reaching a client is masked. */
export const PUBLIC_ERROR_CODES: readonly ErrorCode[] = [
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'CONFLICT',
];

export const INTERNAL_ERROR_MESSAGE = 'Internal server error.';

/** The code and text of an operation that failed because the database did not answer. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';
export const SERVICE_UNAVAILABLE_MESSAGE = 'The service cannot reach its database right now; try again in a moment.';

/**
 * The client's form of an error that is not public: SERVICE_UNAVAILABLE when the database could
 * not be reached, INTERNAL_SERVER_ERROR otherwise; never the error's own text.
 */
export function maskedError(
  formatted: Pick<GraphQLFormattedError, 'locations' | 'path'>,
  error: unknown,
): GraphQLFormattedError {
  const unavailable = isDatabaseUnavailable(error);
  return {
    message: unavailable ? SERVICE_UNAVAILABLE_MESSAGE : INTERNAL_ERROR_MESSAGE,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: unavailable ? SERVICE_UNAVAILABLE : 'INTERNAL_SERVER_ERROR' },
  };
}

/** A service error as a GraphQL error: `extensions.code`, and `extensions.field` for input errors. */
export function toGraphQLError(error: ServiceError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: error.field ? { code: error.code, field: error.field } : { code: error.code },
  });
}

/** The value of an ok result; a failed result is thrown as its GraphQL error. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw toGraphQLError(result.error);
}

export function unauthenticatedError(message = 'A valid bearer token is required.'): GraphQLError {
  // `http.status` is read (and stripped) by Apollo Server; graphql-ws ignores it.
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Recognises a GraphQLError by its tag rather than `instanceof`: graphql 16 ships CJS and ESM
 * builds, and a process can load both (Vitest inlines our sources with the ESM build while
 * Pothos, Apollo and graphql-ws load the CJS one), so an error from one build is not an
 * instance of the other's class.
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return (
    error instanceof GraphQLError ||
    (typeof error === 'object' && error !== null && Object.prototype.toString.call(error) === '[object GraphQLError]')
  );
}

/**
 * True when an error may reach the client as it is: a GraphQLError raised as such (ours, or
 * graphql-js parse/validation/coercion errors), as opposed to an arbitrary exception that a
 * resolver let through (which graphql-js wraps in a GraphQLError with `originalError`).
 */
export function isPublicError(error: unknown): boolean {
  if (!isGraphQLError(error)) return false;
  const original = error.originalError;
  if (!original) return true;
  if (isGraphQLError(original)) return isPublicError(original);
  return false;
}

/** The client-facing form of an error from graphql-js execution (used for graphql-ws). */
export function formatErrorForClient(
  error: GraphQLError,
  onInternal?: (error: GraphQLError) => void,
): GraphQLFormattedError {
  if (isPublicError(error)) {
    const json = redactError(error.toJSON());
    if (json.extensions && 'http' in json.extensions) {
      const { http: _http, ...extensions } = json.extensions;
      return { ...json, extensions };
    }
    return json;
  }
  onInternal?.(error);
  return maskedError(error, error);
}

/**
 * The size of a capped list (`first`), or BAD_USER_INPUT when it is outside 1..`max`. Every list
 * a user can grow (a workspace's tenants, a tenant's connections, role definitions, backups)
 * takes one, so that no answer grows with the data (issue 10).
 */
export function listSize(first: number | null | undefined, defaultValue: number, max: number): number {
  const size = first ?? defaultValue;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw toGraphQLError({ code: 'BAD_USER_INPUT', field: 'first', message: `first must be 1 to ${max}.` });
  }
  return size;
}
