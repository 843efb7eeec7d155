/**
 * Whether an error says the database could not be reached, rather than that a statement was
 * wrong: the server is down, restarting or refusing connections (postgres.js connection errors,
 * socket errors, SQLSTATE class 08, 57P01-57P03 administrator/crash shutdown and "cannot connect
 * now", 53300 too many connections). Drizzle wraps driver errors (`cause`), GraphQL execution
 * wraps resolver errors (`originalError`): both chains are followed.
 *
 * Such an error is transient: callers wait and try again (the worker), or answer the client
 * SERVICE_UNAVAILABLE instead of an internal error (the subgraphs).
 */
const CONNECTION_CODES = new Set([
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  // Node sockets and DNS
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  const { cause, originalError } = error as { cause?: unknown; originalError?: unknown };
  return isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(originalError, depth + 1);
}

/**
 * The link of the chain that says the database is unreachable, as `{ code, message }`: what a log
 * line needs, without a wrapper's text (Drizzle's names the statement and its parameters).
 */
export function databaseErrorSummary(error: unknown, depth = 0): { code: string; message: string } | null {
  if (!error || typeof error !== 'object' || depth > 6) return null;
  const { code, message, cause, originalError } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    originalError?: unknown;
  };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return { code, message: typeof message === 'string' ? message.slice(0, 200) : '' };
  }
  return databaseErrorSummary(cause, depth + 1) ?? databaseErrorSummary(originalError, depth + 1);
}
