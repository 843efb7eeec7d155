import { randomBytes } from 'node:crypto';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import type { Queue } from 'bullmq';
import { testEnv } from './env';

export interface TestQueue {
  queue: Queue;
  prefix: string;
  connection: ReturnType<typeof redisConnection>;
  /** Removes every key of this queue. */
  cleanup(): Promise<void>;
}

/** Every job of a queue, in any state (a paused queue's waiting jobs included). */
export async function jobTotal(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts(
    'wait',
    'paused',
    'active',
    'delayed',
    'prioritized',
    'waiting-children',
    'completed',
    'failed',
  );
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** A queue under a unique prefix, so test files never see each other's jobs. */
export function createTestQueue(redisUrl = testEnv.redisUrl): TestQueue {
  const prefix = `test-${randomBytes(5).toString('hex')}`;
  const connection = redisConnection(redisUrl);
  const queue = createOperationsQueue({ connection, prefix });
  return {
    queue,
    prefix,
    connection,
    async cleanup() {
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    },
  };
}
