/**
 * Runtime options for tests, free of Vitest imports so the crash test's child process can use
 * them too.
 */
import { type Database, dbEnvSchema } from '@msp/db';
import { testLogger } from '@msp/tests/support/logger';
import type { RedisSettings, WorkerRuntimeOptions } from '../src';

export const links = { publicAppUrl: 'https://app.example.test' };
export const secretEncryptionKey = dbEnvSchema.parse({}).SECRET_ENCRYPTION_KEY;

/** Runtime options for tests: fast retries, a short lock, no background loops unless asked. */
export function testRuntimeOptions(
  db: Database,
  queue: { connection: RedisSettings; prefix: string },
  simulatorUrl: string,
  overrides: Partial<WorkerRuntimeOptions> = {},
): WorkerRuntimeOptions {
  return {
    db,
    redis: queue.connection,
    prefix: queue.prefix,
    secretEncryptionKey,
    graph: {
      endpoints: { loginBaseUrl: simulatorUrl, graphBaseUrl: simulatorUrl },
      maxRetries: 2,
      backoffBaseMs: 5,
      maxRetryAfterMs: 2_000,
      timeoutMs: 10_000,
    },
    links,
    logger: testLogger,
    concurrency: 4,
    lockDurationMs: 10_000,
    stalledIntervalMs: 5_000,
    maxAttempts: 3,
    retryBackoffMs: 20,
    processors: { groupsPageSize: 500 },
    dispatcher: false,
    reaper: false,
    retention: false,
    ...overrides,
  };
}
