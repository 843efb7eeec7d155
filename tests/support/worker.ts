/**
 * The worker as tests run it: in-process runtime options (fast retries, a short lock, no
 * background loops unless asked), and a worker in a child process for tests that kill one
 * mid-run. Free of Vitest imports, so the child process (worker-child.ts) uses it too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Database } from '@msp/db';
import { DEVELOPMENT_DEFAULTS } from '@msp/settings';
import type { RedisSettings, WorkerRuntimeOptions } from '@msp/worker';
import { testLogger } from './logger';

export const links = { publicAppUrl: 'https://app.example.test' };
export const secretEncryptionKey = DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY;

/** Runtime options for tests: fast retries, a short lock, no background loops unless asked. */
export function testRuntimeOptions(
  db: Database,
  queue: { connection: RedisSettings; prefix: string },
  simulatorUrl: string,
  overrides: Partial<WorkerRuntimeOptions> = {},
): WorkerRuntimeOptions {
  return {
    db,
    redis: queue.connection,
    prefix: queue.prefix,
    secretEncryptionKey,
    graph: {
      endpoints: { loginBaseUrl: simulatorUrl, graphBaseUrl: simulatorUrl },
      maxRetries: 2,
      backoffBaseMs: 5,
      maxRetryAfterMs: 2_000,
      timeoutMs: 10_000,
    },
    links,
    logger: testLogger,
    concurrency: 4,
    lockDurationMs: 10_000,
    stalledIntervalMs: 5_000,
    maxAttempts: 3,
    retryBackoffMs: 20,
    processors: { groupsPageSize: 500 },
    dispatcher: false,
    reaper: false,
    retention: false,
    schedules: false,
    ...overrides,
  };
}

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
const WEBHOOK_CHILD = fileURLToPath(new URL('./webhook-child.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts the worker in a child process (worker-child.ts) and resolves once it consumes jobs.
 * `config`: the child's settings (see worker-child.ts).
 */
export function spawnWorker(config: Record<string, unknown>): Promise<ChildProcess> {
  return spawnReady(CHILD, { WORKER_CHILD_CONFIG: JSON.stringify(config) });
}

/**
 * Starts the webhook runtime (dispatcher and delivery worker) in a child process
 * (webhook-child.ts) and resolves once it is connected and dispatching.
 */
export function spawnWebhookRuntime(config: {
  databaseUrl: string;
  redis: { host: string; port: number; db: number };
  prefix: string;
  intervalMs: number;
}): Promise<ChildProcess> {
  return spawnReady(WEBHOOK_CHILD, { WEBHOOK_CHILD_CONFIG: JSON.stringify(config) });
}

/** A `node --import tsx` child running `file`, once it prints `ready`. */
async function spawnReady(file: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left behind: a child that never got ready would outlive the test run.
      child.kill('SIGKILL');
      reject(new Error(`${file}: child not ready in 30 s: ${stderr}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file}: child exited early (${code}): ${stderr}`));
    });
  });
  return child;
}
