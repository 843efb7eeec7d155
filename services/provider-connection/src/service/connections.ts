/**
 * Provider connections: reads and the lifecycle mutations. Every function authorizes first
 * (capability `provider_connection.manage` through the registry, via the MUTATION_ACTIONS
 * names), validates with zod, then touches storage. The client secret is encrypted before it
 * is stored, never returned, never logged, never put in an error message.
 */
import { type Database, type SecretBox, schema, type Tx } from '@msp/db';
import {
  type Actor,
  authorizeConnection,
  authorizeTenant,
  type ConnectionState,
  connectionBlockers,
  fail,
  loadTenantScoped,
  NOT_FOUND,
  OPERATION_LABELS,
  type OperationType,
  ok,
  parseInput,
  REASON_CODES,
  type ReasonCode,
  type Result,
  recordChange,
  tenantBlocker,
} from '@msp/gate';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ConnectionModel, TenantStubModel } from '../model';

const pc = schema.providerConnections;
const t = schema.tenants;

/** Every column but the secret: whether one is stored is all anyone reads. */
const connectionColumns = {
  id: pc.id,
  tenantId: pc.tenantId,
  tenantStatus: t.status,
  displayName: pc.displayName,
  entraTenantId: pc.entraTenantId,
  clientId: pc.clientId,
  hasSecret: sql<boolean>`(${pc.clientSecretEncrypted} is not null)`.as('has_secret'),
  clientSecretExpiresAt: pc.clientSecretExpiresAt,
  credentialRejectedAt: pc.credentialRejectedAt,
  isDefault: pc.isDefault,
  enabled: pc.enabled,
  consentStatus: pc.consentStatus,
  // Both sets: the blockers pick with `effectivePermissions` of @msp/gate.
  grantedPermissions: pc.grantedPermissions,
  observedPermissions: pc.observedPermissions,
  permissionDrift: pc.permissionDrift,
  permissionDriftClearedAt: pc.permissionDriftClearedAt,
  credentialExpiryNotifiedFor: pc.credentialExpiryNotifiedFor,
  health: pc.health,
  lastHealthCheckAt: pc.lastHealthCheckAt,
};

/** Connections by id for one caller, in ONE query; another tenant's connection is NOT_FOUND. */
export function loadConnections(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<ConnectionModel>[]> {
  return loadTenantScoped(db, actor, ids, {
    table: pc,
    id: pc.id,
    tenantId: pc.tenantId,
    fields: connectionColumns,
    action: 'tenant.view',
    notFound: NOT_FOUND.providerConnection,
    malformedId: 'BAD_USER_INPUT',
  });
}

/** Tenants by id the caller may see, for `Tenant` entity references (same NOT_FOUND as a missing id). */
export function loadTenantStubs(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<TenantStubModel>[]> {
  return loadTenantScoped(db, actor, ids, {
    table: t,
    id: t.id,
    tenantId: t.id,
    fields: { id: t.id },
    action: 'tenant.view',
    notFound: NOT_FOUND.tenant,
  });
}

/** The connections of several (already authorized) tenants in one query: default first, then by name. */
export async function connectionsOfTenants(db: Database, tenantIds: readonly string[]): Promise<ConnectionModel[][]> {
  const rows =
    tenantIds.length === 0
      ? []
      : await db
          .select(connectionColumns)
          .from(pc)
          .innerJoin(t, eq(t.id, pc.tenantId))
          .where(inArray(pc.tenantId, [...tenantIds]))
          .orderBy(sql`${pc.isDefault} desc`, asc(pc.displayName), asc(pc.id));
  return tenantIds.map((id) => rows.filter((r) => r.tenantId === id));
}

/* ----------------------------------------------------------------- derived state */

export type CredentialStatus = 'VALID' | 'EXPIRING_SOON' | 'EXPIRED' | 'MISSING' | 'REJECTED';

/** A secret expiring within this window is EXPIRING_SOON: two weeks to create and rotate a new one. */
export const EXPIRING_SOON_MS = 14 * 24 * 3600 * 1000;

export function credentialStatusOf(c: ConnectionState, now: Date): CredentialStatus {
  if (!c.hasSecret) return 'MISSING';
  const expiresAt = c.clientSecretExpiresAt?.getTime() ?? null;
  if (expiresAt !== null && expiresAt <= now.getTime()) return 'EXPIRED';
  if (c.credentialRejectedAt) return 'REJECTED';
  if (expiresAt !== null && expiresAt - now.getTime() <= EXPIRING_SOON_MS) return 'EXPIRING_SOON';
  return 'VALID';
}

/**
 * Operations `ProviderConnection.blockers` reports for. Restore execution is left out: it needs
 * a write permission that a read-only (backup) connection deliberately lacks, and would flag
 * every such connection forever; `blockersFor(operationType: RESTORE_EXECUTION)` still answers it.
 */
export const BLOCKER_OPERATIONS: readonly OperationType[] = Object.keys(OPERATION_LABELS).filter(
  (op) => op !== 'RESTORE_EXECUTION',
) as OperationType[];

/** What the gate would say for one operation right now, in the gate's order (the first is what a start reports). */
export function blockersFor(c: ConnectionModel, operationType: OperationType, now: Date): ReasonCode[] {
  const tenant = tenantBlocker({ status: c.tenantStatus });
  return [
    ...(tenant ? [tenant.reasonCode] : []),
    ...connectionBlockers(operationType, c, now).map((b) => b.reasonCode),
  ];
}

/**
 * The union of the gate's blockers over `BLOCKER_OPERATIONS`, computed by the gate's own
 * functions: TENANT_NOT_ACTIVE first, the rest in vocabulary order (most fundamental first).
 */
export function blockersOf(c: ConnectionModel, now: Date): ReasonCode[] {
  const all = new Set(BLOCKER_OPERATIONS.flatMap((op) => blockersFor(c, op, now)));
  const order = (code: ReasonCode) => (code === 'TENANT_NOT_ACTIVE' ? -1 : REASON_CODES.indexOf(code));
  return [...all].sort((a, b) => order(a) - order(b));
}

/* ----------------------------------------------------------------- lifecycle */

/** Client secrets are short strings; 1 KiB (as UTF-8) is far above any Entra secret. */
export const MAX_SECRET_BYTES = 1024;

const guid = z.guid({ message: 'must be a GUID' });
const displayName = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(200, { message: 'must be at most 200 characters' });
const clientSecret = z
  .string()
  .min(1, { message: 'must not be empty' })
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_SECRET_BYTES, { message: 'must be at most 1 KiB' });
const futureDate = (now: () => Date) =>
  z.date().refine((d) => d.getTime() > now().getTime(), { message: 'must be in the future' });

export interface LifecycleDeps {
  db: Database;
  secretBox: SecretBox;
  now?: () => Date;
}

export interface CreateConnectionInput {
  tenantId: string;
  displayName: string;
  entraTenantId: string;
  clientId: string;
  clientSecret?: string | null;
  clientSecretExpiresAt?: Date | null;
  makeDefault?: boolean | null;
}

/**
 * Makes `id` the tenant's only default. Callers of one tenant are serialized on the tenant row
 * (`for no key update`: it does not wait for runs being inserted, which take `key share`), so
 * the unset-then-set pair never interleaves; the partial unique index is the last line.
 */
async function makeDefault(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.execute(sql`select 1 from tenants where id = ${tenantId} for no key update`);
  await tx
    .update(pc)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(pc.tenantId, tenantId), eq(pc.isDefault, true), ne(pc.id, id)));
  await tx.update(pc).set({ isDefault: true, updatedAt: new Date() }).where(eq(pc.id, id));
}

export async function createConnection(
  deps: LifecycleDeps,
  actor: Actor,
  input: CreateConnectionInput,
): Promise<Result<string>> {
  const now = deps.now ?? (() => new Date());
  const access = await authorizeTenant(deps.db, actor, input.tenantId, 'provider_connection.create');
  if (!access.ok) return access;
  const parsed = parseInput(
    z.object({
      displayName,
      entraTenantId: guid,
      clientId: guid,
      clientSecret: clientSecret.nullish(),
      clientSecretExpiresAt: futureDate(now).nullish(),
      makeDefault: z.boolean().nullish(),
    }),
    input,
  );
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const id = await deps.db.transaction(async (tx) => {
    // Admin consent belongs to the app in the customer's tenant, not to a secret: a new
    // connection for an app this tenant already connected (a reconnect with a new secret)
    // starts from the consent last recorded for it, instead of MISSING.
    const [sameApp] = await tx
      .select({ consentStatus: pc.consentStatus })
      .from(pc)
      .where(
        and(eq(pc.tenantId, access.value.tenantId), eq(pc.entraTenantId, v.entraTenantId), eq(pc.clientId, v.clientId)),
      )
      .orderBy(desc(pc.updatedAt))
      .limit(1);
    const [row] = await tx
      .insert(pc)
      .values({
        tenantId: access.value.tenantId,
        displayName: v.displayName,
        entraTenantId: v.entraTenantId,
        clientId: v.clientId,
        ...(sameApp ? { consentStatus: sameApp.consentStatus } : {}),
        clientSecretEncrypted: v.clientSecret ? deps.secretBox.encrypt(v.clientSecret) : null,
        clientSecretExpiresAt: v.clientSecret ? (v.clientSecretExpiresAt ?? null) : null,
        isDefault: false,
      })
      .returning({ id: pc.id });
    if (v.makeDefault) await makeDefault(tx, access.value.tenantId, row!.id);
    await recordChange(tx, actor, {
      action: 'provider_connection.create',
      scope: access.value,
      target: { type: 'provider_connection', id: row!.id },
      detail: {
        displayName: v.displayName,
        entraTenantId: v.entraTenantId,
        clientId: v.clientId,
        withSecret: Boolean(v.clientSecret),
        makeDefault: Boolean(v.makeDefault),
      },
    });
    return row!.id;
  });
  return ok(id);
}

export async function setDefaultConnection(deps: LifecycleDeps, actor: Actor, id: string): Promise<Result<string>> {
  const access = await authorizeConnection(deps.db, actor, id, 'provider_connection.set_default');
  if (!access.ok) return access;
  await deps.db.transaction(async (tx) => {
    await makeDefault(tx, access.value.tenantId, id);
    await recordChange(tx, actor, {
      action: 'provider_connection.set_default',
      scope: access.value,
      target: { type: 'provider_connection', id },
    });
  });
  return ok(id);
}

export async function setConnectionEnabled(
  deps: LifecycleDeps,
  actor: Actor,
  id: string,
  enabled: boolean,
): Promise<Result<string>> {
  const access = await authorizeConnection(
    deps.db,
    actor,
    id,
    enabled ? 'provider_connection.enable' : 'provider_connection.disable',
  );
  if (!access.ok) return access;
  await deps.db.transaction(async (tx) => {
    await tx.update(pc).set({ enabled, updatedAt: new Date() }).where(eq(pc.id, id));
    await recordChange(tx, actor, {
      action: enabled ? 'provider_connection.enable' : 'provider_connection.disable',
      scope: access.value,
      target: { type: 'provider_connection', id },
    });
  });
  return ok(id);
}

export async function recordConsent(
  deps: LifecycleDeps,
  actor: Actor,
  id: string,
  status: 'GRANTED' | 'MISSING' | 'REVOKED',
): Promise<Result<string>> {
  const access = await authorizeConnection(deps.db, actor, id, 'provider_connection.record_consent');
  if (!access.ok) return access;
  await deps.db.transaction(async (tx) => {
    await tx.update(pc).set({ consentStatus: status, updatedAt: new Date() }).where(eq(pc.id, id));
    await recordChange(tx, actor, {
      action: 'provider_connection.record_consent',
      scope: access.value,
      target: { type: 'provider_connection', id },
      detail: { consentStatus: status },
    });
  });
  return ok(id);
}

/** A new secret (and expiry) replaces the old one and clears a recorded rejection. */
export async function rotateCredentials(
  deps: LifecycleDeps,
  actor: Actor,
  id: string,
  input: { clientSecret: string; expiresAt?: Date | null },
): Promise<Result<string>> {
  const now = deps.now ?? (() => new Date());
  const access = await authorizeConnection(deps.db, actor, id, 'provider_connection.rotate_credentials');
  if (!access.ok) return access;
  const parsed = parseInput(z.object({ clientSecret, expiresAt: futureDate(now).nullish() }), input);
  if (!parsed.ok) return parsed;
  await deps.db.transaction(async (tx) => {
    await tx
      .update(pc)
      .set({
        clientSecretEncrypted: deps.secretBox.encrypt(parsed.value.clientSecret),
        clientSecretExpiresAt: parsed.value.expiresAt ?? null,
        credentialRejectedAt: null,
        updatedAt: new Date(),
      })
      .where(eq(pc.id, id));
    // That it was rotated, and the new expiry: never the secret.
    await recordChange(tx, actor, {
      action: 'provider_connection.rotate_credentials',
      scope: access.value,
      target: { type: 'provider_connection', id },
      detail: { expiresAt: parsed.value.expiresAt?.toISOString() ?? null },
    });
  });
  return ok(id);
}

/**
 * Deletes a connection no active run holds. The row lock (`for update`) waits for a start being
 * admitted on the connection (the gate holds `for no key update`) and keeps new runs from
 * referencing it until commit, so "no active run" cannot change between the check and the
 * delete. Historical runs keep their click-time snapshot; their reference is set to null.
 */
export async function deleteConnection(deps: LifecycleDeps, actor: Actor, id: string): Promise<Result<string>> {
  const access = await authorizeConnection(deps.db, actor, id, 'provider_connection.delete');
  if (!access.ok) return access;
  return deps.db.transaction(async (tx): Promise<Result<string>> => {
    await tx.execute(sql`select 1 from provider_connections where id = ${id} for update`);
    const r = schema.operationRuns;
    const [active] = await tx
      .select({ id: r.id, operationType: r.operationType })
      .from(r)
      .where(and(eq(r.providerConnectionId, id), inArray(r.status, ['QUEUED', 'RUNNING'])))
      .limit(1);
    if (active) {
      return fail(
        'CONFLICT',
        `The provider connection is in use by an active run (${OPERATION_LABELS[active.operationType]}, ${active.id}); wait for it to finish, then delete the connection.`,
      );
    }
    const [gone] = await tx.delete(pc).where(eq(pc.id, id)).returning({ displayName: pc.displayName });
    await recordChange(tx, actor, {
      action: 'provider_connection.delete',
      scope: access.value,
      target: { type: 'provider_connection', id },
      detail: { displayName: gone?.displayName ?? null },
    });
    return ok(id);
  });
}
