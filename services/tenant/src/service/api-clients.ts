/**
 * API clients: a workspace's machine credentials (OAuth 2.0 client credentials at the gateway's
 * `/oauth/token`). Managed by the workspace's OWNERs (capability `workspace.api_clients.manage`:
 * listing is `api_clients.manage`, each change its own action, `api_clients.create`,
 * `.rotate_secret`, `.revoke`; a non-member gets the NOT_FOUND of a missing id, a member without
 * the capability FORBIDDEN). A client acts as its own principal: a `users` row whose tenant
 * memberships, at the client's role ceiling, are the tenants it may use. Every check it meets afterwards is the capability registry's, exactly as
 * for a person: a tenant it was not given is the NOT_FOUND of a missing id, a capability above its
 * ceiling is FORBIDDEN.
 *
 * A client never exceeds its creator either: each tenant it is given must be one where the
 * creator holds every capability of the ceiling (a workspace OWNER is not thereby a member of
 * every tenant). Without `tenantIds` it gets every such tenant of the workspace, and the tenants
 * its creator creates in the workspace later.
 */
import { API_CLIENT_SUBJECT_PREFIX, hashClientSecret, newClientSecret } from '@msp/auth';
import { type Database, type DbOrTx, recordAudit, schema } from '@msp/db';
import {
  type Actor,
  API_CLIENT_ROLE_CEILINGS,
  authorizeWorkspace,
  decideWorkspaceAccess,
  fail,
  NOT_FOUND,
  ok,
  parseInput,
  type Result,
  TENANT_ROLES,
  type TenantRole,
  tenantRoleCovers,
  uuid,
  type WorkspaceAction,
} from '@msp/gate';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AccessEvents } from './access-events';

const a = schema.apiClients;
const t = schema.tenants;
const m = schema.tenantMembers;
const wm = schema.workspaceMembers;

export const API_CLIENT_NOT_FOUND = 'API client not found.';
export const API_CLIENT_REVOKED = 'This API client was revoked: create a new one.';

export interface ApiClientModel {
  id: string;
  workspaceId: string;
  /** The client's principal (`users.id`): what its runs name as `initiatedBy`. */
  userId: string;
  name: string;
  roleCeiling: TenantRole;
  allTenants: boolean;
  trustedDocumentsOnly: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A client and its secret, answered once (creation, rotation). */
export interface ApiClientSecretModel {
  client: ApiClientModel;
  clientSecret: string;
}

const columns = {
  id: a.id,
  workspaceId: a.workspaceId,
  userId: a.userId,
  name: a.name,
  roleCeiling: a.roleCeiling,
  allTenants: a.allTenants,
  trustedDocumentsOnly: a.trustedDocumentsOnly,
  createdAt: a.createdAt,
  lastUsedAt: a.lastUsedAt,
  revokedAt: a.revokedAt,
};

const noNul = (value: string) => !value.includes('\u0000');

const createSchema = z.object({
  workspaceId: uuid,
  name: z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(100, { message: 'must be at most 100 characters' })
    .refine(noNul, { message: 'must not contain NUL' }),
  roleCeiling: z.enum(TENANT_ROLES).refine((role) => API_CLIENT_ROLE_CEILINGS.includes(role), {
    message: `must be one of ${API_CLIENT_ROLE_CEILINGS.join(', ')} (member management and archiving stay with people)`,
  }),
  tenantIds: z
    .array(uuid)
    .min(1, { message: 'must name at least one tenant (or be left out: every tenant)' })
    .max(500, { message: 'must name at most 500 tenants' })
    .nullish(),
  trustedDocumentsOnly: z.boolean().nullish(),
});

/**
 * The tenants of `workspaceId` the client may be given: those where `creator` holds every
 * capability of `ceiling`. With `tenantIds`, each must be such a tenant: one of another
 * workspace, or where the creator is not a member, is the NOT_FOUND of a missing tenant; one
 * where the creator's role is below the ceiling is FORBIDDEN.
 */
async function grantableTenants(
  db: DbOrTx,
  creator: string,
  workspaceId: string,
  ceiling: TenantRole,
  tenantIds: string[] | null,
): Promise<Result<string[]>> {
  const rows = await db
    .select({ id: t.id, role: m.role })
    .from(t)
    .innerJoin(m, and(eq(m.tenantId, t.id), eq(m.userId, creator)))
    .where(and(eq(t.workspaceId, workspaceId), tenantIds ? inArray(t.id, tenantIds) : undefined));
  if (!tenantIds) return ok(rows.filter((r) => tenantRoleCovers(r.role, ceiling)).map((r) => r.id));
  const roles = new Map(rows.map((r) => [r.id, r.role]));
  for (const id of tenantIds) {
    const role = roles.get(id);
    if (!role) return fail('NOT_FOUND', NOT_FOUND.tenant, 'tenantIds');
    if (!tenantRoleCovers(role, ceiling)) {
      return fail(
        'FORBIDDEN',
        `Your role on a chosen tenant is below the client's role ceiling ${ceiling}.`,
        'tenantIds',
      );
    }
  }
  return ok([...new Set(tenantIds)]);
}

/** `api_clients.create` (workspace OWNER): a new client; its secret is answered here only. */
export async function createApiClient(
  db: Database,
  actor: Actor,
  input: {
    workspaceId: string;
    name: string;
    roleCeiling: string;
    tenantIds?: string[] | null;
    trustedDocumentsOnly?: boolean | null;
  },
): Promise<Result<ApiClientSecretModel>> {
  const access = await authorizeWorkspace(db, actor, input.workspaceId, 'api_clients.create');
  if (!access.ok) return access;
  const parsed = parseInput(createSchema, input);
  if (!parsed.ok) return parsed;
  const { workspaceId, name, roleCeiling, tenantIds, trustedDocumentsOnly } = parsed.value;
  const grant = await grantableTenants(db, actor.userId, workspaceId, roleCeiling, tenantIds ?? null);
  if (!grant.ok) return grant;
  const clientSecret = newClientSecret();
  const client = await db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const [principal] = await tx
      .insert(schema.users)
      .values({ subject: `${API_CLIENT_SUBJECT_PREFIX}${id}`, displayName: name })
      .returning({ id: schema.users.id });
    const [row] = await tx
      .insert(a)
      .values({
        id,
        workspaceId,
        userId: principal!.id,
        name,
        roleCeiling,
        allTenants: !tenantIds,
        trustedDocumentsOnly: trustedDocumentsOnly ?? false,
        secretHash: hashClientSecret(clientSecret),
        createdBy: actor.userId,
      })
      .returning(columns);
    if (grant.value.length > 0) {
      await tx
        .insert(m)
        .values(grant.value.map((tenantId) => ({ tenantId, userId: principal!.id, role: roleCeiling })));
    }
    await recordAudit(tx, {
      action: 'api_clients.create',
      actorId: actor.userId,
      apiClientId: actor.apiClientId ?? null,
      workspaceId,
      target: { type: 'api_client', id },
      detail: { name, roleCeiling, tenantIds: tenantIds ?? null, trustedDocumentsOnly: trustedDocumentsOnly ?? false },
    });
    return row!;
  });
  return ok({ client, clientSecret });
}

/** `api_clients.manage`: the workspace's clients, revoked ones included, oldest first. */
export async function listApiClients(
  db: Database,
  actor: Actor,
  workspaceId: string,
): Promise<Result<ApiClientModel[]>> {
  const access = await authorizeWorkspace(db, actor, workspaceId, 'api_clients.manage');
  if (!access.ok) return access;
  return ok(
    await db.select(columns).from(a).where(eq(a.workspaceId, workspaceId)).orderBy(asc(a.createdAt), asc(a.id)),
  );
}

/**
 * `api_clients.manage`: clients by id, in one query, each decided by the registry on the caller's
 * workspace role (`decideWorkspaceAccess`): a non-member gets the NOT_FOUND of a missing id, a
 * member without the capability FORBIDDEN.
 */
export async function managedApiClients(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<ApiClientModel>[]> {
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  const rows =
    valid.length === 0
      ? []
      : await db
          .select({ ...columns, role: wm.role })
          .from(a)
          .innerJoin(wm, and(eq(wm.workspaceId, a.workspaceId), eq(wm.userId, actor.userId)))
          .where(inArray(a.id, valid));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const found = byId.get(id);
    const decided = decideWorkspaceAccess(found?.role ?? null, 'api_clients.manage', API_CLIENT_NOT_FOUND);
    if (!decided.ok) return decided;
    const { role: _role, ...client } = found!;
    return ok(client);
  });
}

/**
 * The client `id`, for a change authorized as `action` by the registry on the caller's workspace
 * role (loaded with the client, one query): a non-member gets the NOT_FOUND of a missing id, a
 * member without the action's capability FORBIDDEN.
 */
async function clientFor(
  db: Database,
  actor: Actor,
  id: string,
  action: WorkspaceAction,
): Promise<Result<ApiClientModel>> {
  if (!uuid.safeParse(id).success) return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
  const [found] = await db
    .select({ ...columns, role: wm.role })
    .from(a)
    .innerJoin(wm, and(eq(wm.workspaceId, a.workspaceId), eq(wm.userId, actor.userId)))
    .where(eq(a.id, id));
  const decided = decideWorkspaceAccess(found?.role ?? null, action, API_CLIENT_NOT_FOUND);
  if (!decided.ok) return decided;
  const { role: _role, ...client } = found!;
  return ok(client);
}

/**
 * `api_clients.rotate_secret`: a new secret; the old one stops at once, and so do the access tokens
 * issued under it (their secret generation no longer matches). A revoked client is a CONFLICT.
 */
export async function rotateApiClientSecret(
  db: Database,
  actor: Actor,
  id: string,
): Promise<Result<ApiClientSecretModel>> {
  const found = await clientFor(db, actor, id, 'api_clients.rotate_secret');
  if (!found.ok) return found;
  const clientSecret = newClientSecret();
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(a)
      .set({ secretHash: hashClientSecret(clientSecret), secretGeneration: sql`${a.secretGeneration} + 1` })
      .where(and(eq(a.id, id), isNull(a.revokedAt)))
      .returning(columns);
    if (!updated) return null;
    // Never the secret: which client, and that it changed.
    await recordAudit(tx, {
      action: 'api_clients.rotate_secret',
      actorId: actor.userId,
      apiClientId: actor.apiClientId ?? null,
      workspaceId: updated.workspaceId,
      target: { type: 'api_client', id },
      detail: { name: updated.name },
    });
    return updated;
  });
  if (!row) return fail('CONFLICT', API_CLIENT_REVOKED, 'id');
  return ok({ client: row, clientSecret });
}

/**
 * `api_clients.revoke`: revokes the client for good. The token endpoint refuses it and every
 * request with a token issued before is UNAUTHENTICATED from the next one on (each replica asks
 * the client's row per request); its tenant memberships go, and their access-changed events end
 * its live subscriptions at once. Revoking a revoked client answers it unchanged.
 */
export async function revokeApiClient(
  db: Database,
  actor: Actor,
  id: string,
  events: AccessEvents,
): Promise<Result<ApiClientModel>> {
  const found = await clientFor(db, actor, id, 'api_clients.revoke');
  if (!found.ok) return found;
  if (found.value.revokedAt) return found;
  const { row, tenantIds } = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(a)
      .set({ revokedAt: sql`coalesce(${a.revokedAt}, now())` })
      .where(eq(a.id, id))
      .returning(columns);
    const removed = await tx.delete(m).where(eq(m.userId, found.value.userId)).returning({ tenantId: m.tenantId });
    await recordAudit(tx, {
      action: 'api_clients.revoke',
      actorId: actor.userId,
      apiClientId: actor.apiClientId ?? null,
      workspaceId: updated!.workspaceId,
      target: { type: 'api_client', id },
      detail: { name: updated!.name, tenantIds: removed.map((r) => r.tenantId) },
    });
    return { row: updated!, tenantIds: removed.map((r) => r.tenantId) };
  });
  for (const tenantId of tenantIds) await events.accessChanged({ tenantId, userId: row.userId });
  return ok(row);
}

/** The tenant ids each client was given, by its principal's user id: one query for the batch. */
export async function tenantIdsOfPrincipals(db: Database, userIds: readonly string[]): Promise<string[][]> {
  const rows =
    userIds.length === 0
      ? []
      : await db
          .select({ userId: m.userId, tenantId: m.tenantId })
          .from(m)
          .innerJoin(t, eq(t.id, m.tenantId))
          .where(inArray(m.userId, [...userIds]))
          .orderBy(asc(t.name), asc(t.id));
  return userIds.map((id) => rows.filter((r) => r.userId === id).map((r) => r.tenantId));
}

/**
 * Gives a new tenant to the workspace's every-tenant clients its creator made (inside the
 * tenant's transaction): "every tenant" includes the ones created later, as far as the creator
 * could have granted them at the start.
 */
export async function grantNewTenantToClients(tx: DbOrTx, tenantId: string, workspaceId: string, creator: string) {
  const clients = await tx
    .select({ userId: a.userId, roleCeiling: a.roleCeiling })
    .from(a)
    .where(and(eq(a.workspaceId, workspaceId), eq(a.createdBy, creator), eq(a.allTenants, true), isNull(a.revokedAt)));
  if (clients.length === 0) return;
  await tx
    .insert(m)
    .values(clients.map((c) => ({ tenantId, userId: c.userId, role: c.roleCeiling })))
    .onConflictDoNothing();
}

/** Whether `userId` is an API client's principal (its memberships are set by the client only). */
export async function isApiClientPrincipal(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ id: a.id }).from(a).where(eq(a.userId, userId));
  return Boolean(row);
}
