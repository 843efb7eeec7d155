import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** What a `db.transaction` callback receives: the query builder without `$client`. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/**
 * For functions that write on their own or inside a caller's transaction (their own
 * `transaction` call is then a savepoint). Not for code that needs `$client`.
 */
export type DbOrTx = Database | Tx;

export interface DbOptions {
  /** postgres:// connection string. */
  url: string;
  /**
   * Pool size of this process.
   * @defaultValue 10
   */
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

export interface DbHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** One pool per process (or per simulated replica in tests). */
export function createDb(options: DbOptions): DbHandle {
  const sql = postgres(options.url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'msp' },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
