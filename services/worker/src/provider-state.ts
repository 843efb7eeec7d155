/**
 * What a run learns about its provider connection. The gate decides from stored state only, so
 * a run that fails on the provider records that state here: the next start is then BLOCKED
 * with the same problem class and next step as the failed run showed, without a network call.
 */
import { type Database, schema } from '@msp/db';
import type { OperationType, ReasonCode } from '@msp/gate';
import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { lockConnection, permissionColumns } from './connection-health';

type ConnectionUpdate = PgUpdateSetSource<typeof schema.providerConnections>;

/** Operations whose whole point is checking the connection: they stamp `last_health_check_at`. */
const CHECKS: ReadonlySet<OperationType> = new Set(['PROVIDER_VERIFICATION', 'PROVIDER_CONNECTION_HEALTH_CHECK']);

export interface ProviderFailure {
  connectionId: string;
  operationType: OperationType;
  reasonCode: ReasonCode;
  /** The run that failed: a permission drift it reveals names it. */
  runId: string;
  /**
   * Granted application permissions, when known (PROVIDER_PERMISSIONS_MISSING: what Entra grants,
   * read by the runtime): stored as observed, with the drift from the recorded ones.
   */
  grantedPermissions?: string[] | null;
  now?: Date;
}

/**
 * What each provider failure says about the connection's health; a reason not listed (our own
 * failures: INTERNAL_ERROR, RUN_INTERRUPTED...) says nothing about the connection. UNHEALTHY: the
 * connection is unusable until someone acts; DEGRADED: it works, Graph is busy.
 */
export const PROVIDER_FAILURE_HEALTH: Readonly<Partial<Record<ReasonCode, 'UNHEALTHY' | 'DEGRADED'>>> = {
  PROVIDER_CONSENT_MISSING: 'UNHEALTHY',
  PROVIDER_CONSENT_REVOKED: 'UNHEALTHY',
  PROVIDER_CREDENTIALS_INVALID: 'UNHEALTHY',
  PROVIDER_CREDENTIALS_EXPIRED: 'UNHEALTHY',
  // Entra found no secret in the token request (AADSTS7000216/7000218): nothing stored says so,
  // so no start is blocked, but the connection cannot reach Graph.
  PROVIDER_CREDENTIALS_MISSING: 'UNHEALTHY',
  PROVIDER_PERMISSIONS_MISSING: 'UNHEALTHY',
  PROVIDER_CONNECTION_DISABLED: 'UNHEALTHY',
  TARGET_NOT_FOUND: 'UNHEALTHY',
  PROVIDER_THROTTLED: 'DEGRADED',
  PROVIDER_UNAVAILABLE: 'DEGRADED',
};

/**
 * Provider answers that make the connection unusable (UNHEALTHY above): the health check records
 * them on the connection and tells its owners and managers (processors/health-check.ts).
 */
export const UNUSABLE_REASONS: ReadonlySet<ReasonCode> = new Set(
  (Object.keys(PROVIDER_FAILURE_HEALTH) as ReasonCode[]).filter((r) => PROVIDER_FAILURE_HEALTH[r] === 'UNHEALTHY'),
);

/** The connection columns a provider failure changes; empty when it says nothing about the connection. */
export function providerFailureUpdate(failure: ProviderFailure): ConnectionUpdate {
  const health = PROVIDER_FAILURE_HEALTH[failure.reasonCode];
  if (!health) return {};
  const now = failure.now ?? new Date();
  const set: ConnectionUpdate = { health };
  switch (failure.reasonCode) {
    case 'PROVIDER_CREDENTIALS_INVALID':
      // Blocks starts with PROVIDER_CREDENTIALS_INVALID until the secret is rotated.
      set.credentialRejectedAt = now;
      break;
    case 'PROVIDER_CREDENTIALS_EXPIRED':
      // Microsoft says the secret has expired, whatever expiry we were told: believe it.
      set.clientSecretExpiresAt = sql`least(coalesce(${schema.providerConnections.clientSecretExpiresAt}, ${now}::timestamptz), ${now}::timestamptz)`;
      break;
    case 'PROVIDER_CONSENT_MISSING':
    case 'PROVIDER_CONSENT_REVOKED':
      // MISSING, not REVOKED: REVOKED is what an operator records, and it blocks the
      // verification that would discover a fresh consent.
      set.consentStatus = 'MISSING';
      break;
    case 'PROVIDER_PERMISSIONS_MISSING':
      // What Entra grants now, when known, is stored by recordProviderFailure with its drift
      // (permissionColumns): never the observed set alone.
      break;
    default:
      // The health says it all (disabled, target gone, throttled, unavailable, no secret sent).
      break;
  }
  if (CHECKS.has(failure.operationType)) set.lastHealthCheckAt = now;
  set.updatedAt = now;
  return set;
}

/**
 * Records a provider failure on the connection, in one UPDATE. A missing permission with the set
 * Entra grants known also stores that set as observed (which the gate's permission blockers then
 * decide from; the recorded permissions stay the baseline) and, in the same statement, the drift
 * between them (`permissionColumns`, under the connection's row lock), so that the stored drift
 * never disagrees with the stored sets.
 */
export async function recordProviderFailure(db: Database, failure: ProviderFailure): Promise<void> {
  const now = failure.now ?? new Date();
  const set = providerFailureUpdate({ ...failure, now });
  if (Object.keys(set).length === 0) return;
  const pc = schema.providerConnections;
  const observed = failure.reasonCode === 'PROVIDER_PERMISSIONS_MISSING' ? failure.grantedPermissions : null;
  if (!observed) {
    await db.update(pc).set(set).where(eq(pc.id, failure.connectionId));
    return;
  }
  await db.transaction(async (tx) => {
    const c = await lockConnection(tx, failure.connectionId);
    if (!c) return;
    const permissions = permissionColumns(c, observed, { runId: failure.runId, now });
    await tx
      .update(pc)
      .set({ ...set, ...permissions.set })
      .where(eq(pc.id, failure.connectionId));
  });
}
