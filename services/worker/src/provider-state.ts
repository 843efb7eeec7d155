/**
 * What a run learns about its provider connection. The gate decides from stored state only, so
 * a run that fails on the provider records that state here: the next start is then BLOCKED
 * with the same problem class and next step as the failed run showed, without a network call.
 */
import { type Database, schema } from '@msp/db';
import type { OperationType, ReasonCode } from '@msp/gate';
import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';

type ConnectionUpdate = PgUpdateSetSource<typeof schema.providerConnections>;

/** Operations whose whole point is checking the connection: they stamp `last_health_check_at`. */
const CHECKS: ReadonlySet<OperationType> = new Set(['PROVIDER_VERIFICATION', 'PROVIDER_CONNECTION_HEALTH_CHECK']);

export interface ProviderFailure {
  connectionId: string;
  operationType: OperationType;
  reasonCode: ReasonCode;
  /** Granted application permissions, when known (the token's roles): stored as observed. */
  grantedPermissions?: string[] | null;
  now?: Date;
}

/** The connection columns a provider failure changes; empty when it says nothing about the connection. */
export function providerFailureUpdate(failure: ProviderFailure): ConnectionUpdate {
  const now = failure.now ?? new Date();
  const set: ConnectionUpdate = {};
  switch (failure.reasonCode) {
    case 'PROVIDER_CREDENTIALS_INVALID':
      // Blocks starts with PROVIDER_CREDENTIALS_INVALID until the secret is rotated.
      set.credentialRejectedAt = now;
      set.health = 'UNHEALTHY';
      break;
    case 'PROVIDER_CREDENTIALS_EXPIRED':
      // Microsoft says the secret has expired, whatever expiry we were told: believe it.
      set.clientSecretExpiresAt = sql`least(coalesce(${schema.providerConnections.clientSecretExpiresAt}, ${now}::timestamptz), ${now}::timestamptz)`;
      set.health = 'UNHEALTHY';
      break;
    case 'PROVIDER_CONSENT_MISSING':
    case 'PROVIDER_CONSENT_REVOKED':
      // MISSING, not REVOKED: REVOKED is what an operator records, and it blocks the
      // verification that would discover a fresh consent.
      set.consentStatus = 'MISSING';
      set.health = 'UNHEALTHY';
      break;
    case 'PROVIDER_PERMISSIONS_MISSING':
      // What Entra grants now (its app role assignments, read by the runtime): observed, which the gate's permission
      // blockers decide from. The recorded permissions stay: they are the drift baseline.
      if (failure.grantedPermissions) set.observedPermissions = failure.grantedPermissions;
      set.health = 'UNHEALTHY';
      break;
    case 'PROVIDER_CONNECTION_DISABLED':
    case 'TARGET_NOT_FOUND':
      set.health = 'UNHEALTHY';
      break;
    case 'PROVIDER_THROTTLED':
    case 'PROVIDER_UNAVAILABLE':
      // Transient: the connection works, Graph is busy.
      set.health = 'DEGRADED';
      break;
    default:
      // Our own failures (INTERNAL_ERROR, RUN_INTERRUPTED...) say nothing about the connection.
      return {};
  }
  if (CHECKS.has(failure.operationType)) set.lastHealthCheckAt = now;
  set.updatedAt = now;
  return set;
}

export async function recordProviderFailure(db: Database, failure: ProviderFailure): Promise<void> {
  const set = providerFailureUpdate(failure);
  if (Object.keys(set).length === 0) return;
  await db.update(schema.providerConnections).set(set).where(eq(schema.providerConnections.id, failure.connectionId));
}
