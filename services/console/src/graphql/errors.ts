import type { CombinedError } from 'urql';

/**
 * NOT_FOUND (missing, or not the caller's) and BAD_USER_INPUT (an id that cannot exist) both
 * mean: there is nothing here for you.
 */
export function isNotFound(error: CombinedError | undefined): boolean {
  return Boolean(
    error?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND' || e.extensions?.code === 'BAD_USER_INPUT'),
  );
}

/** A readable line for an error the page cannot do anything about. */
export function errorText(error: CombinedError): string {
  return error.graphQLErrors[0]?.message ?? (error.networkError ? 'The API cannot be reached.' : error.message);
}
