import { sql } from 'drizzle-orm';
import type { DbExecutor } from '../kit';

/** The database's clock, for comparisons with timestamps written as `now()`. */
export async function dbNow(db: DbExecutor): Promise<Date> {
  const rows = await db.execute<{ now: Date | string }>(sql`select now() as now`);
  const value = rows[0]?.now;
  if (value === undefined) throw new Error('select now() returned no row');
  return value instanceof Date ? value : new Date(value);
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
