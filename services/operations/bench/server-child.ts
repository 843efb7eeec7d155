/**
 * The operations subgraph in its own process for the subscription benchmark, so that its memory
 * is measured alone (after GC: run with --expose-gc) and the clients do not share its event loop.
 * Talks to the parent over IPC.
 */
import { createDb } from '@msp/db';
import { createOperationsQueue, redisConnection, runEventChannel } from '@msp/gate';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startOperationsSubgraph } from '../src/app';

type Request =
  | { id: number; type: 'memory' }
  | { id: number; type: 'listeners'; tenantId?: string; channel?: string }
  | { id: number; type: 'stop' };

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const db = createDb({ url: process.env.DATABASE_URL as string, max: 10, applicationName: 'msp-bench-operations' });
// Run control's queue and publisher: present because the subgraph needs them, unused here.
const queue = createOperationsQueue({ connection: redisConnection(process.env.REDIS_URL as string), prefix: 'bench' });
const publisher = new Redis(process.env.REDIS_URL as string, { lazyConnect: true });
const subgraph = await startOperationsSubgraph({
  db,
  redisUrl: process.env.REDIS_URL as string,
  queue,
  publisher,
  auth: { jwtSecret: process.env.AUTH_JWT_SECRET as string },
  links: { publicAppUrl: 'http://localhost:3000' },
  logger: pino({ level: 'silent' }),
  port: 0,
  host: '127.0.0.1',
});

async function settledMemory() {
  // Retained memory, not the garbage of a periodic access re-check that happens to be running
  // (about 3 MB for 1,000 subscribers, gone when it ends).
  await subgraph.access.idle();
  // Several passes: graphql-ws and ws free some buffers only after a tick.
  for (let i = 0; i < 4; i++) {
    gc?.();
    await new Promise((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

process.on('message', async (message: Request) => {
  switch (message.type) {
    case 'memory':
      process.send?.({ id: message.id, value: await settledMemory() });
      return;
    case 'listeners':
      process.send?.({
        id: message.id,
        value: subgraph.events.fanout.listenerCount(message.channel ?? runEventChannel(message.tenantId as string)),
      });
      return;
    case 'stop':
      await subgraph.close();
      await queue.close();
      publisher.disconnect();
      await db.close();
      process.send?.({ id: message.id, value: null });
      process.disconnect();
      // Exit even if a handle lingers: --cpu-prof (BENCH_CPU_PROF) writes its profile at exit.
      setTimeout(() => process.exit(0), 1000).unref();
      return;
  }
});

process.send?.({ id: 0, value: { url: subgraph.url } });
