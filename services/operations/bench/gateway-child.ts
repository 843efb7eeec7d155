/**
 * The gateway in its own process for the subscription benchmark's workspace-stream case, so that
 * its memory is measured alone (after GC: run with --expose-gc). Routes the operations subgraph
 * to `SUBGRAPH_URL`; the bench's documents touch no other subgraph. Talks to the parent over IPC.
 */
import { createGateway, readSupergraph } from '@msp/gateway';
import pino from 'pino';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const gateway = await createGateway({
  supergraphSdl: readSupergraph(),
  port: 0,
  host: '127.0.0.1',
  logger: pino({ level: 'silent' }),
  subgraphUrls: { operations: process.env.SUBGRAPH_URL as string },
});

process.on('message', async (message: { id: number; type: 'memory' | 'stop' }) => {
  if (message.type === 'memory') {
    for (let i = 0; i < 4; i++) {
      gc?.();
      await new Promise((r) => setImmediate(r));
    }
    const m = process.memoryUsage();
    process.send?.({ id: message.id, value: { heapUsed: m.heapUsed, external: m.external, rss: m.rss } });
    return;
  }
  await gateway.close();
  process.send?.({ id: message.id, value: null });
  process.disconnect();
  // Exit even if a handle lingers: --cpu-prof (BENCH_CPU_PROF) writes its profile at exit.
  setTimeout(() => process.exit(0), 1000).unref();
});

process.send?.({ id: 0, value: { url: gateway.url.replace('localhost', '127.0.0.1') } });
