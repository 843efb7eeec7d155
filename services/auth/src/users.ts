import { type Database, schema } from '@msp/db';
import { sql } from 'drizzle-orm';
import type { Identity } from './authenticator';

export interface Actor {
  userId: string;
  subject: string;
  /** Set when the caller is an API client (its principal is `userId`). */
  apiClientId?: string;
}

/**
 * Accepts the pending tenant invitations of a verified email for `userId`, in one statement:
 * each becomes a membership with the invited role (an existing membership is kept as it is), the
 * invitation is marked accepted, and an audit record (`tenant.members.invite_accepted`) names it.
 * Pending means neither accepted nor revoked, and not yet expired (`expires_at`, set by the tenant
 * subgraph at each invitation): an expired or revoked invitation never binds. A revocation
 * committing first is seen here (the update re-checks a row it waited for), so the two never both
 * happen to one invitation.
 */
const ACCEPT_INVITATIONS = (userId: string, email: string) => sql`
  with inv as (
    update tenant_invitations set accepted_at = now(), accepted_by = ${userId}
    where email = ${email.toLowerCase()} and accepted_at is null and revoked_at is null and expires_at > now()
    returning id, tenant_id, role, invited_by
  ), member as (
    insert into tenant_members (tenant_id, user_id, role)
    select tenant_id, ${userId}, role from inv
    on conflict (tenant_id, user_id) do nothing
  ), audit as (
    insert into audit_events (tenant_id, actor_id, action, target_type, target_id, detail)
    select tenant_id, ${userId}, 'tenant.members.invite_accepted', 'tenant_invitation', id::text,
      jsonb_build_object('role', role, 'invitedBy', invited_by, 'email', ${email.toLowerCase()}::text)
    from inv
  )
  select count(*)::int as accepted from inv`;

/**
 * Users are provisioned on first sight of a token's `sub`. A small per-process cache keeps the
 * common case (a known user) off the database; it holds ids only, which never change.
 *
 * On every provisioning that reaches the database (a first sign-in, or the first request a
 * process sees from a user) with a verified email, the tenant invitations sent to that email bind
 * (`inviteTenantMember`). A user already cached by a process binds a later invitation at their
 * next uncached sign-in; adding a known user is `addTenantMember`.
 */
export function createUserProvisioner(db: Database, options: { cacheSize?: number } = {}) {
  const cache = new Map<string, string>();
  const limit = options.cacheSize ?? 10_000;
  return async function provision(
    identity: Pick<Identity, 'subject' | 'email' | 'displayName'> & { emailVerified?: boolean },
  ): Promise<Actor> {
    const cached = cache.get(identity.subject);
    if (cached) return { userId: cached, subject: identity.subject };
    const [row] = await db
      .insert(schema.users)
      .values({ subject: identity.subject, email: identity.email, displayName: identity.displayName })
      .onConflictDoUpdate({
        target: schema.users.subject,
        set: {
          email: sql`coalesce(excluded.email, ${schema.users.email})`,
          displayName: sql`coalesce(excluded.display_name, ${schema.users.displayName})`,
        },
      })
      .returning({ id: schema.users.id });
    if (!row) throw new Error('user provisioning returned no row');
    if (identity.email && identity.emailVerified) await db.execute(ACCEPT_INVITATIONS(row.id, identity.email));
    if (cache.size >= limit) cache.clear();
    cache.set(identity.subject, row.id);
    return { userId: row.id, subject: identity.subject };
  };
}
