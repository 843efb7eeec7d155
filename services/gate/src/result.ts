/** One result shape for every service function: `{ ok: true, value } | { ok: false, error }`. */
export type ErrorCode = 'UNAUTHENTICATED' | 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'CONFLICT';

export interface ServiceError {
  code: ErrorCode;
  message: string;
  /** The input field at fault, for BAD_USER_INPUT. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, field?: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
});

/**
 * NOT_FOUND texts: the same for an id that does not exist and for one the caller may not see,
 * so a non-member learns nothing.
 */
export const NOT_FOUND = {
  tenant: 'Tenant not found.',
  workspace: 'Workspace not found.',
  providerConnection: 'Provider connection not found.',
  operationRun: 'Operation run not found.',
  onboardingSession: 'Onboarding session not found.',
  tenantInvitation: 'Invitation not found.',
} as const;
