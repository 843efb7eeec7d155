/**
 * Where the test suites find PostgreSQL and Redis. The only place tests read the environment;
 * defaults are the development machine's services.
 */
export const testEnv = {
  /** A server URL; the database part is replaced per test file. */
  databaseUrl:
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379',
};

export function databaseUrl(name: string): string {
  const u = new URL(testEnv.databaseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
