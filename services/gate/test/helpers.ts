import type { DbHandle } from '@msp/db';
import { schema } from '@msp/db';
import { testLogger } from '@msp/tests/support/logger';
import type { Queue } from 'bullmq';
import { and, eq, inArray } from 'drizzle-orm';
import { createGate, type Gate } from '../src';

export const links = { publicAppUrl: 'https://app.example.test' };

export function gateFor(db: DbHandle, queue: Queue, enqueueTimeoutMs?: number): Gate {
  return createGate({ db: db.db, queue, links, logger: testLogger, enqueueTimeoutMs });
}

export async function activeRuns(db: DbHandle, providerConnectionId: string) {
  const r = schema.operationRuns;
  return db.db
    .select()
    .from(r)
    .where(and(eq(r.providerConnectionId, providerConnectionId), inArray(r.status, ['QUEUED', 'RUNNING'])));
}

export { jobTotal } from '@msp/tests/support/redis';
