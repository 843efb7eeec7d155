/**
 * Users: the caller, people who share a workspace or a tenant with them, and the system principals
 * (built-in work such as the daily connection health check: `system:` subjects, the capability
 * registry's SYSTEM_PRINCIPALS), which start runs in every tenant and reveal nothing.
 */
import { type Database, SYSTEM_SUBJECT_PREFIX, schema } from '@msp/db';
import { type Actor, fail, ok, type Result, uuid } from '@msp/gate';
import { eq, inArray, sql } from 'drizzle-orm';
import type { UserModel } from '../model';

export const USER_NOT_FOUND = 'User not found.';

/**
 * Loads users by id in one query. A user the caller shares no workspace or tenant with is the
 * same NOT_FOUND as a missing id (a user id alone reveals nothing); a system principal resolves
 * for anyone, so that the runs it started name it (`OperationRun.initiatedBy`).
 */
export async function loadUsers(db: Database, actor: Actor, ids: readonly string[]): Promise<Result<UserModel>[]> {
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  const u = schema.users;
  const rows =
    valid.length === 0
      ? []
      : await db
          .select({ id: u.id, email: u.email, displayName: u.displayName, apiClientId: schema.apiClients.id })
          .from(u)
          .leftJoin(schema.apiClients, eq(schema.apiClients.userId, u.id))
          .where(
            sql`${inArray(u.id, valid)} and (${u.id} = ${actor.userId}
              or starts_with(${u.subject}, ${SYSTEM_SUBJECT_PREFIX})
              or exists (select 1 from tenant_members a join tenant_members b on a.tenant_id = b.tenant_id
                         where a.user_id = ${u.id} and b.user_id = ${actor.userId})
              or exists (select 1 from workspace_members a join workspace_members b on a.workspace_id = b.workspace_id
                         where a.user_id = ${u.id} and b.user_id = ${actor.userId}))`,
          );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    return row ? ok(row) : fail('NOT_FOUND', USER_NOT_FOUND);
  });
}

/** The caller (provisioned on first sight of the token by the kit's authenticator). */
export async function me(db: Database, actor: Actor): Promise<Result<UserModel>> {
  const [row] = await loadUsers(db, actor, [actor.userId]);
  return row ?? fail('NOT_FOUND', USER_NOT_FOUND);
}
