/**
 * One worker replica of `npm run bench:schedules`, in its own process (as replicas run in a
 * deployment): a schedule runner on the bench's database and BullMQ prefix, firing through its own
 * gate. Settings come as JSON in BENCH_REPLICA. It reconciles, prints `ready`, then one line per
 * firing (`F <epoch ms> <gate ms> <outcome>`); on SIGTERM it prints `CPU <ms>` (its own CPU time
 * since it was ready) and exits.
 */
import { createDb } from '@msp/db';
import { createGate, createOperationsQueue } from '@msp/gate';
import pino from 'pino';
import { createScheduleRunner } from '../src';

interface ReplicaConfig {
  databaseUrl: string;
  redis: { host: string; port: number; db: number; password?: string; username?: string };
  prefix: string;
  concurrency: number;
}

const config = JSON.parse(process.env.BENCH_REPLICA ?? '') as ReplicaConfig;
const logger = pino({ level: 'warn' });
const handle = createDb({ url: config.databaseUrl, max: config.concurrency + 4, applicationName: 'bench-schedules' });
const operations = createOperationsQueue({ connection: config.redis, prefix: config.prefix });
const lines: string[] = [];
const flush = () => {
  if (lines.length > 0) process.stdout.write(lines.splice(0).join(''));
};
const runner = createScheduleRunner({
  db: handle.db,
  redis: config.redis,
  prefix: config.prefix,
  gate: createGate({ db: handle.db, queue: operations, links: { publicAppUrl: 'http://localhost:3000' }, logger }),
  logger,
  concurrency: config.concurrency,
  // Reconciled once, at start; the bench times it.
  syncIntervalMs: 3_600_000,
  syncBatchSize: 500,
  onFired: (f) => {
    lines.push(`F ${Date.now()} ${f.gateMs.toFixed(3)} ${f.outcome ?? f.stopReason}\n`);
  },
});
await runner.start();
const cpuStart = process.cpuUsage();
process.stdout.write('ready\n');
const timer = setInterval(flush, 200);

process.once('SIGTERM', async () => {
  clearInterval(timer);
  flush();
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(`CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)}\n`);
  await runner.close({ force: true });
  await operations.close();
  await handle.close();
  process.exit(0);
});
