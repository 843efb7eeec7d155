/**
 * Vitest fixtures: `db` is a fresh database per test file, `queue` a queue under a unique
 * prefix per test file, `seed` the factories over `db`, `sim` a Graph simulator per test file
 * (started only by the files that use it).
 */
import type { DbHandle } from '@msp/db';
import { startGraphSimulator } from '@msp/microsoft-graph';
import { test as base } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db';
import { createTestQueue, type TestQueue } from './redis';
import { createSeed, type Seed } from './seed';
import { type SimulatorControl, simulatorControl } from './simulator';

export const test = base.extend<{
  database: TestDatabase;
  db: DbHandle;
  queue: TestQueue;
  seed: Seed;
  sim: SimulatorControl;
}>({
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
  sim: [
    // biome-ignore lint/correctness/noEmptyPattern: see above
    async ({}, use) => {
      const simulator = await startGraphSimulator({ port: 0, host: '127.0.0.1' });
      await use(simulatorControl(simulator.url));
      await simulator.close();
    },
    { scope: 'file' },
  ],
});

export { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
