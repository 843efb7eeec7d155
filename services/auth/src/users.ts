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
 * Users are provisioned on first sight of a token's `sub`. A small per-process cache keeps the
 * common case (a known user) off the database; it holds ids only, which never change.
 */
export function createUserProvisioner(db: Database, options: { cacheSize?: number } = {}) {
  const cache = new Map<string, string>();
  const limit = options.cacheSize ?? 10_000;
  return async function provision(identity: Pick<Identity, 'subject' | 'email' | 'displayName'>): Promise<Actor> {
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
    if (cache.size >= limit) cache.clear();
    cache.set(identity.subject, row.id);
    return { userId: row.id, subject: identity.subject };
  };
}
