// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
import { signDevelopmentToken } from '@msp/auth';
import { type Database, schema } from '@msp/db';
import {
  createGate,
  createOperationsQueue,
  type OperationType,
  type RunOutcome,
  type RunStatus,
  redisConnection,
} from '@msp/gate';
import { createLifecycle } from '@msp/run-lifecycle';
import { createFanout } from '@msp/subgraph-kit';
import { testEnv } from '@msp/tests/support/env';
import { testLogger } from '@msp/tests/support/logger';
// The CJS build of graphql, the one Pothos built the schema with: Vitest would otherwise hand this
// file the ESM build, and graphql refuses a schema from the other build ("another module or realm").
import { type ExecutionResult, execute, parse } from 'graphql/index.js';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { createAccessWatch, createLiveEvents, createOperationsContext, schema as operationsSchema } from '../src';
import { createRunControl, type RunControl } from '../src/service/control';
import type { ScheduleSettings } from '../src/service/schedules';

export { waitFor } from '@msp/tests/support/wait';

export const links = { publicAppUrl: 'https://app.example.test' };
export const auth = { jwtSecret: 'operations-test-secret-0123456789' };

export function tokenFor(user: { subject: string }): Promise<string> {
  return signDevelopmentToken(auth.jwtSecret, user.subject);
}

/**
 * In-process live events for documents executed with `graphql.execute`: a real ioredis client
 * that only connects if a test subscribes (queries never do).
 */
export function lazyEvents() {
  const subscriber = new Redis(testEnv.redisUrl, { lazyConnect: true });
  return { events: createLiveEvents(createFanout({ subscriber })), close: () => subscriber.disconnect() };
}

/**
 * Run control for documents executed in-process: the real one, built (with a queue on the test
 * Redis) only when a document cancels or retries. The run-control tests use a real server.
 */
function lazyControl(db: Database): RunControl {
  let real: RunControl | undefined;
  const get = () => {
    if (!real) {
      const queue = createOperationsQueue({ connection: redisConnection(testEnv.redisUrl), prefix: 'ops-helpers' });
      const publisher = new Redis(testEnv.redisUrl);
      real = createRunControl({
        db,
        queue,
        publisher,
        lifecycle: createLifecycle({ db, publisher, links, logger: testLogger }),
        gate: createGate({ db, queue, links, logger: testLogger, publisher }),
        logger: testLogger,
      });
    }
    return real;
  };
  return { cancel: (actor, input) => get().cancel(actor, input), retry: (actor, input) => get().retry(actor, input) };
}

/** Executes a document against the subgraph schema in-process, as `user`. */
export async function run(
  db: Database,
  user: { id: string; subject: string },
  document: string,
  variables: Record<string, unknown> = {},
  events = lazyEvents().events,
  scheduleSettings?: ScheduleSettings,
): Promise<ExecutionResult<Record<string, any>>> {
  return (await execute({
    schema: operationsSchema,
    document: parse(document),
    variableValues: variables,
    contextValue: createOperationsContext({
      actor: { userId: user.id, subject: user.subject },
      db,
      links,
      events,
      access: createAccessWatch({ db, logger: testLogger }),
      control: lazyControl(db),
      scheduleSettings,
    }),
  })) as ExecutionResult<Record<string, any>>;
}

export function errorOf(result: ExecutionResult) {
  const [error] = result.errors ?? [];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return { message: error.message, code: error.extensions?.code, field: error.extensions?.field };
}

/** A run row written directly, as the gate and the worker's lifecycle would have left it. */
export async function insertRun(
  db: Database,
  values: {
    tenantId: string;
    operationType?: OperationType;
    status?: RunStatus;
    outcome?: RunOutcome;
    initiatedBy?: string | null;
    providerConnectionId?: string | null;
    snapshot?: { id: string; displayName: string; entraTenantId: string; clientId: string } | null;
    reasonCode?: string | null;
    reasonDetail?: string | null;
    createdAt?: Date;
    progress?: { total: number | null; processed: number; succeeded: number; failed: number };
  },
) {
  const status = values.status ?? 'QUEUED';
  const [row] = await db
    .insert(schema.operationRuns)
    .values({
      tenantId: values.tenantId,
      operationType: values.operationType ?? 'DIRECTORY_GROUPS_SYNC',
      target: `tenant:${values.tenantId}`,
      initiatedFrom: 'TENANT',
      initiatedBy: values.initiatedBy ?? null,
      // Completed runs do not hold the connection's active slot, so many can share one.
      providerConnectionId: status === 'COMPLETED' ? (values.providerConnectionId ?? null) : null,
      providerConnectionSnapshot: values.snapshot ?? null,
      status,
      outcome: values.outcome ?? (status === 'COMPLETED' ? 'SUCCEEDED' : 'PENDING'),
      reasonCode: values.reasonCode ?? null,
      reasonDetail: values.reasonDetail ?? null,
      progressTotal: values.progress?.total ?? null,
      progressProcessed: values.progress?.processed ?? 0,
      progressSucceeded: values.progress?.succeeded ?? 0,
      progressFailed: values.progress?.failed ?? 0,
      dispatchedAt: new Date(),
      ...(values.createdAt ? { createdAt: values.createdAt } : {}),
    })
    .returning();
  return row!;
}

export function snapshotOf(connection: { id: string; displayName: string; entraTenantId: string; clientId: string }) {
  return {
    id: connection.id,
    displayName: connection.displayName,
    entraTenantId: connection.entraTenantId,
    clientId: connection.clientId,
  };
}

export function wsClient(httpUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Subscription<T> {
  events: T[];
  /** Resolves with the errors the server sent instead of events (NOT_FOUND, UNAUTHENTICATED). */
  failed: Promise<Array<{ message: string; extensions?: Record<string, unknown> }>>;
  /** Resolves once `n` events arrived. */
  received(n: number): Promise<T[]>;
  /** Resolves when the server completes the subscription. */
  completed: Promise<void>;
  dispose(): void;
}

/** Subscribes with a real graphql-ws client and collects what arrives. */
export function subscribe<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  extensions?: Record<string, unknown>,
): Subscription<T> {
  const events: T[] = [];
  const waiters: Array<{ n: number; resolve: (events: T[]) => void; reject: (e: unknown) => void }> = [];
  let fail!: (errors: any) => void;
  const failed = new Promise<any>((resolve) => {
    fail = resolve;
  });
  let complete!: () => void;
  const completed = new Promise<void>((resolve) => {
    complete = resolve;
  });
  const dispose = client.subscribe<T>(
    { query, variables, ...(extensions ? { extensions } : {}) },
    {
      next(result) {
        if (result.errors) {
          fail(result.errors);
          for (const w of waiters.splice(0)) w.reject(new Error(JSON.stringify(result.errors)));
          return;
        }
        events.push(result.data as T);
        for (const w of [...waiters]) {
          if (events.length >= w.n) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(events.slice());
          }
        }
      },
      error(error) {
        fail(Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }]);
        for (const w of waiters.splice(0)) w.reject(error);
      },
      complete() {
        complete();
      },
    },
  );
  return {
    events,
    failed,
    completed,
    received(n) {
      if (events.length >= n) return Promise.resolve(events.slice());
      return new Promise((resolve, reject) => waiters.push({ n, resolve, reject }));
    },
    dispose,
  };
}
