// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The whole stack in one process, on ephemeral ports: every subgraph scripts/subgraphs.ts lists
 * (each through its `start<Name>Subgraph` factory), the Graph simulator, a worker runtime, and
 * the gateway pointed at the subgraphs. Tests talk to the gateway only, over HTTP and graphql-ws,
 * exactly as a client would.
 */
import { randomBytes } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import { createSecretBox, type DbHandle } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import {
  CONSOLE_DOCUMENTS_PATH,
  createGateway,
  type Gateway,
  readDocumentManifests,
  readSupergraph,
} from '@msp/gateway';
import { type GraphSimulator, startGraphSimulator } from '@msp/microsoft-graph';
import type { SubgraphServer } from '@msp/subgraph-kit';
import { logMixin } from '@msp/telemetry';
import { testEnv } from '@msp/tests/support/env';
import { test as base } from '@msp/tests/support/fixtures';
import { waitFor } from '@msp/tests/support/wait';
import { createWebhookRuntime, createWorkerRuntime, type WebhookRuntime, type WorkerRuntime } from '@msp/worker';
import type { Queue } from 'bullmq';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import pino from 'pino';
import WebSocket from 'ws';
import { SUBGRAPHS } from '../../scripts/subgraphs';

export { waitFor };

export const auth = { jwtSecret: 'e2e-test-secret-0123456789abcdef' };
export const links = { publicAppUrl: 'https://app.example.test' };
/** The gateway signs each subgraph request with it; every subgraph of the stack refuses anything else. */
export const GATEWAY_KEY = 'e2e-gateway-subgraph-key-0123456789abcdef';
/** The stack's key for secrets at rest (a world seeded into the stack's database must use it). */
export const SECRET_ENCRYPTION_KEY = 'ZGV2LW9ubHktc2VjcmV0LWtleS0zMi1ieXRlcy1sb24=';

export interface Stack {
  gateway: Gateway;
  subgraphs: Record<string, SubgraphServer>;
  simulator: GraphSimulator;
  worker: WorkerRuntime;
  /** The webhook dispatcher and delivery worker, when `webhooks` asked for it. */
  webhooks: WebhookRuntime | null;
  queue: Queue;
  /** Redis client the gate publishes live QUEUED events with (as the action hosts do). */
  publisher: Redis;
  prefix: string;
  /** Names of the subgraphs running (scripts/subgraphs.ts). */
  names: string[];
  token(subject: string): Promise<string>;
  close(): Promise<void>;
}

const pascal = (name: string) =>
  name
    .split('-')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

type StartSubgraph = (options: Record<string, unknown>) => Promise<SubgraphServer>;

/** `start<Name>Subgraph` from the subgraph's package. */
async function subgraphFactory(name: string, packageName: string): Promise<StartSubgraph> {
  const mod = (await import(packageName)) as Record<string, unknown>;
  const factory = mod[`start${pascal(name)}Subgraph`];
  if (typeof factory !== 'function') throw new Error(`${packageName} does not export start${pascal(name)}Subgraph`);
  return factory as StartSubgraph;
}

export interface StackOptions {
  logLevel?: string;
  /**
   * The operations subgraph's periodic re-check of live subscriptions. A suite that proves the
   * access-changed events end streams sets it far away.
   * @defaultValue the subgraph's (5000)
   */
  subscriptionRecheckMs?: number;
  /** Where every service's log lines go (JSON lines); stdout when absent. */
  logStream?: NodeJS.WritableStream;
  /**
   * Where the API's links point (the console's URL in browser tests).
   * @defaultValue `links`
   */
  links?: { publicAppUrl: string };
  /**
   * How tokens are verified (a JWKS issuer in the OpenID Connect browser test).
   * @defaultValue `auth` (HS256 with the test secret)
   */
  auth?: { jwtSecret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  /**
   * Start the worker. A suite that compares answers across two stacks leaves it stopped, so that
   * admitted runs stay as admitted instead of moving on at each stack's own pace.
   * @defaultValue true
   */
  startWorker?: boolean;
  /**
   * Trusted documents the gateway registers, added to the console's manifest (which the
   * production console build sends by id).
   */
  trustedDocuments?: Record<string, string>;
  /**
   * The shortest time between a schedule's firings the API accepts (SCHEDULE_MIN_INTERVAL_SECONDS).
   * A suite that watches schedules fire sets it to 1 (a cron of seconds).
   * @defaultValue the operations subgraph's (300)
   */
  scheduleMinIntervalSeconds?: number;
  /**
   * Outbound webhooks as development runs them: endpoints may point at http and private
   * addresses (WEBHOOK_ALLOW_INSECURE_TARGETS, so a test's receiver on 127.0.0.1 is accepted),
   * and the webhook runtime (dispatcher and delivery worker) runs beside the worker, with
   * `maxAttempts` automatic attempts `retryBaseMs` apart (doubling) instead of about a day's.
   * @defaultValue off: the strict target policy, no webhook runtime (deliveries stay PENDING)
   */
  webhooks?: { maxAttempts?: number; retryBaseMs?: number };
}

export async function startStack(db: DbHandle, options: StackOptions = {}): Promise<Stack> {
  const level = options.logLevel ?? process.env.E2E_LOG_LEVEL ?? 'silent';
  const logger = options.logStream
    ? pino({ level, mixin: logMixin }, options.logStream)
    : pino({ level, mixin: logMixin });
  const prefix = `e2e-${randomBytes(5).toString('hex')}`;
  const connection = redisConnection(testEnv.redisUrl);
  const queue = createOperationsQueue({ connection, prefix });
  const publisher = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: null });
  const simulator = await startGraphSimulator({ port: 0, host: '127.0.0.1', logger });
  const closers: Array<() => Promise<unknown>> = [];

  const subgraphs: Record<string, SubgraphServer> = {};
  try {
    for (const s of SUBGRAPHS) {
      const start = await subgraphFactory(s.name, s.packageName);
      // A superset of what the factories take; each reads what it needs.
      const server = await start({
        db,
        queue,
        publisher,
        redisUrl: testEnv.redisUrl,
        graph: { endpoints: { loginBaseUrl: simulator.url, graphBaseUrl: simulator.url }, maxRetries: 0 },
        secretEncryptionKey: SECRET_ENCRYPTION_KEY,
        secretBox: createSecretBox(SECRET_ENCRYPTION_KEY),
        auth: options.auth ?? auth,
        links: options.links ?? links,
        logger: logger.child({ service: s.name }),
        subscriptionRecheckMs: options.subscriptionRecheckMs,
        scheduleMinIntervalSeconds: options.scheduleMinIntervalSeconds,
        ...(options.webhooks ? { webhookTargets: { allowInsecure: true } } : {}),
        port: 0,
        host: '127.0.0.1',
        gatewayKey: GATEWAY_KEY,
      });
      subgraphs[s.name] = server;
      closers.unshift(() => server.close());
    }
  } catch (error) {
    for (const close of closers) await close().catch(() => {});
    await simulator.close();
    await queue.close();
    publisher.disconnect();
    throw error;
  }

  const worker = createWorkerRuntime({
    db: db.db,
    redis: connection,
    prefix,
    secretEncryptionKey: SECRET_ENCRYPTION_KEY,
    graph: { endpoints: { loginBaseUrl: simulator.url, graphBaseUrl: simulator.url }, maxRetries: 0 },
    links: options.links ?? links,
    logger: logger.child({ service: 'worker' }),
    retryBackoffMs: 50,
  });
  if (options.startWorker !== false) await worker.start();
  const webhooks = options.webhooks
    ? createWebhookRuntime({
        db: db.db,
        redis: connection,
        prefix,
        secretBox: createSecretBox(SECRET_ENCRYPTION_KEY),
        links: options.links ?? links,
        logger: logger.child({ service: 'webhooks' }),
        publisher,
        policy: { allowInsecure: true },
        maxAttempts: options.webhooks.maxAttempts ?? 3,
        retryBaseMs: options.webhooks.retryBaseMs ?? 200,
        timeoutMs: 2_000,
        intervalMs: 100,
      })
    : null;
  if (webhooks) await webhooks.start();

  const gateway = await createGateway({
    supergraphSdl: readSupergraph(),
    port: 0,
    host: '127.0.0.1',
    logger: logger.child({ service: 'gateway' }),
    subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])),
    gatewayKey: GATEWAY_KEY,
    // The console (browser tests) calls the gateway from PUBLIC_APP_URL's origin.
    corsOrigins: [new URL((options.links ?? links).publicAppUrl).origin],
    // The token endpoint for API clients (POST /oauth/token).
    apiClients: { db: db.db },
    auth: options.auth ?? auth,
    trustedDocuments: { ...readDocumentManifests([CONSOLE_DOCUMENTS_PATH]), ...options.trustedDocuments },
  });

  return {
    gateway,
    subgraphs,
    simulator,
    worker,
    webhooks,
    queue,
    publisher,
    prefix,
    names: Object.keys(subgraphs),
    token: (subject) => signDevelopmentToken(auth.jwtSecret, subject),
    async close() {
      await gateway.close();
      await worker.close({ force: true });
      await webhooks?.close();
      for (const close of closers) await close();
      await simulator.close();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      await publisher.quit().catch(() => publisher.disconnect());
    },
  };
}

export interface GraphQLResponse {
  status: number;
  data?: any;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }>;
}

/** POST /graphql as a client would; `token` null sends no Authorization header. */
export async function gql(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
  return { status: res.status, ...body };
}

/** POST /oauth/token with a form; `basic` sends the credentials as HTTP Basic. */
export async function tokenRequest(
  stack: Stack,
  form: Record<string, string>,
  options: {
    basic?: [string, string];
    authorization?: string;
    contentType?: string;
    method?: string;
    rawBody?: string;
  } = {},
) {
  const url = new URL('/oauth/token', stack.gateway.url);
  const res = await fetch(url, {
    method: options.method ?? 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...(options.basic
        ? {
            authorization: `Basic ${Buffer.from(
              `${encodeURIComponent(options.basic[0])}:${encodeURIComponent(options.basic[1])}`,
            ).toString('base64')}`,
          }
        : {}),
      ...(options.authorization ? { authorization: options.authorization } : {}),
    },
    ...(options.method === 'GET' ? {} : { body: options.rawBody ?? new URLSearchParams(form).toString() }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** An access token for a client by client_secret_basic. */
export async function clientToken(stack: Stack, clientId: string, clientSecret: string): Promise<string> {
  const answer = await tokenRequest(stack, { grant_type: 'client_credentials' }, { basic: [clientId, clientSecret] });
  if (answer.status !== 200)
    throw new Error(`token endpoint answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.access_token;
}

export function codesOf(response: { errors?: Array<{ extensions?: Record<string, any> }> }): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** A graphql-ws client to the gateway, authenticating in connection_init as the architecture fixes. */
export function wsClient(httpUrl: string, token: string | null): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Subscription<T> {
  events: T[];
  /** Every `next` payload as received (data and/or errors). */
  results: Array<{ data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
  errors: Array<{ message: string; extensions?: Record<string, any> }>;
  /** Resolves once `n` events arrived (rejects on an error). */
  received(n: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves with the first errors the server sent. */
  failed(timeoutMs?: number): Promise<Array<{ message: string; extensions?: Record<string, any> }>>;
  /** Resolves once the server completed the subscription. */
  completed(timeoutMs?: number): Promise<true>;
  dispose(): void;
}

/** Subscribes through a graphql-ws client and collects events and errors. */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: T[] = [];
  const results: Subscription<T>['results'] = [];
  const errors: Array<{ message: string; extensions?: Record<string, any> }> = [];
  const listeners = new Set<() => void>();
  let complete = false;
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next(result) {
        results.push(result as Subscription<T>['results'][number]);
        if (result.errors?.length) errors.push(...(result.errors as any[]));
        if (result.data) events.push(result.data as T);
        notify();
      },
      error(error) {
        errors.push(
          ...(Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? JSON.stringify(error)) }]),
        );
        notify();
      },
      complete() {
        complete = true;
        notify();
      },
    },
  );
  /** Resolves when `check` returns a value, rejects when it throws or time runs out. */
  const until = <R>(check: () => R | undefined, what: string, timeoutMs: number) =>
    new Promise<R>((resolve, reject) => {
      const finish = (fn: () => void) => {
        listeners.delete(tick);
        clearTimeout(timer);
        fn();
      };
      const tick = () => {
        try {
          const value = check();
          if (value !== undefined) finish(() => resolve(value));
        } catch (error) {
          finish(() => reject(error));
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(tick);
        reject(
          new Error(`timed out waiting for ${what}; events ${JSON.stringify(events)} errors ${JSON.stringify(errors)}`),
        );
      }, timeoutMs);
      listeners.add(tick);
      tick();
    });
  const sub: Subscription<T> = {
    events,
    results,
    errors,
    received: (n, timeoutMs = 15_000) =>
      until(
        () => {
          if (errors.length) throw new Error(JSON.stringify(errors));
          return events.length >= n ? events.slice() : undefined;
        },
        `${n} events`,
        timeoutMs,
      ),
    failed: (timeoutMs = 10_000) => until(() => (errors.length ? errors.slice() : undefined), 'errors', timeoutMs),
    completed: (timeoutMs = 10_000) => until(() => (complete ? true : undefined), 'completion', timeoutMs),
    dispose,
  };
  return sub;
}

/** The fixtures plus `stack`: one whole stack per test file, on the file's own database. */
export const test = base.extend<{ stack: Stack }>({
  stack: [
    async ({ database }, use) => {
      const stack = await startStack(database.connect(10));
      await use(stack);
      await stack.close();
    },
    { scope: 'file' },
  ],
});

/** Waits until `count` subscribers listen on a Redis channel: a subscription is then live end to end. */
export async function listening(stack: Stack, channel: string, count = 1): Promise<void> {
  await waitFor(async () => {
    const [, listeners] = (await stack.publisher.pubsub('NUMSUB', channel)) as [string, number];
    return listeners >= count;
  }, `${count} subscriber(s) on ${channel}`);
}
