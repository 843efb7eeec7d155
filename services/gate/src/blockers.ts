/**
 * Start-time blockers, decided from stored state only: no network call at click time. The gate
 * and `ProviderConnection.blockers` both call `connectionBlockers`, so "what the gate would say
 * now" is never re-implemented.
 */
import type { ConsentStatus, OperationType, ReasonCode, TenantStatus } from './vocabulary';

export interface ConnectionState {
  enabled: boolean;
  consentStatus: ConsentStatus;
  hasSecret: boolean;
  clientSecretExpiresAt: Date | null;
  credentialRejectedAt: Date | null;
  /**
   * The application permissions recorded by the last verification (`granted_permissions`): the
   * drift baseline. null: no verification has run yet.
   */
  grantedPermissions: string[] | null;
  /**
   * The application permissions Entra granted when last read (`observed_permissions`). null: not
   * read yet.
   */
  observedPermissions: string[] | null;
}

/**
 * The one rule for "which permissions does a connection have": the ones last read from Entra
 * (the truth) when known, else the recorded ones; null when neither is known, which blocks
 * nothing. The blockers below decide from it, and so do the gate, `ProviderConnection.blockers`,
 * the worker's re-check before Graph and the restore preview (all through `connectionBlockers`):
 * a check trusting the recorded permissions over what Entra grants would let a start through that
 * Graph then refuses.
 */
export function effectivePermissions(
  c: Pick<ConnectionState, 'grantedPermissions' | 'observedPermissions'>,
): string[] | null {
  return c.observedPermissions ?? c.grantedPermissions;
}

export interface TenantState {
  status: TenantStatus;
}

/**
 * Application permissions each operation needs: any one of each inner list. Verification and
 * the health check need none: they are how permissions and health are discovered.
 */
export const REQUIRED_PERMISSIONS: Record<OperationType, string[][]> = {
  PROVIDER_VERIFICATION: [],
  PROVIDER_CONNECTION_HEALTH_CHECK: [],
  DIRECTORY_GROUPS_SYNC: [['Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All']],
  ROLE_DEFINITIONS_SYNC: [['DeviceManagementRBAC.Read.All', 'DeviceManagementRBAC.ReadWrite.All']],
  POLICY_BACKUP: [['DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All']],
  RESTORE_EXECUTION: [['DeviceManagementConfiguration.ReadWrite.All']],
};

export function missingPermissions(operationType: OperationType, granted: string[] | null): string[][] {
  if (granted === null) return [];
  const have = new Set(granted);
  return REQUIRED_PERMISSIONS[operationType].filter((anyOf) => !anyOf.some((p) => have.has(p)));
}

export interface Blocker {
  reasonCode: ReasonCode;
  /** A complete sentence an operator reads as the reason: specific where the code is generic. */
  detail: string;
}

export function tenantBlocker(tenant: TenantState): Blocker | null {
  return tenant.status === 'ARCHIVED' ? { reasonCode: 'TENANT_NOT_ACTIVE', detail: 'The tenant is archived.' } : null;
}

/**
 * Every blocker of a connection for an operation, most fundamental first; the gate reports the
 * first. Every covered operation, verification included, is blocked while admin consent is not
 * recorded as granted (ARCHITECTURE: "consent missing or revoked" → BLOCKED): the operator grants
 * it (the result's GRANT_PROVIDER_CONSENT action) and records it (`recordProviderConsent`).
 */
export function connectionBlockers(operationType: OperationType, c: ConnectionState, now: Date): Blocker[] {
  const out: Blocker[] = [];
  if (!c.enabled)
    out.push({ reasonCode: 'PROVIDER_CONNECTION_DISABLED', detail: 'The provider connection is disabled.' });
  if (c.consentStatus === 'REVOKED') {
    out.push({ reasonCode: 'PROVIDER_CONSENT_REVOKED', detail: 'Admin consent was revoked.' });
  } else if (c.consentStatus === 'MISSING') {
    out.push({ reasonCode: 'PROVIDER_CONSENT_MISSING', detail: 'Admin consent has not been granted.' });
  }
  if (!c.hasSecret) {
    out.push({ reasonCode: 'PROVIDER_CREDENTIALS_MISSING', detail: 'No client secret is stored.' });
  } else if (c.clientSecretExpiresAt && c.clientSecretExpiresAt.getTime() <= now.getTime()) {
    out.push({
      reasonCode: 'PROVIDER_CREDENTIALS_EXPIRED',
      detail: `The client secret expired on ${c.clientSecretExpiresAt.toISOString()}.`,
    });
  } else if (c.credentialRejectedAt) {
    out.push({
      reasonCode: 'PROVIDER_CREDENTIALS_INVALID',
      detail: 'Microsoft Graph rejected the stored client secret.',
    });
  }
  const missing = missingPermissions(operationType, effectivePermissions(c));
  if (missing.length > 0) {
    out.push({
      reasonCode: 'PROVIDER_PERMISSIONS_MISSING',
      detail: `The app lacks the Microsoft Graph application permission ${missing.map((anyOf) => anyOf[0]).join(', ')}.`,
    });
  }
  return out;
}
