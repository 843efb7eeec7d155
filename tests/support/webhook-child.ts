/**
 * The worker's webhook runtime (dispatcher and delivery worker) in its own process, for tests that
 * kill one: `node --import tsx webhook-child.ts`, with its settings as JSON in
 * WEBHOOK_CHILD_CONFIG. Prints `ready` once its queue and worker are connected to Redis and its
 * dispatcher runs; the test kills it with SIGKILL. Free of Vitest imports.
 */
import { createDb } from '@msp/db';
import { createWebhookRuntime } from '@msp/worker';
import pino from 'pino';
import { secretBox } from './seed';
import { links } from './worker';

interface ChildConfig {
  databaseUrl: string;
  redis: { host: string; port: number; db: number };
  prefix: string;
  intervalMs: number;
}

const config = JSON.parse(process.env.WEBHOOK_CHILD_CONFIG ?? '') as ChildConfig;
const database = createDb({ url: config.databaseUrl, max: 4, applicationName: 'msp-webhook-child' });
const runtime = createWebhookRuntime({
  db: database.db,
  redis: config.redis,
  prefix: config.prefix,
  secretBox,
  links,
  logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  publisher: null,
  policy: { allowInsecure: true },
  intervalMs: config.intervalMs,
});
await runtime.queue.waitUntilReady();
await runtime.start();
process.stdout.write('ready\n');
