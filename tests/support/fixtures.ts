/**
 * Vitest fixtures: `db` is a fresh database per test file, `queue` a queue under a unique
 * prefix per test file, `seed` the factories over `db`.
 */
import type { DbHandle } from '@msp/db';
import { test as base } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db';
import { createTestQueue, type TestQueue } from './redis';
import { createSeed, type Seed } from './seed';

export const test = base.extend<{ database: TestDatabase; db: DbHandle; queue: TestQueue; seed: Seed }>({
  database: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies by destructuring
    async ({}, use) => {
      const database = await createTestDatabase();
      await use(database);
      await database.drop();
    },
    { scope: 'file' },
  ],
  db: [async ({ database }, use) => use(database.handle), { scope: 'file' }],
  queue: [
    // biome-ignore lint/correctness/noEmptyPattern: see above
    async ({}, use) => {
      const q = createTestQueue();
      await use(q);
      await q.cleanup();
    },
    { scope: 'file' },
  ],
  seed: [async ({ db }, use) => use(createSeed(db.db)), { scope: 'file' }],
});

export { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
