/** Readiness checks for `/readyz`: each throws when its dependency does not answer. */

/** A postgres.js `sql` (DbHandle.sql). */
export interface PostgresLike {
  unsafe(query: string): PromiseLike<unknown>;
}

/** An ioredis client; PING is allowed on a connection in subscriber mode too. */
export interface RedisLike {
  ping(): Promise<unknown>;
}

export async function checkPostgres(sql: PostgresLike): Promise<void> {
  await sql.unsafe('select 1');
}

export async function checkRedis(redis: RedisLike): Promise<void> {
  await redis.ping();
}

/** All checks at once; fails with the first failure. */
export function readinessOf(...checks: Array<() => Promise<void>>): () => Promise<void> {
  return async () => {
    await Promise.all(checks.map((check) => check()));
  };
}
