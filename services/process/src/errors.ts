/**
 * An error as it may be logged: the PostgreSQL driver puts the statement's parameters on its
 * errors (`parameters`, `args`), which are user input (emails, names, sealed client-secret bytes)
 * and must never reach a log line (issue 10, item 9). Returns a plain copy of `error` (and of its
 * `originalError` / `cause` chain) without them; what pino's error serializer reads stays.
 */
const PARAMETER_KEYS = new Set(['parameters', 'args', 'params', 'values']);

export function loggableError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 4) return error;
  const copy = new Error(error.message) as Error & Record<string, unknown>;
  copy.name = error.name;
  copy.stack = error.stack;
  for (const [key, value] of Object.entries(error)) {
    if (PARAMETER_KEYS.has(key)) continue;
    copy[key] = key === 'originalError' || key === 'cause' ? loggableError(value, depth + 1) : value;
  }
  const original = (error as { originalError?: unknown }).originalError;
  if (original !== undefined && !('originalError' in copy)) copy.originalError = loggableError(original, depth + 1);
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && !('cause' in copy)) copy.cause = loggableError(cause, depth + 1);
  return copy;
}
