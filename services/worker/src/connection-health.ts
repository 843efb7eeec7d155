/**
 * What a connection health check finds, and whom it tells. Shared by the health-check and
 * verification processors (a run that read Entra) and the daily sweep (a blocked attempt that
 * never reached Entra), so that the rules live once:
 *
 * - **Secret expiry**: a client secret expiring within the warning window (30 days by default)
 *   raises one CREDENTIALS_EXPIRING notification per owner/manager of the tenant, naming the run
 *   (or blocked attempt) that found it, once per connection and expiry date
 *   (`credential_expiry_notified_for`): the next day's check finds the warning sent; a rotation
 *   with a new expiry date warns again when that one comes close.
 * - **Permission drift**: the permissions Entra grants (read by the check from the service
 *   principal's app role assignments: the truth) are compared with the recorded ones
 *   (`granted_permissions`, the last verification's), never the other way round. The observed set
 *   is stored (`observed_permissions`, which the gate's permission blockers then decide from); a
 *   difference is stored as `permission_drift` (missing / extra, when and which run found it) and
 *   makes the connection DEGRADED. Cleared when the sets agree again or a verification records
 *   the observed set (`permission_drift_cleared_at`).
 * - **Health changes** (a drift appearing, changing or clearing; the connection turning UNHEALTHY
 *   or recovering from it) raise one CONNECTION_HEALTH_CHANGED notification per owner/manager,
 *   naming the run; the same finding again the next day raises nothing.
 * - **Webhook events**: each warning and each change is also one event for the workspace's
 *   subscribed endpoints (`recordWebhookEvent`: `connection.credentials_expiring`,
 *   `connection.health_changed`), in the same transaction, as rarely as the notifications.
 *
 * Everything is written in one transaction that holds the connection's row lock (`FOR UPDATE`),
 * so two checks can never both warn; the notifications are returned for publishing after commit.
 */
import {
  type DbOrTx,
  type NotificationRow,
  type PermissionDrift,
  recordNotifications,
  recordWebhookEvent,
  schema,
} from '@msp/db';
import { REASONS, type ReasonCode, tenantRolesWith } from '@msp/gate';
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';

const DAY_MS = 86_400_000;

/** A secret expiring within this is worth a warning: time to create, distribute and rotate a new one. */
export const DEFAULT_CREDENTIAL_EXPIRY_WARNING_MS = 30 * DAY_MS;

const pc = schema.providerConnections;
const t = schema.tenants;

/** The connection as a check reviews it, locked for the transaction. Never its secret. */
export interface ReviewedConnection {
  id: string;
  tenantId: string;
  workspaceId: string;
  tenantName: string;
  displayName: string;
  hasSecret: boolean;
  clientSecretExpiresAt: Date | null;
  credentialExpiryNotifiedFor: Date | null;
  grantedPermissions: string[] | null;
  observedPermissions: string[] | null;
  permissionDrift: PermissionDrift | null;
  health: 'UNKNOWN' | 'HEALTHY' | 'DEGRADED' | 'UNHEALTHY';
}

/** Reads and locks the connection (`FOR UPDATE`) for the rest of the transaction; null when deleted. */
export async function lockConnection(tx: DbOrTx, id: string): Promise<ReviewedConnection | null> {
  const [row] = await tx
    .select({
      id: pc.id,
      tenantId: pc.tenantId,
      workspaceId: t.workspaceId,
      tenantName: t.name,
      displayName: pc.displayName,
      hasSecret: sql<boolean>`(${pc.clientSecretEncrypted} is not null)`,
      clientSecretExpiresAt: pc.clientSecretExpiresAt,
      credentialExpiryNotifiedFor: pc.credentialExpiryNotifiedFor,
      grantedPermissions: pc.grantedPermissions,
      observedPermissions: pc.observedPermissions,
      permissionDrift: pc.permissionDrift,
      health: pc.health,
    })
    .from(pc)
    .innerJoin(t, eq(t.id, pc.tenantId))
    .where(eq(pc.id, id))
    .for('update', { of: pc });
  return row ?? null;
}

/**
 * Who hears about a connection's health: the tenant's members whose role may manage its
 * connections (the registry's `provider_connection.manage`: OWNER and MANAGER), people only (an
 * API client's principal reads no notifications).
 */
export async function healthRecipients(tx: DbOrTx, tenantId: string): Promise<string[]> {
  const m = schema.tenantMembers;
  const a = schema.apiClients;
  const rows = await tx
    .select({ userId: m.userId })
    .from(m)
    .where(
      and(
        eq(m.tenantId, tenantId),
        inArray(m.role, tenantRolesWith('provider_connection.manage')),
        notExists(tx.select({ one: sql`1` }).from(a).where(eq(a.userId, m.userId))),
      ),
    );
  return rows.map((r) => r.userId);
}

/**
 * Warns the owners and managers of a secret expiring within `windowMs`, once per connection and
 * expiry date. `c` must be locked (`lockConnection`) in `tx`. Returns the notifications written.
 */
export async function warnCredentialExpiry(
  tx: DbOrTx,
  c: ReviewedConnection,
  runId: string,
  options: { now: Date; windowMs: number },
): Promise<NotificationRow[]> {
  const expiresAt = c.clientSecretExpiresAt;
  if (!c.hasSecret || !expiresAt) return [];
  const left = expiresAt.getTime() - options.now.getTime();
  // Expired already: the gate blocks (PROVIDER_CREDENTIALS_EXPIRED); that is not a warning.
  if (left <= 0 || left > options.windowMs) return [];
  if (c.credentialExpiryNotifiedFor?.getTime() === expiresAt.getTime()) return [];
  await tx.update(pc).set({ credentialExpiryNotifiedFor: expiresAt }).where(eq(pc.id, c.id));
  const days = Math.max(1, Math.ceil(left / DAY_MS));
  const title = `The client secret of ${c.displayName} expires in ${days} day${days === 1 ? '' : 's'}`;
  const body = `The client secret of provider connection ${c.displayName} (tenant ${c.tenantName}) expires on ${expiresAt.toISOString().slice(0, 10)}; from then on every start on it is blocked. ${REASONS.PROVIDER_CREDENTIALS_EXPIRED.nextStep}`;
  // The workspace's endpoints subscribed to connection.credentials_expiring hear it once too.
  await recordWebhookEvent(tx, {
    workspaceId: c.workspaceId,
    tenantId: c.tenantId,
    type: 'CREDENTIALS_EXPIRING',
    runId,
    data: {
      providerConnectionId: c.id,
      providerConnectionName: c.displayName,
      credentialExpiresAt: expiresAt.toISOString(),
      daysLeft: days,
    },
  });
  const recipients = await healthRecipients(tx, c.tenantId);
  return recordNotifications(
    tx,
    recipients.map((userId) => ({ userId, runId, kind: 'CREDENTIALS_EXPIRING' as const, title, body })),
  );
}

/** What one check found out about the connection. */
export type HealthFinding =
  | {
      /** Read from Entra: the truth. */
      observedPermissions: string[];
      /**
       * A verification: the observed set becomes the recorded one (the new baseline), which
       * clears any drift.
       */
      record?: boolean;
    }
  | {
      /** The check failed on the provider for a reason that makes the connection unusable. */
      failed: ReasonCode;
    };

const key = (p: string) => p.toLowerCase();

/** `a` minus `b`, compared as Entra compares role names (case-insensitively), sorted. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const drop = new Set(b.map(key));
  return [...new Set(a.filter((p) => !drop.has(key(p))))].sort();
}

const sameDrift = (a: PermissionDrift | null, b: { missing: string[]; extra: string[] } | null) =>
  a === null || b === null
    ? a === b
    : a.missing.join('\n') === b.missing.join('\n') && a.extra.join('\n') === b.extra.join('\n');

export interface HealthReview {
  health: 'HEALTHY' | 'DEGRADED' | 'UNHEALTHY';
  drift: PermissionDrift | null;
  /** Whether the owners and managers were told (a change, not a repeat). */
  changed: boolean;
  notifications: NotificationRow[];
}

/** The permission columns of one UPDATE that stores a newly observed set (`permissionColumns`). */
export interface PermissionColumns {
  set: Pick<
    typeof pc.$inferInsert,
    'observedPermissions' | 'grantedPermissions' | 'permissionDrift' | 'permissionDriftClearedAt'
  >;
  /** The drift as stored after the update. */
  drift: PermissionDrift | null;
  /** Whether the drift appeared, changed or cleared. */
  changed: boolean;
  missing: string[];
  extra: string[];
}

/**
 * The one way observed (or recorded) permissions are written: the columns a single UPDATE sets
 * for a newly observed set, the drift among them. `permission_drift` is derived from
 * `granted_permissions` and `observed_permissions`; written in the same statement as they are, by
 * every writer (a health check, a verification, a run refused for a missing permission), it
 * cannot disagree with them. `c` must be locked (`lockConnection`) in the transaction.
 *
 * - No baseline yet (never verified), or `record` (a verification): the observed set becomes the
 *   recorded one.
 * - The drift keeps its detection (when, which run) while its missing and extra sets stay the same.
 */
export function permissionColumns(
  c: Pick<ReviewedConnection, 'grantedPermissions' | 'permissionDrift'>,
  observedPermissions: readonly string[],
  options: { record?: boolean; runId: string; now: Date },
): PermissionColumns {
  const observed = [...new Set(observedPermissions)].sort();
  const adopt = options.record || c.grantedPermissions === null;
  const recorded = adopt ? observed : (c.grantedPermissions as string[]);
  const set: PermissionColumns['set'] = { observedPermissions: observed };
  if (adopt) set.grantedPermissions = observed;
  const missing = without(recorded, observed);
  const extra = without(observed, recorded);
  const found = missing.length > 0 || extra.length > 0 ? { missing, extra } : null;
  if (sameDrift(c.permissionDrift, found)) return { set, drift: c.permissionDrift, changed: false, missing, extra };
  const drift = found ? { ...found, detectedAt: options.now.toISOString(), runId: options.runId } : null;
  set.permissionDrift = drift;
  if (!drift) set.permissionDriftClearedAt = options.now;
  return { set, drift, changed: true, missing, extra };
}

/**
 * Records a finding on the connection (`c` locked in `tx`): health, last check time, the observed
 * permissions and the drift; tells the owners and managers when it is a change. Returns what it
 * wrote.
 */
export async function recordHealth(
  tx: DbOrTx,
  c: ReviewedConnection,
  finding: HealthFinding,
  runId: string,
  now: Date,
): Promise<HealthReview> {
  const set: Partial<typeof pc.$inferInsert> = { lastHealthCheckAt: now, updatedAt: now };
  const sentences: string[] = [];
  let drift = c.permissionDrift;
  let health: HealthReview['health'];
  let driftChanged = false;
  if ('observedPermissions' in finding) {
    const permissions = permissionColumns(c, finding.observedPermissions, {
      ...(finding.record ? { record: true } : {}),
      runId,
      now,
    });
    Object.assign(set, permissions.set);
    drift = permissions.drift;
    driftChanged = permissions.changed;
    const { missing, extra } = permissions;
    if (driftChanged) {
      if (!drift) {
        sentences.push(
          finding.record
            ? 'The permission drift is cleared: a verification recorded the permissions Entra grants.'
            : 'The permission drift is cleared: Entra grants the recorded permissions again.',
        );
      } else {
        if (missing.length > 0) {
          sentences.push(
            `Entra no longer grants ${missing.join(', ')}: operations that need ${missing.length === 1 ? 'it' : 'them'} are blocked. ${REASONS.PROVIDER_PERMISSIONS_MISSING.nextStep}`,
          );
        }
        if (extra.length > 0) {
          sentences.push(
            `Entra grants ${extra.join(', ')} beyond the recorded permissions: review the app registration, or verify the connection to record them.`,
          );
        }
      }
    }
    health = drift ? 'DEGRADED' : 'HEALTHY';
  } else {
    health = 'UNHEALTHY';
    if (c.health !== 'UNHEALTHY') {
      const reason = REASONS[finding.failed];
      sentences.push(`${reason.reason} ${reason.nextStep}`);
    }
  }
  set.health = health;
  if (c.health === 'UNHEALTHY' && health !== 'UNHEALTHY') {
    sentences.unshift('The last health check succeeded again.');
  }
  await tx.update(pc).set(set).where(eq(pc.id, c.id));

  const changed = sentences.length > 0;
  let notifications: NotificationRow[] = [];
  if (changed) {
    const title =
      health === 'UNHEALTHY'
        ? `${c.displayName} is unhealthy`
        : driftChanged && drift
          ? `The permissions of ${c.displayName} drifted`
          : `${c.displayName} is ${health === 'HEALTHY' ? 'healthy' : 'degraded'} again`;
    const body = `Provider connection ${c.displayName} (tenant ${c.tenantName}): ${sentences.join(' ')}`;
    // connection.health_changed, once per change like the notifications.
    await recordWebhookEvent(tx, {
      workspaceId: c.workspaceId,
      tenantId: c.tenantId,
      type: 'CONNECTION_HEALTH_CHANGED',
      runId,
      data: {
        providerConnectionId: c.id,
        providerConnectionName: c.displayName,
        previousHealth: c.health,
        health,
        permissionDrift: drift ? { missing: drift.missing, extra: drift.extra, detectedAt: drift.detectedAt } : null,
        permissionDriftCleared: driftChanged && !drift,
        reasonCode: 'failed' in finding ? finding.failed : null,
        summary: sentences.join(' '),
      },
    });
    const recipients = await healthRecipients(tx, c.tenantId);
    notifications = await recordNotifications(
      tx,
      recipients.map((userId) => ({ userId, runId, kind: 'CONNECTION_HEALTH_CHANGED' as const, title, body })),
    );
  }
  return { health, drift, changed, notifications };
}
