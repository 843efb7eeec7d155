import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle } from '@msp/db';
import postgres from 'postgres';
import { inject } from 'vitest';
import { databaseUrl } from './env';

export interface TestDatabase {
  name: string;
  url: string;
  /** A pool for the test itself. More pools (replicas) come from `connect`. */
  handle: DbHandle;
  connect(max?: number): DbHandle;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: isolated per test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `msp_test_${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString('hex')}`;
  const template = inject('templateDatabase');
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    // Concurrent clones of one template can collide briefly; retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const pools: DbHandle[] = [];
  const connect = (max = 10) => {
    const h = createDb({ url, max, applicationName: 'msp-test' });
    pools.push(h);
    return h;
  };
  const handle = connect();
  return {
    name,
    url,
    handle,
    connect,
    async drop() {
      await Promise.all(pools.map((p) => p.close()));
      const a = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
