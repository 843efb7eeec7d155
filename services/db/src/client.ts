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
    connection: {
      application_name: options.applicationName ?? 'msp',
      // PostgreSQL's default for prepared statements, said here on purpose: the first five
      // executions of a statement are planned for their parameters, then a generic plan is kept
      // only when its estimated cost is no worse than theirs. Planning each execution
      // (`force_custom_plan`) cost the fleet Monitoring list 0.7 ms a query, more than running
      // it (BENCHMARKS.md, bench:monitoring, session 6).
      plan_cache_mode: 'auto',
    },
  });
  const db = drizzle(preparing(sql), { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * Drizzle runs every query it builds as an unnamed statement (postgres.js `prepare: false`, unless
 * the query is given a name), and postgres.js sends an unnamed statement that has parameters in
 * two round trips: Parse and Describe first, to learn the parameters' types, then Bind and
 * Execute. A prepared statement is described once per connection and costs one round trip after
 * that. This hands Drizzle a client whose queries are prepared, in transactions and savepoints
 * too: one round trip less for nearly every query of every process (each one a wake-up of the
 * server and of this process, which a busy machine makes expensive). The server plans a prepared
 * statement as PostgreSQL does by default (`plan_cache_mode` `auto`: a custom plan for the first
 * executions, then the generic one if it is estimated no worse), and a statement made stale by a
 * migration is prepared again by postgres.js. What each connection keeps is bounded: one statement per distinct query text, and
 * postgres.js replaces a connection after 30 to 60 minutes.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, key) {
      if (key === 'unsafe') {
        return (
          query: string,
          parameters?: postgres.ParameterOrJSON<never>[],
          queryOptions?: postgres.UnsafeQueryOptions,
        ) => target.unsafe(query, parameters, { ...queryOptions, prepare: true });
      }
      if (key === 'begin' || key === 'savepoint') {
        // The callback comes last (begin takes an optional mode before it).
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.Sql) => unknown;
          return (Reflect.get(target, key) as (...a: unknown[]) => unknown).call(target, ...args, (tx: postgres.Sql) =>
            callback(preparing(tx)),
          );
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
