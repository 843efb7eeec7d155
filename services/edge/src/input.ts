/**
 * Input hygiene at the edge (issue 10, items 9 and 11), the same in the gateway and every
 * subgraph:
 * - a NUL character (U+0000) in any string of a request (variables, string literals) is refused
 *   with BAD_USER_INPUT before execution: PostgreSQL text cannot hold it, and it used to surface
 *   as an INTERNAL_SERVER_ERROR whose log line carried the query's parameters;
 * - error messages never echo a secret: graphql-js prints the whole offending value into
 *   coercion errors (`Variable "$input" got invalid value { …, clientSecret: "…" }`), so values of
 *   secret-named fields are replaced, and any long quoted value is cut.
 */
import { type DocumentNode, GraphQLError, visit } from 'graphql';

const NUL = '\u0000';

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  for (const [key, v] of Object.entries(value)) if (key.includes(NUL) || hasNul(v, depth + 1)) return true;
  return false;
}

/** BAD_USER_INPUT when a string of the request holds a NUL character, else `[]`. */
export function nulErrors(document: DocumentNode, variables: unknown): GraphQLError[] {
  let found = hasNul(variables);
  if (!found) {
    visit(document, {
      StringValue(node) {
        if (node.value.includes(NUL)) found = true;
      },
    });
  }
  return found
    ? [
        new GraphQLError('Text input must not contain the NUL character (U+0000).', {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        }),
      ]
    : [];
}

/** Field names whose values an error message must never repeat. */
const SECRET_FIELD =
  /([A-Za-z_]*(?:secret|password|token|credential|apiKey|api_key)[A-Za-z_]*)(\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)/gi;
/** A quoted value longer than this is cut in messages (a 1 MB string is not echoed back). */
const MAX_QUOTED = 80;
const QUOTED = /"((?:[^"\\]|\\.){80,})"/g;

/**
 * Longer messages are cut before the patterns run: a message can quote a hostile 1 MB value, and
 * SECRET_FIELD backtracks over a long run of letters (quadratic), which kept one request on the
 * CPU for minutes (found by tests/e2e/fuzz.test.ts).
 */
const MAX_MESSAGE = 2_000;

/** The message with secret-named fields' values replaced and long quoted values cut. */
export function redactMessage(message: string): string {
  const bounded = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  return bounded
    .replace(SECRET_FIELD, (_m, name: string, colon: string) => `${name}${colon}"[redacted]"`)
    .replace(QUOTED, (_m, inner: string) => `"${inner.slice(0, MAX_QUOTED)}…"`);
}

/** Redacts an error's message in place (GraphQLError messages are writable); returns it. */
export function redactError<E extends { message: string }>(error: E): E {
  const redacted = redactMessage(error.message);
  if (redacted !== error.message) error.message = redacted;
  return error;
}

/** graphql-js's suggestion: `Cannot query field "tenantz" on type "Query". Did you mean "tenant"?` */
const SUGGESTION = /\s*Did you mean [^\n]*\?$/;

/**
 * `error` without graphql-js's "Did you mean …?" (unknown fields, arguments, types, enum values,
 * input fields): in production a suggestion spells out the schema to a caller who may not
 * introspect it. Changes the message in place.
 */
export function withoutSuggestions<E extends { message: string }>(error: E): E {
  const stripped = error.message.replace(SUGGESTION, '');
  if (stripped !== error.message) error.message = stripped;
  return error;
}
