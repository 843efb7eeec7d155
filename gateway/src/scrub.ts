/**
 * What the gateway runtime logs at debug and trace level includes the caller's credentials (the
 * upstream graphql-ws `connectionParams` carry `Authorization: Bearer <jwt>`; request headers).
 * Every attribute object and message goes through `scrub` on its way to pino: values under
 * credential-like keys (the gateway's own subgraph credential too) are replaced, bearer tokens,
 * HTTP Basic credentials and API client secrets (`mspcs_…`) inside strings are cut, and objects that are
 * not plain data (sockets, requests, Headers) are logged as their class name only.
 */
const SENSITIVE_KEY = /authorization|cookie|token|secret|password|credential|api[-_]?key/i;
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
/** An API client's secret (`@msp/auth`'s `mspcs_` prefix) wherever it appears in a string. */
const CLIENT_SECRET = /\bmspcs_[A-Za-z0-9_-]+/g;
const MAX_DEPTH = 8;

export const REDACTED = '[redacted]';

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.replace(BEARER, `$1 ${REDACTED}`).replace(CLIENT_SECRET, `mspcs_${REDACTED}`);
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `[${(value as object).constructor?.name ?? 'object'}]`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SENSITIVE_KEY.test(key) ? REDACTED : scrub(v, depth + 1);
  return out;
}
