/**
 * The worker's HTTP endpoint (WORKER_HEALTH_PORT): GET /healthz (alive), /readyz (Postgres and
 * Redis answer) and /metrics (Prometheus text: the runs, the queue depth, the Graph calls).
 */
import { createServer, type Server } from 'node:http';
import { serveMetrics } from '@msp/telemetry';
import type { Queue } from 'bullmq';

/** BullMQ types its client loosely; it is an ioredis client. */
interface Pingable {
  ping(): Promise<string>;
}

export interface WorkerHealthOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** Throws when Postgres does not answer. */
  checkDatabase: () => Promise<unknown>;
  queue: Queue;
}

export async function serveWorkerHealth(options: WorkerHealthOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (serveMetrics(req, res)) return;
    if (req.url === '/healthz') return reply(200, { status: 'ok' });
    if (req.url === '/readyz') {
      Promise.all([options.checkDatabase(), options.queue.client.then((c) => (c as unknown as Pingable).ping())])
        .then(() => reply(200, { status: 'ready' }))
        .catch((err: Error) => reply(503, { status: 'unavailable', error: err.message }));
      return;
    }
    reply(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
