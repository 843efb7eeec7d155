// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 17, acceptance 4: outbound webhooks. Endpoints are created through the tenant subgraph
 * (real server), events come from the run lifecycle and the gate in their transactions, and the
 * worker's webhook runtime delivers them over real HTTP to a receiver in this file, which checks
 * every delivery's Standard Webhooks signature itself (from the spec, not with our signer).
 */
import type { ChildProcess } from 'node:child_process';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DbHandle, recordWebhookEvent, schema } from '@msp/db';
import { createGate, MUTATION_ACTIONS, WEBHOOK_DELIVERIES_QUEUE } from '@msp/gate';
import { createLifecycle } from '@msp/run-lifecycle';
import { readSettings, webhookTargetSettings } from '@msp/settings';
import type { SubgraphServer } from '@msp/subgraph-kit';
import { startTenantSubgraph } from '@msp/tenant';
import { auth, captureLogs, errorOf, type GqlResult, gql, links } from '@msp/tests/support/action-hosts';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { startPrivateRedis } from '@msp/tests/support/redis-server';
import { secretBox } from '@msp/tests/support/seed';
import { spawnWebhookRuntime } from '@msp/tests/support/worker';
import { Queue } from 'bullmq';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { createWebhookRuntime, type WebhookRuntime, type WebhookRuntimeOptions } from '../src';
import { recordingDb } from './support';

// ---------------------------------------------------------------------------------------------
// A receiver, verifying signatures as a receiver would (Standard Webhooks, by hand)

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** What the receiver answered. */
  status: number;
  /** Whether one of the signatures verified under the secret the receiver holds. */
  verified: boolean;
}

/** Standard Webhooks' check: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the secret's decoded bytes. */
function verifies(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((entry) => {
      const [version, mac] = entry.split(',');
      const given = Buffer.from(mac ?? '');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

interface Receiver {
  url: string;
  received: Received[];
  /** The secrets the receiver verifies with (set after creation). */
  secrets: string[];
  /** Answers for the next requests, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], secrets: [], answers: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = receiver.answers.shift() ?? 200;
      receiver.received.push({
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body,
        status,
        verified: receiver.secrets.some((s) => verifies(s, req.headers, body)),
      });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : `receiver down (${status})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/msp`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

// ---------------------------------------------------------------------------------------------
// Fixtures: a tenant subgraph as development runs it (loopback receivers allowed) and one with
// production's policy; the webhook runtime (fast retries) on the file's database and prefix.

const PUBLIC_ADDRESS = '93.184.216.34';

/** Names that resolve, for the production subgraph: a public host, and hosts that resolve to internal addresses. */
const fakeDns: Record<string, string[]> = {
  'hooks.example.test': [PUBLIC_ADDRESS],
  'internal.example.test': ['10.1.2.3'],
  'mixed.example.test': [PUBLIC_ADDRESS, '192.168.1.20'],
  'metadata.example.test': ['169.254.169.254'],
  'mapped.example.test': ['::ffff:127.0.0.1'],
};
const lookup = async (hostname: string) => {
  const addresses = fakeDns[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

interface Webhooks {
  dev: SubgraphServer;
  prod: SubgraphServer;
  logs: string[];
  options: (overrides?: Partial<WebhookRuntimeOptions>) => WebhookRuntimeOptions;
  runtime: WebhookRuntime;
}

const test = base.extend<{ webhooks: Webhooks }>({
  webhooks: [
    async ({ db, queue }, use) => {
      const { logger, lines } = captureLogs();
      const common = { db, queue: queue.queue, auth, links, logger, port: 0, host: '127.0.0.1', secretBox };
      const [dev, prod] = await Promise.all([
        startTenantSubgraph({ ...common, webhookTargets: { allowInsecure: true } }),
        startTenantSubgraph({ ...common, webhookTargets: { allowInsecure: false }, webhookLookup: lookup }),
      ]);
      const options = (overrides: Partial<WebhookRuntimeOptions> = {}): WebhookRuntimeOptions => ({
        db: db.db,
        redis: queue.connection,
        prefix: queue.prefix,
        secretBox,
        links,
        logger,
        publisher: null,
        policy: { allowInsecure: true },
        maxAttempts: 6,
        retryBaseMs: 40,
        timeoutMs: 2_000,
        intervalMs: 50,
        ...overrides,
      });
      const webhooks: Webhooks = { dev, prod, logs: lines, options, runtime: createWebhookRuntime(options()) };
      await webhooks.runtime.start();
      await use(webhooks);
      // A test may have replaced the runtime: close the one running now.
      await webhooks.runtime.close();
      await Promise.all([dev.close(), prod.close()]);
      const webhookQueue = new Queue(WEBHOOK_DELIVERIES_QUEUE, { connection: queue.connection, prefix: queue.prefix });
      await webhookQueue.obliterate({ force: true }).catch(() => {});
      await webhookQueue.close();
    },
    { scope: 'file' },
  ],
});

const ENDPOINT = /* GraphQL */ `
  fragment Endpoint on WebhookEndpoint { id url description eventTypes enabled disabledReason disabledAt lastSuccessAt }
`;
const CREATE = /* GraphQL */ `
  mutation ($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { secret endpoint { ...Endpoint } }
  }
  ${ENDPOINT}
`;
const DELIVERIES = /* GraphQL */ `
  query ($id: ID!, $status: WebhookDeliveryStatus) {
    webhookEndpoint(id: $id) {
      ...Endpoint
      deliveries(first: 50, status: $status) {
        edges { node {
          id messageId eventType status attempts lastResponseStatus lastErrorClass deliveredAt run { id }
          attemptLog { attempt manual succeeded responseStatus errorClass responseExcerpt durationMs }
        } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${ENDPOINT}
`;
const REDELIVER = /* GraphQL */ `
  mutation ($id: ID!) { redeliverWebhookDelivery(id: $id) { id status attempts messageId } }
`;

function dataOf(result: GqlResult): Record<string, any> {
  if (result.errors?.length) throw new Error(`unexpected errors: ${result.raw}`);
  return result.data!;
}

async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function deliveriesOf(db: DbHandle, endpointId: string) {
  return db.db.select().from(schema.webhookDeliveries).where(eq(schema.webhookDeliveries.endpointId, endpointId));
}

/** A run of the world's tenant that the lifecycle completes with `outcome` (its webhook event in the same transaction). */
async function completeRun(
  db: DbHandle,
  seed: { run: (o: any) => Promise<{ id: string }> },
  world: { tenant: { id: string }; connection: { id: string }; owner: { id: string } },
  outcome: 'SUCCEEDED' | 'FAILED',
) {
  const run = await seed.run({
    tenantId: world.tenant.id,
    providerConnectionId: world.connection.id,
    operationType: 'DIRECTORY_GROUPS_SYNC',
    initiatedBy: world.owner.id,
  });
  const lifecycle = createLifecycle({ db: db.db, publisher: null, links, logger: captureLogs().logger });
  const done = await lifecycle.complete(run.id, {
    outcome,
    ...(outcome === 'FAILED' ? { reasonCode: 'PROVIDER_THROTTLED' as const } : {}),
  });
  expect(done.completed).toBe(true);
  return run.id;
}

const bodySchema = z.object({
  type: z.string(),
  timestamp: z.string(),
  data: z.object({ eventId: z.string(), workspaceId: z.string(), runId: z.string(), runUrl: z.string() }).passthrough(),
});

describe('acceptance 4: outbound webhooks, signed, retried, never acknowledged twice', () => {
  test('a receiver verifies every delivery; one that fails three times then succeeds gets the event once it is back, with exactly one acknowledged delivery per webhook-id', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const receiver = await startReceiver();
    try {
      const created = dataOf(
        await gql(webhooks.dev, world.owner, CREATE, {
          input: {
            workspaceId: world.workspaceId,
            url: receiver.url,
            eventTypes: ['RUN_COMPLETED', 'RUN_FAILED'],
            description: 'PSA',
          },
        }),
      ).createWebhookEndpoint;
      const secret: string = created.secret;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
      receiver.secrets = [secret];

      receiver.answers = [500, 503, 500];
      const runId = await completeRun(db, seed, world, 'SUCCEEDED');

      const delivered = await eventually(
        async () => (await deliveriesOf(db, created.endpoint.id)).find((d) => d.status === 'DELIVERED'),
        'the delivery to be acknowledged',
      );
      expect(delivered.attempts).toBe(4);
      expect(receiver.received.map((r) => r.status)).toEqual([500, 503, 500, 200]);
      // Every attempt: the same message id and body, a fresh signature that verifies.
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
      expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
      const body = bodySchema.parse(JSON.parse(receiver.received[0]!.body));
      expect(body.type).toBe('run.completed');
      expect(body.data).toMatchObject({
        runId,
        workspaceId: world.workspaceId,
        tenantId: world.tenant.id,
        outcome: 'SUCCEEDED',
        operationType: 'DIRECTORY_GROUPS_SYNC',
        runUrl: `${links.publicAppUrl}/monitoring/operations/${runId}`,
      });
      expect(receiver.received[0]!.id).toBe(`msg_${body.data.eventId}`);

      // A duplicate job for an attempt already made sends nothing: one acknowledgement per webhook-id.
      const duplicate = new Queue(WEBHOOK_DELIVERIES_QUEUE, {
        connection: webhooks.options().redis,
        prefix: webhooks.options().prefix,
      });
      await duplicate.add('deliver', { deliveryId: delivered.id, attempt: 4 }, { jobId: `dup-${randomUUID()}` });
      await duplicate.add('deliver', { deliveryId: delivered.id, attempt: 5 }, { jobId: `dup-${randomUUID()}` });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await duplicate.close();
      const acknowledged = receiver.received.filter((r) => r.status === 200);
      expect(acknowledged).toHaveLength(1);
      expect(receiver.received).toHaveLength(4);

      // The delivery log, through GraphQL: four attempts, the receiver's status each time, a bounded excerpt.
      const endpoint = dataOf(
        await gql(webhooks.dev, world.owner, DELIVERIES, { id: created.endpoint.id }),
      ).webhookEndpoint;
      const [logged] = endpoint.deliveries.edges.map((e: any) => e.node);
      expect(logged).toMatchObject({
        id: delivered.id,
        messageId: receiver.received[0]!.id,
        eventType: 'RUN_COMPLETED',
        status: 'DELIVERED',
        attempts: 4,
        lastResponseStatus: 200,
        lastErrorClass: null,
        run: { id: runId },
      });
      expect(logged.attemptLog.map((a: any) => [a.attempt, a.responseStatus, a.errorClass, a.succeeded])).toEqual([
        [1, 500, 'HTTP_STATUS', false],
        [2, 503, 'HTTP_STATUS', false],
        [3, 500, 'HTTP_STATUS', false],
        [4, 200, null, true],
      ]);
      expect(logged.attemptLog[0].responseExcerpt).toBe('receiver down (500)');
      expect(endpoint.lastSuccessAt).not.toBeNull();
    } finally {
      await receiver.close();
    }
  });

  test('a delivery committed while Redis is down is sent once Redis is back (outbox + dispatcher)', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const receiver = await startReceiver();
    const redis = await startPrivateRedis();
    // This test's runtime works against a Redis of its own, which it stops and starts again.
    await webhooks.runtime.close();
    const runtime = createWebhookRuntime(
      webhooks.options({ redis: { host: '127.0.0.1', port: redis.port }, intervalMs: 100 }),
    );
    try {
      await runtime.start();
      const { endpoint, secret } = await seed.webhookEndpoint(world.workspaceId, { url: receiver.url });
      receiver.secrets = [secret];
      await redis.stop();
      const runId = await completeRun(db, seed, world, 'FAILED');
      // Passes with Redis down enqueue nothing and leave the delivery for the next one.
      expect(await runtime.tick()).toBe(0);
      const [pending] = await deliveriesOf(db, endpoint.id);
      expect(pending).toMatchObject({ status: 'PENDING', attempts: 0, enqueuedAt: null });
      expect(receiver.received).toEqual([]);

      await redis.start();
      await eventually(async () => receiver.received.length === 1, 'the delivery after Redis came back', 40_000);
      const body = JSON.parse(receiver.received[0]!.body);
      expect(body).toMatchObject({
        type: 'run.failed',
        data: { runId, outcome: 'FAILED', reasonCode: 'PROVIDER_THROTTLED', problemClass: 'PROVIDER_AVAILABILITY' },
      });
      expect(receiver.received[0]!.verified).toBe(true);
      const [delivered] = await eventually(async () => {
        const rows = await deliveriesOf(db, endpoint.id);
        return rows[0]?.status === 'DELIVERED' ? rows : undefined;
      }, 'the delivery to be recorded');
      expect(delivered).toMatchObject({ attempts: 1, lastResponseStatus: 200 });
    } finally {
      await runtime.close({ force: true });
      await redis.stop();
      webhooks.runtime = createWebhookRuntime(webhooks.options());
      await webhooks.runtime.start();
      await receiver.close();
    }
  });

  test('a dispatcher killed between taking due deliveries and enqueueing their jobs: after the requeue timeout another one takes them, and each is delivered once', async ({
    database,
    db,
    queue,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const receiver = await startReceiver();
    // The doomed dispatcher's Redis: frozen once it is connected, so its job adds wait forever.
    const doomedRedis = await startPrivateRedis();
    await webhooks.runtime.close();
    const requeueAfterMs = 1_500;
    let survivor: WebhookRuntime | null = null;
    let child: ChildProcess | null = null;
    try {
      const { endpoint, secret } = await seed.webhookEndpoint(world.workspaceId, { url: receiver.url });
      receiver.secrets = [secret];
      child = await spawnWebhookRuntime({
        databaseUrl: database.url,
        redis: { host: '127.0.0.1', port: doomedRedis.port, db: 0 },
        prefix: queue.prefix,
        intervalMs: 50,
      });
      doomedRedis.pause();
      // Two events in one transaction, so that one dispatcher pass takes both.
      const runs: Array<{ id: string }> = [];
      for (let i = 0; i < 2; i++) {
        runs.push(
          await seed.run({
            tenantId: world.tenant.id,
            providerConnectionId: world.connection.id,
            operationType: 'DIRECTORY_GROUPS_SYNC',
            initiatedBy: world.owner.id,
            status: 'COMPLETED',
          }),
        );
      }
      await db.db.transaction(async (tx) => {
        for (const run of runs) {
          await recordWebhookEvent(tx, {
            workspaceId: world.workspaceId,
            tenantId: world.tenant.id,
            type: 'RUN_COMPLETED',
            runId: run.id,
            data: { outcome: 'SUCCEEDED' },
          });
        }
      });
      // The child's dispatcher takes both (the mark is committed), then hangs adding their jobs.
      const taken = await eventually(async () => {
        const rows = await deliveriesOf(db, endpoint.id);
        return rows.length === 2 && rows.every((d) => d.enqueuedAt !== null) ? rows : undefined;
      }, 'the child dispatcher to take both deliveries');
      expect(taken.map((d) => [d.status, d.attempts, d.claimedAt])).toEqual([
        ['PENDING', 0, null],
        ['PENDING', 0, null],
      ]);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      expect((await exited)[1]).toBe('SIGKILL');
      child = null;
      await doomedRedis.stop();

      // Another dispatcher: while the marks are recent it leaves them (no job exists anywhere).
      const takenAt = Math.min(...taken.map((d) => d.enqueuedAt!.getTime()));
      survivor = createWebhookRuntime(webhooks.options({ requeueAfterMs }));
      await survivor.start();
      const firstPass = await survivor.tick();
      if (Date.now() - takenAt < requeueAfterMs) {
        expect(firstPass).toBe(0);
        expect(receiver.received).toEqual([]);
      }

      // After the timeout: taken again, enqueued, delivered.
      const delivered = await eventually(async () => {
        const rows = await deliveriesOf(db, endpoint.id);
        return rows.every((d) => d.status === 'DELIVERED') ? rows : undefined;
      }, 'both deliveries after the requeue timeout');
      expect(delivered.map((d) => d.attempts)).toEqual([1, 1]);
      // Two more requeue windows: nothing is sent again.
      await new Promise((resolve) => setTimeout(resolve, 2 * requeueAfterMs + 500));
      expect(receiver.received.map((r) => [r.status, r.verified])).toEqual([
        [200, true],
        [200, true],
      ]);
      expect(new Set(receiver.received.map((r) => r.id)).size).toBe(2);
      const attempts = await db.db
        .select()
        .from(schema.webhookDeliveryAttempts)
        .where(
          inArray(
            schema.webhookDeliveryAttempts.deliveryId,
            delivered.map((d) => d.id),
          ),
        );
      expect(attempts.map((a) => [a.attempt, a.succeeded, a.errorClass])).toEqual([
        [1, true, null],
        [1, true, null],
      ]);
      // Each attempt began once its mark was older than the requeue timeout (one clock: PostgreSQL's).
      for (const a of attempts) {
        const mark = taken.find((d) => d.id === a.deliveryId)!.enqueuedAt!.getTime();
        expect(a.startedAt.getTime()).toBeGreaterThanOrEqual(mark + requeueAfterMs);
      }
    } finally {
      child?.kill('SIGKILL');
      await doomedRedis.stop();
      await survivor?.close({ force: true });
      webhooks.runtime = createWebhookRuntime(webhooks.options());
      await webhooks.runtime.start();
      await receiver.close();
    }
  });

  test('a blocked start is a run.blocked event, written with the blocked attempt; types nobody subscribes to write nothing', async ({
    db,
    seed,
    queue,
    // The fixture's runtime delivers.
    webhooks: _webhooks,
  }) => {
    const world = await seed.world({ connection: { enabled: false } });
    const receiver = await startReceiver();
    try {
      const { endpoint, secret } = await seed.webhookEndpoint(world.workspaceId, {
        url: receiver.url,
        eventTypes: ['RUN_BLOCKED'],
      });
      receiver.secrets = [secret];
      const gate = createGate({ db: db.db, queue: queue.queue, links, logger: captureLogs().logger });
      const started = await gate.start({
        actor: { userId: world.owner.id },
        operationType: 'POLICY_BACKUP',
        surface: 'TENANT',
        tenantId: world.tenant.id,
      });
      expect(started.ok && started.value.outcome).toBe('BLOCKED');
      const blockedRunId = started.ok && started.value.outcome === 'BLOCKED' ? started.value.run!.id : '';
      await eventually(async () => receiver.received.length === 1, 'the run.blocked delivery');
      const body = JSON.parse(receiver.received[0]!.body);
      expect(body).toMatchObject({
        type: 'run.blocked',
        data: {
          runId: blockedRunId,
          outcome: 'BLOCKED',
          reasonCode: 'PROVIDER_CONNECTION_DISABLED',
          problemClass: 'PROVIDER_CONNECTION',
          operationType: 'POLICY_BACKUP',
          initiatedFrom: 'TENANT',
        },
      });
      expect(receiver.received[0]!.verified).toBe(true);

      // RUN_COMPLETED is not subscribed to: no event, no delivery.
      await completeRun(db, seed, world, 'SUCCEEDED');
      const events = await db.db
        .select()
        .from(schema.webhookEvents)
        .where(eq(schema.webhookEvents.workspaceId, world.workspaceId));
      expect(events.map((e) => e.type)).toEqual(['RUN_BLOCKED']);
      expect(await deliveriesOf(db, endpoint.id)).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  test('an endpoint failing every attempt is disabled, its owners are notified naming the run, and a redelivery after enabling it sends the same message', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const member = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: world.workspaceId, userId: member.id, role: 'MEMBER' });
    const receiver = await startReceiver();
    try {
      const { endpoint, secret } = await seed.webhookEndpoint(world.workspaceId, { url: receiver.url });
      receiver.secrets = [secret];
      receiver.answers = [500, 500, 500, 500, 500, 500];
      const runId = await completeRun(db, seed, world, 'FAILED');
      const failed = await eventually(
        async () => (await deliveriesOf(db, endpoint.id)).find((d) => d.status === 'FAILED'),
        'the delivery to fail for good',
      );
      expect(failed.attempts).toBe(6);
      const [disabled] = await db.db
        .select()
        .from(schema.webhookEndpoints)
        .where(eq(schema.webhookEndpoints.id, endpoint.id));
      expect(disabled).toMatchObject({ enabled: false, disabledReason: 'FAILING' });
      const notices = await db.db
        .select()
        .from(schema.notifications)
        .where(and(eq(schema.notifications.runId, runId), eq(schema.notifications.kind, 'WEBHOOK_ENDPOINT_DISABLED')));
      // The workspace's OWNER, not its MEMBER; naming the run whose event it could not deliver.
      expect(notices.map((n) => n.userId)).toEqual([world.owner.id]);
      expect(notices[0]!.body).toContain('127.0.0.1');
      const audits = await db.db
        .select()
        .from(schema.auditEvents)
        .where(and(eq(schema.auditEvents.action, 'webhooks.disable'), eq(schema.auditEvents.targetId, endpoint.id)));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorId: null, runId, workspaceId: world.workspaceId });

      // Redelivering while disabled is a CONFLICT; after enabling, one attempt of the same message.
      expect(errorOf(await gql(webhooks.dev, world.owner, REDELIVER, { id: failed.id })).code).toBe('CONFLICT');
      dataOf(
        await gql(webhooks.dev, world.owner, `mutation ($id: ID!) { enableWebhookEndpoint(id: $id) { enabled } }`, {
          id: endpoint.id,
        }),
      );
      receiver.answers = [];
      const redelivered = dataOf(
        await gql(webhooks.dev, world.owner, REDELIVER, { id: failed.id }),
      ).redeliverWebhookDelivery;
      expect(redelivered).toMatchObject({ status: 'PENDING', attempts: 6 });
      await eventually(async () => receiver.received.length === 7, 'the redelivery');
      const last = receiver.received.at(-1)!;
      expect(last).toMatchObject({ status: 200, verified: true, id: receiver.received[0]!.id });
      const after = await eventually(
        async () => (await deliveriesOf(db, endpoint.id)).find((d) => d.status === 'DELIVERED'),
        'the redelivery to be recorded',
      );
      expect(after).toMatchObject({ attempts: 7, manual: true });
      const log = dataOf(await gql(webhooks.dev, world.owner, DELIVERIES, { id: endpoint.id })).webhookEndpoint;
      expect(log.deliveries.edges[0].node.attemptLog.at(-1)).toMatchObject({
        attempt: 7,
        manual: true,
        succeeded: true,
      });
    } finally {
      await receiver.close();
    }
  });

  test('what a failing endpoint missed is sent again in one call once it is enabled: the same messages, each acknowledged once', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const receiver = await startReceiver();
    try {
      const { endpoint, secret } = await seed.webhookEndpoint(world.workspaceId, { url: receiver.url });
      receiver.secrets = [secret];
      receiver.answers = Array.from({ length: 40 }, () => 500);
      const since = new Date(Date.now() - 1000);
      await completeRun(db, seed, world, 'FAILED');
      await completeRun(db, seed, world, 'SUCCEEDED');
      // The first to fail every attempt disables the endpoint; the other ends FAILED or SKIPPED.
      const settled = await eventually(async () => {
        const rows = await deliveriesOf(db, endpoint.id);
        return rows.length === 2 && rows.every((d) => d.status === 'FAILED' || d.status === 'SKIPPED')
          ? rows
          : undefined;
      }, 'both deliveries to end');
      const missedIds = new Set(receiver.received.map((r) => r.id));
      expect(missedIds.size).toBe(2);

      const REDELIVER_FAILED = /* GraphQL */ `
        mutation ($id: ID!, $since: DateTime!) { redeliverFailedWebhookDeliveries(endpointId: $id, since: $since) }
      `;
      expect(errorOf(await gql(webhooks.dev, world.owner, REDELIVER_FAILED, { id: endpoint.id, since })).code).toBe(
        'CONFLICT',
      );
      dataOf(
        await gql(webhooks.dev, world.owner, `mutation ($id: ID!) { enableWebhookEndpoint(id: $id) { enabled } }`, {
          id: endpoint.id,
        }),
      );
      receiver.answers = [];
      const before = receiver.received.length;
      const count = dataOf(
        await gql(webhooks.dev, world.owner, REDELIVER_FAILED, { id: endpoint.id, since }),
      ).redeliverFailedWebhookDeliveries;
      expect(count).toBe(settled.length);
      await eventually(async () => {
        const rows = await deliveriesOf(db, endpoint.id);
        return rows.every((d) => d.status === 'DELIVERED') ? rows : undefined;
      }, 'both to be delivered');
      const again = receiver.received.slice(before);
      expect(again.map((r) => [r.status, r.verified])).toEqual([
        [200, true],
        [200, true],
      ]);
      expect(new Set(again.map((r) => r.id))).toEqual(missedIds);
      // Nothing left to redeliver: a second call finds nothing.
      expect(
        dataOf(await gql(webhooks.dev, world.owner, REDELIVER_FAILED, { id: endpoint.id, since }))
          .redeliverFailedWebhookDeliveries,
      ).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  test('after a rotation deliveries carry a signature with each secret; the new secret is answered once', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const receiver = await startReceiver();
    try {
      const created = dataOf(
        await gql(webhooks.dev, world.owner, CREATE, {
          input: { workspaceId: world.workspaceId, url: receiver.url, eventTypes: ['RUN_COMPLETED'] },
        }),
      ).createWebhookEndpoint;
      const rotated = dataOf(
        await gql(
          webhooks.dev,
          world.owner,
          `mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret endpoint { id } } }`,
          { id: created.endpoint.id },
        ),
      ).rotateWebhookEndpointSecret;
      expect(rotated.secret).not.toBe(created.secret);
      await completeRun(db, seed, world, 'SUCCEEDED');
      await eventually(async () => receiver.received.length === 1, 'the delivery');
      const [only] = receiver.received;
      expect(only!.signature.split(' ')).toHaveLength(2);
      receiver.secrets = [rotated.secret];
      // Each secret alone verifies the same request.
      for (const s of [created.secret, rotated.secret]) {
        const headers = {
          'webhook-id': only!.id,
          'webhook-timestamp': only!.timestamp,
          'webhook-signature': only!.signature,
        };
        expect(verifies(s, headers, only!.body)).toBe(true);
      }
    } finally {
      await receiver.close();
    }
  });
});

describe('the dispatcher: round trips per pass, not per delivery', () => {
  test('a pass over 20 interrupted claims and 40 due deliveries: three statements of its own, one transaction per interrupted attempt, one addBulk', async ({
    database,
    db,
    seed,
    webhooks,
  }) => {
    // The file's runtime would take these deliveries too: it stops for this test.
    await webhooks.runtime.close();
    const world = await seed.world();
    const { endpoint } = await seed.webhookEndpoint(world.workspaceId, { url: 'https://hooks.example.test/batch' });
    const run = await seed.run({
      tenantId: world.tenant.id,
      providerConnectionId: world.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      initiatedBy: world.owner.id,
      status: 'COMPLETED',
    });
    const events = await db.db
      .insert(schema.webhookEvents)
      .values(
        Array.from({ length: 60 }, () => ({
          workspaceId: world.workspaceId,
          tenantId: world.tenant.id,
          type: 'RUN_COMPLETED' as const,
          runId: run.id,
        })),
      )
      .returning({ id: schema.webhookEvents.id });
    const longAgo = new Date(Date.now() - 3600_000);
    // 20 attempts claimed an hour ago that never reported back, 40 first attempts due now.
    const rows = await db.db
      .insert(schema.webhookDeliveries)
      .values(
        events.map((e, i) => ({
          eventId: e.id,
          endpointId: endpoint.id,
          workspaceId: world.workspaceId,
          ...(i < 20 ? { attempts: 1, claimedAt: longAgo, lastAttemptAt: longAgo } : { nextAttemptAt: new Date() }),
        })),
      )
      .returning({ id: schema.webhookDeliveries.id });

    // A runtime of its own (its own queue, no worker running, passes made here), on a pool that
    // records every statement; the retries it schedules are an hour away, out of this pass.
    const recorder = recordingDb(database.url);
    const runtime = createWebhookRuntime(
      webhooks.options({
        db: recorder.db,
        queueName: `webhook-batch-${randomUUID()}`,
        dispatcher: false,
        retryBaseMs: 3600_000,
      }),
    );
    const calls = { add: 0, addBulk: 0, jobs: 0 };
    const { add, addBulk } = runtime.queue;
    runtime.queue.add = (...args: Parameters<typeof add>) => {
      calls.add++;
      calls.jobs++;
      return add.apply(runtime.queue, args);
    };
    runtime.queue.addBulk = (...args: Parameters<typeof addBulk>) => {
      calls.addBulk++;
      calls.jobs += args[0].length;
      return addBulk.apply(runtime.queue, args);
    };
    try {
      const before = recorder.statements.length;
      expect(await runtime.tick()).toBe(40);
      const statements = recorder.statements.slice(before);
      // Statements outside a transaction: the pass's own. Each transaction: one interrupted attempt's outcome.
      let depth = 0;
      let transactions = 0;
      const own: string[] = [];
      // postgres.js reads the array types once per pool (its first statement): not the pass's.
      for (const text of statements.filter((t) => !/\btyparray\b/.test(t))) {
        const word = text.trim().toLowerCase();
        if (word.startsWith('begin')) {
          if (depth === 0) transactions++;
          depth++;
        } else if (word.startsWith('commit') || word.startsWith('rollback')) depth--;
        else if (depth === 0) own.push(text);
      }
      expect(own, own.join('\n---\n')).toHaveLength(3);
      expect(transactions).toBe(20);
      expect(calls).toEqual({ add: 0, addBulk: 1, jobs: 40 });
      expect(await runtime.queue.getJobCountByTypes('delayed', 'waiting', 'prioritized')).toBe(40);

      const after = await db.db
        .select()
        .from(schema.webhookDeliveries)
        .where(
          inArray(
            schema.webhookDeliveries.id,
            rows.map((r) => r.id),
          ),
        );
      expect(after.filter((d) => d.enqueuedAt !== null)).toHaveLength(40);
      expect(after.filter((d) => d.claimedAt !== null)).toHaveLength(0);
      const interrupted = await db.db
        .select()
        .from(schema.webhookDeliveryAttempts)
        .where(
          inArray(
            schema.webhookDeliveryAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        );
      expect(interrupted.map((a) => [a.attempt, a.errorClass])).toEqual(
        Array.from({ length: 20 }, () => [1, 'INTERRUPTED']),
      );
    } finally {
      await runtime.queue.obliterate({ force: true });
      await runtime.close({ force: true });
      await recorder.close();
      webhooks.runtime = createWebhookRuntime(webhooks.options());
      await webhooks.runtime.start();
    }
  });
});

describe('acceptance 4: only https targets outside private address ranges in production', () => {
  test('a private-address target is refused in production mode: coded error, nothing written', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const refused = [
      'https://127.0.0.1/hook',
      'https://10.0.0.8/hook',
      'https://172.16.5.4/hook',
      'https://192.168.0.10/hook',
      'https://100.64.1.1/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://[fd00:ec2::254]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://0.0.0.0/hook',
      'https://internal.example.test/hook',
      'https://mixed.example.test/hook',
      'https://metadata.example.test/hook',
      'https://mapped.example.test/hook',
      `http://hooks.example.test/hook`,
      'https://nowhere.example.test/hook',
    ];
    for (const url of refused) {
      const result = await gql(webhooks.prod, world.owner, CREATE, {
        input: { workspaceId: world.workspaceId, url, eventTypes: ['RUN_FAILED'] },
      });
      expect({ url, ...errorOf(result) }).toMatchObject({ url, code: 'BAD_USER_INPUT', field: 'url' });
      expect(result.data).toBeNull();
    }
    const written = await db.db
      .select()
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.workspaceId, world.workspaceId));
    expect(written).toEqual([]);
    const audited = await db.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(eq(schema.auditEvents.workspaceId, world.workspaceId), eq(schema.auditEvents.action, 'webhooks.create')),
      );
    expect(audited).toEqual([]);

    // A public https target is accepted.
    const ok = dataOf(
      await gql(webhooks.prod, world.owner, CREATE, {
        input: { workspaceId: world.workspaceId, url: 'https://hooks.example.test/msp', eventTypes: ['RUN_FAILED'] },
      }),
    ).createWebhookEndpoint;
    expect(ok.endpoint.url).toBe('https://hooks.example.test/msp');

    // The setting that allows private targets is refused with NODE_ENV=production.
    expect(() =>
      readSettings(z.object(webhookTargetSettings), {
        what: 'the worker',
        env: { NODE_ENV: 'production', WEBHOOK_ALLOW_INSECURE_TARGETS: 'true' },
      }),
    ).toThrow(/WEBHOOK_ALLOW_INSECURE_TARGETS is true/);
  });

  test('at delivery time the resolved addresses are checked again (DNS rebinding): a name now resolving to a private address gets nothing', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const receiver = await startReceiver();
    // Created as public (the production check at creation passed); it now resolves to loopback.
    const { endpoint } = await seed.webhookEndpoint(world.workspaceId, {
      url: `https://rebind.example.test:${new URL(receiver.url).port}/hooks/msp`,
      eventTypes: ['RUN_FAILED'],
    });
    const strict = createWebhookRuntime(
      webhooks.options({
        policy: { allowInsecure: false },
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
        maxAttempts: 1,
        queueName: 'webhook-deliveries-strict',
      }),
    );
    await webhooks.runtime.close();
    try {
      await strict.start();
      await completeRun(db, seed, world, 'FAILED');
      const failed = await eventually(
        async () => (await deliveriesOf(db, endpoint.id)).find((d) => d.status === 'FAILED'),
        'the refused attempt',
      );
      expect(failed).toMatchObject({ lastErrorClass: 'TARGET_REFUSED', lastResponseStatus: null });
      expect(receiver.received).toEqual([]);
    } finally {
      await strict.close();
      const strictQueue = new Queue('webhook-deliveries-strict', {
        connection: webhooks.options().redis,
        prefix: webhooks.options().prefix,
      });
      await strictQueue.obliterate({ force: true }).catch(() => {});
      await strictQueue.close();
      webhooks.runtime = createWebhookRuntime(webhooks.options());
      await webhooks.runtime.start();
      await receiver.close();
    }
  });
});

describe('acceptance 4: a bounded request', () => {
  test('a receiver that never answers times out, a redirect is not followed, a huge answer is read only in part', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const hits: string[] = [];
    const held: ServerResponse[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      if (req.url === '/slow') {
        held.push(res); // never answered
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/target` });
        res.end();
      } else if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 5 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else {
        res.writeHead(200);
        res.end('ok');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bounded = createWebhookRuntime(
      webhooks.options({
        maxAttempts: 1,
        timeoutMs: 500,
        maxResponseBytes: 4096,
        queueName: 'webhook-deliveries-bounded',
      }),
    );
    await webhooks.runtime.close();
    try {
      await bounded.start();
      const endpoints = {
        slow: (await seed.webhookEndpoint(world.workspaceId, { url: `${base}/slow`, eventTypes: ['RUN_FAILED'] }))
          .endpoint,
        redirect: (
          await seed.webhookEndpoint(world.workspaceId, { url: `${base}/redirect`, eventTypes: ['RUN_FAILED'] })
        ).endpoint,
        huge: (await seed.webhookEndpoint(world.workspaceId, { url: `${base}/huge`, eventTypes: ['RUN_FAILED'] }))
          .endpoint,
      };
      await completeRun(db, seed, world, 'FAILED');
      const settled = async (id: string) =>
        eventually(async () => (await deliveriesOf(db, id)).find((d) => d.status !== 'PENDING'), `delivery of ${id}`);
      const slow = await settled(endpoints.slow.id);
      expect(slow).toMatchObject({ status: 'FAILED', lastErrorClass: 'TIMEOUT', lastResponseStatus: null });
      const redirect = await settled(endpoints.redirect.id);
      expect(redirect).toMatchObject({ status: 'FAILED', lastErrorClass: 'HTTP_STATUS', lastResponseStatus: 302 });
      const huge = await settled(endpoints.huge.id);
      expect(huge).toMatchObject({ status: 'DELIVERED', lastResponseStatus: 200 });
      const [attempt] = await db.db
        .select()
        .from(schema.webhookDeliveryAttempts)
        .where(eq(schema.webhookDeliveryAttempts.deliveryId, huge.id));
      expect(attempt!.responseExcerpt!.length).toBeLessThanOrEqual(256);
      // The redirect's target was never asked.
      expect(hits.sort()).toEqual(['/huge', '/redirect', '/slow']);
    } finally {
      await bounded.close();
      const boundedQueue = new Queue('webhook-deliveries-bounded', {
        connection: webhooks.options().redis,
        prefix: webhooks.options().prefix,
      });
      await boundedQueue.obliterate({ force: true }).catch(() => {});
      await boundedQueue.close();
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      webhooks.runtime = createWebhookRuntime(webhooks.options());
      await webhooks.runtime.start();
    }
  });
});

describe('webhook endpoints: hostile input and isolation', () => {
  test('bad URLs, empty, duplicate and oversized event type lists, long descriptions: BAD_USER_INPUT naming the field, nothing written', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://hooks.example.test/x' }, 'url'],
      [{ url: 'https://user:pass@hooks.example.test/x' }, 'url'],
      [{ url: 'https://hooks.example.test/x#frag' }, 'url'],
      [{ url: `https://hooks.example.test/${'a'.repeat(2100)}` }, 'url'],
      [{ url: 'javascript:alert(1)' }, 'url'],
      [{ eventTypes: [] }, 'eventTypes'],
      [{ eventTypes: ['RUN_FAILED', 'RUN_FAILED'] }, 'eventTypes'],
      [{ eventTypes: Array.from({ length: 6 }, () => 'RUN_COMPLETED') }, 'eventTypes'],
      [{ description: 'x'.repeat(201) }, 'description'],
    ];
    for (const [change, field] of bad) {
      const result = await gql(webhooks.prod, world.owner, CREATE, {
        input: {
          workspaceId: world.workspaceId,
          url: 'https://hooks.example.test/ok',
          eventTypes: ['RUN_FAILED'],
          ...change,
        },
      });
      expect({ change, ...errorOf(result) }).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // A NUL character is refused before the service, by the subgraph's input rules.
    const nul = await gql(webhooks.prod, world.owner, CREATE, {
      input: {
        workspaceId: world.workspaceId,
        url: 'https://hooks.example.test/ok',
        eventTypes: ['RUN_FAILED'],
        description: 'a\u0000b',
      },
    });
    expect(errorOf(nul).code).toBe('BAD_USER_INPUT');
    // A huge list is refused before it reaches the service (the subgraph's limits or coercion).
    const huge = await gql(webhooks.prod, world.owner, CREATE, {
      input: {
        workspaceId: world.workspaceId,
        url: 'https://hooks.example.test/ok',
        eventTypes: Array.from({ length: 50_000 }, () => 'RUN_FAILED'),
      },
    });
    expect(huge.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|BAD_REQUEST|GRAPHQL_VALIDATION_FAILED/);
    const unknownType = await gql(webhooks.prod, world.owner, CREATE, {
      input: { workspaceId: world.workspaceId, url: 'https://hooks.example.test/ok', eventTypes: ['EVERYTHING'] },
    });
    expect(unknownType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const written = await db.db
      .select()
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.workspaceId, world.workspaceId));
    expect(written).toEqual([]);
  });

  test('at most 20 endpoints per workspace, also when created concurrently: CONFLICT beyond', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        gql(webhooks.prod, world.owner, CREATE, {
          input: { workspaceId: world.workspaceId, url: `https://hooks.example.test/${i}`, eventTypes: ['RUN_FAILED'] },
        }),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(20);
    expect(results.filter((r) => r.errors).map((r) => errorOf(r).code)).toEqual([
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
    ]);
    const written = await db.db
      .select()
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.workspaceId, world.workspaceId));
    expect(written).toHaveLength(20);
  });

  test("another workspace's endpoints and deliveries are NOT_FOUND; a workspace MEMBER is FORBIDDEN; only OWNERs manage", async ({
    db,
    seed,
    webhooks,
  }) => {
    const mine = await seed.world();
    const theirs = await seed.world();
    const member = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: mine.workspaceId, userId: member.id, role: 'MEMBER' });
    const { endpoint } = await seed.webhookEndpoint(theirs.workspaceId, { url: 'https://hooks.example.test/theirs' });
    const runId = await completeRun(db, seed, theirs, 'SUCCEEDED');
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(db, endpoint.id);
      return rows.length > 0 ? rows : undefined;
    }, 'their delivery');
    expect(runId).toBeTruthy();

    expect(errorOf(await gql(webhooks.prod, mine.owner, REDELIVER, { id: delivery!.id })).code).toBe('NOT_FOUND');
    expect(errorOf(await gql(webhooks.prod, mine.owner, REDELIVER, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect(errorOf(await gql(webhooks.prod, mine.owner, DELIVERIES, { id: endpoint.id })).code).toBe('NOT_FOUND');
    for (const mutation of [
      'deleteWebhookEndpoint(id: $id)',
      'rotateWebhookEndpointSecret(id: $id) { secret }',
      'disableWebhookEndpoint(id: $id) { id }',
    ]) {
      const result = await gql(webhooks.prod, mine.owner, `mutation ($id: ID!) { ${mutation} }`, { id: endpoint.id });
      expect(errorOf(result).code).toBe('NOT_FOUND');
    }
    const listTheirs = await gql(
      webhooks.prod,
      mine.owner,
      `query ($w: ID!) { webhookEndpoints(workspaceId: $w) { id } }`,
      {
        w: theirs.workspaceId,
      },
    );
    expect(errorOf(listTheirs).code).toBe('NOT_FOUND');
    const asMember = await gql(webhooks.prod, member, CREATE, {
      input: { workspaceId: mine.workspaceId, url: 'https://hooks.example.test/m', eventTypes: ['RUN_FAILED'] },
    });
    expect(errorOf(asMember).code).toBe('FORBIDDEN');
    // Nothing of theirs changed.
    const [still] = await db.db
      .select()
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.id, endpoint.id));
    expect(still?.enabled).toBe(true);
  });

  test('each endpoint mutation is its own registry action: a workspace MEMBER is FORBIDDEN, a stranger NOT_FOUND, and nothing is written', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const member = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: world.workspaceId, userId: member.id, role: 'MEMBER' });
    // A stranger owns a workspace of their own; a user with no membership at all is one too.
    const strangers = [(await seed.world()).owner, await seed.user()];
    const { endpoint } = await seed.webhookEndpoint(world.workspaceId, { url: 'https://hooks.example.test/a' });
    const { endpoint: off } = await seed.webhookEndpoint(world.workspaceId, {
      url: 'https://hooks.example.test/b',
      enabled: false,
    });
    // A FAILED delivery, written directly (no attempt under way, nothing for the dispatcher).
    const run = await seed.run({
      tenantId: world.tenant.id,
      providerConnectionId: world.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      initiatedBy: world.owner.id,
    });
    const [event] = await db.db
      .insert(schema.webhookEvents)
      .values({ workspaceId: world.workspaceId, tenantId: world.tenant.id, type: 'RUN_FAILED', runId: run.id })
      .returning();
    const [delivery] = await db.db
      .insert(schema.webhookDeliveries)
      .values({
        eventId: event!.id,
        endpointId: endpoint.id,
        workspaceId: world.workspaceId,
        status: 'FAILED',
        attempts: 6,
      })
      .returning();
    const since = new Date(Date.now() - 60_000).toISOString();

    const snapshot = async () => ({
      endpoints: await db.db
        .select()
        .from(schema.webhookEndpoints)
        .where(eq(schema.webhookEndpoints.workspaceId, world.workspaceId))
        .orderBy(schema.webhookEndpoints.id),
      deliveries: await db.db
        .select()
        .from(schema.webhookDeliveries)
        .where(eq(schema.webhookDeliveries.workspaceId, world.workspaceId)),
      audits: await db.db
        .select()
        .from(schema.auditEvents)
        .where(eq(schema.auditEvents.workspaceId, world.workspaceId)),
    });
    const before = await snapshot();
    expect(before.endpoints).toHaveLength(2);
    expect(before.deliveries).toHaveLength(1);

    const calls: Array<[string, string, Record<string, unknown>]> = [
      [
        'createWebhookEndpoint',
        `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`,
        { input: { workspaceId: world.workspaceId, url: 'https://hooks.example.test/c', eventTypes: ['RUN_FAILED'] } },
      ],
      [
        'updateWebhookEndpoint',
        `mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id } }`,
        { input: { id: endpoint.id, description: 'changed' } },
      ],
      ['enableWebhookEndpoint', `mutation ($id: ID!) { enableWebhookEndpoint(id: $id) { id } }`, { id: off.id }],
      ['disableWebhookEndpoint', `mutation ($id: ID!) { disableWebhookEndpoint(id: $id) { id } }`, { id: endpoint.id }],
      [
        'rotateWebhookEndpointSecret',
        `mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }`,
        { id: endpoint.id },
      ],
      ['deleteWebhookEndpoint', `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: endpoint.id }],
      [
        'redeliverWebhookDelivery',
        `mutation ($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }`,
        { id: delivery!.id },
      ],
      [
        'redeliverFailedWebhookDeliveries',
        `mutation ($id: ID!, $since: DateTime!) { redeliverFailedWebhookDeliveries(endpointId: $id, since: $since) }`,
        { id: endpoint.id, since },
      ],
    ];
    // Every mutation of the contract about webhooks is here.
    expect(calls.map(([name]) => name).sort()).toEqual(
      Object.keys(MUTATION_ACTIONS)
        .filter((name) => /Webhook/.test(name))
        .sort(),
    );
    for (const [name, document, variables] of calls) {
      const asMember = errorOf(await gql(webhooks.prod, member, document, variables));
      expect([name, asMember.code]).toEqual([name, 'FORBIDDEN']);
      expect(asMember.message).toContain('workspace.webhooks.manage');
      for (const stranger of strangers) {
        expect([name, errorOf(await gql(webhooks.prod, stranger, document, variables)).code]).toEqual([
          name,
          'NOT_FOUND',
        ]);
      }
    }
    expect(await snapshot()).toEqual(before);
    // Each mutation asks for its own action.
    expect(new Set(calls.map(([name]) => MUTATION_ACTIONS[name]![0])).size).toBe(calls.length);
  });

  test('the reads answer as the list does: webhookEndpoint(id) and its delivery log are FORBIDDEN to a workspace MEMBER, NOT_FOUND to a stranger as for a missing id, and nothing is written', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const member = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: world.workspaceId, userId: member.id, role: 'MEMBER' });
    const strangers = [(await seed.world()).owner, await seed.user()];
    const { endpoint } = await seed.webhookEndpoint(world.workspaceId, { url: 'https://hooks.example.test/read' });
    const audits = () =>
      db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.workspaceId, world.workspaceId));
    const before = await audits();
    const ONE = `query ($id: ID!) { webhookEndpoint(id: $id) { id url } }`;
    const LIST = `query ($w: ID!) { webhookEndpoints(workspaceId: $w) { id url } }`;
    const FORBIDDEN_TEXT = 'Your role in this workspace does not include workspace.webhooks.manage.';

    // The list and the single read say the same to the member: FORBIDDEN, naming the capability.
    const list = await gql(webhooks.prod, member, LIST, { w: world.workspaceId });
    expect(errorOf(list)).toEqual({ code: 'FORBIDDEN', message: FORBIDDEN_TEXT, field: undefined });
    const one = await gql(webhooks.prod, member, ONE, { id: endpoint.id });
    expect(errorOf(one)).toEqual({ code: 'FORBIDDEN', message: FORBIDDEN_TEXT, field: undefined });
    expect(one.raw).not.toContain('hooks.example.test');
    const log = await gql(webhooks.prod, member, DELIVERIES, { id: endpoint.id });
    expect(errorOf(log).code).toBe('FORBIDDEN');
    // A stranger learns nothing: the endpoint's NOT_FOUND, the same as for a missing id.
    const missing = errorOf(await gql(webhooks.prod, world.owner, ONE, { id: randomUUID() }));
    expect(missing).toEqual({ code: 'NOT_FOUND', message: 'Webhook endpoint not found.', field: undefined });
    for (const stranger of strangers) {
      const foreign = await gql(webhooks.prod, stranger, ONE, { id: endpoint.id });
      expect(errorOf(foreign)).toEqual(missing);
      expect(foreign.raw).not.toContain('hooks.example.test');
      expect(errorOf(await gql(webhooks.prod, stranger, DELIVERIES, { id: endpoint.id })).code).toBe('NOT_FOUND');
    }
    // The owner reads it.
    const own = await gql(webhooks.prod, world.owner, ONE, { id: endpoint.id });
    expect(own.data).toEqual({ webhookEndpoint: { id: endpoint.id, url: 'https://hooks.example.test/read' } });
    expect(await audits()).toEqual(before);
  });

  test('the delivery log pages by cursor without a gap or a repeat, deliveries created in the same instant included', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const { endpoint } = await seed.webhookEndpoint(world.workspaceId, { url: 'https://hooks.example.test/paged' });
    const runId = await completeRun(db, seed, world, 'SUCCEEDED');
    // Three more in one transaction: PostgreSQL gives them the same created_at.
    await db.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await recordWebhookEvent(tx, {
          workspaceId: world.workspaceId,
          tenantId: world.tenant.id,
          type: 'RUN_COMPLETED',
          runId,
          data: { i },
        });
      }
    });
    const all = await eventually(async () => {
      const rows = await deliveriesOf(db, endpoint.id);
      return rows.length === 4 ? rows : undefined;
    }, 'four deliveries');
    const PAGE = `query ($id: ID!, $after: String) {
      webhookEndpoint(id: $id) { deliveries(first: 1, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
    }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 6; page++) {
      const data = dataOf(await gql(webhooks.prod, world.owner, PAGE, { id: endpoint.id, after }));
      const { edges, pageInfo } = data.webhookEndpoint.deliveries;
      seen.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set(all.map((d) => d.id)));
  });

  test("the delivery log's attempt lists: each delivery's own attempts, oldest first, whatever order they were written in", async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const { endpoint } = await seed.webhookEndpoint(world.workspaceId, { url: 'https://hooks.example.test/log' });
    const run = await seed.run({
      tenantId: world.tenant.id,
      providerConnectionId: world.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      initiatedBy: world.owner.id,
      status: 'COMPLETED',
    });
    const events = await db.db
      .insert(schema.webhookEvents)
      .values(
        Array.from({ length: 4 }, () => ({
          workspaceId: world.workspaceId,
          type: 'RUN_COMPLETED' as const,
          runId: run.id,
        })),
      )
      .returning({ id: schema.webhookEvents.id });
    // Settled deliveries (the dispatcher leaves them alone); the fourth has no attempt at all.
    const deliveries = await db.db
      .insert(schema.webhookDeliveries)
      .values(
        events.map((e, i) => ({
          eventId: e.id,
          endpointId: endpoint.id,
          workspaceId: world.workspaceId,
          status: 'DELIVERED' as const,
          attempts: [3, 2, 1, 0][i]!,
        })),
      )
      .returning({ id: schema.webhookDeliveries.id });
    const [a, b, c] = deliveries.map((d) => d.id);
    const written: Array<[string, number]> = [
      [a!, 3],
      [b!, 2],
      [c!, 1],
      [a!, 1],
      [b!, 1],
      [a!, 2],
    ];
    for (const [deliveryId, attempt] of written) {
      await db.db.insert(schema.webhookDeliveryAttempts).values({
        deliveryId,
        attempt,
        startedAt: new Date(),
        durationMs: attempt,
        succeeded: false,
        responseStatus: 200,
      });
    }
    const log = dataOf(await gql(webhooks.dev, world.owner, DELIVERIES, { id: endpoint.id })).webhookEndpoint;
    const lists = new Map<string, number[]>(
      log.deliveries.edges.map((e: any) => [e.node.id, e.node.attemptLog.map((x: any) => x.attempt)]),
    );
    expect(lists).toEqual(
      new Map([
        [a, [1, 2, 3]],
        [b, [1, 2]],
        [c, [1]],
        [deliveries[3]!.id, []],
      ]),
    );
  });

  test('signing secrets are answered once and appear in no log line, audit record or later answer', async ({
    db,
    seed,
    webhooks,
  }) => {
    const world = await seed.world();
    const created = dataOf(
      await gql(webhooks.prod, world.owner, CREATE, {
        input: {
          workspaceId: world.workspaceId,
          url: 'https://hooks.example.test/secret?token=abc',
          eventTypes: ['RUN_FAILED'],
        },
      }),
    ).createWebhookEndpoint;
    const rotated = dataOf(
      await gql(webhooks.prod, world.owner, `mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret } }`, {
        id: created.endpoint.id,
      }),
    ).rotateWebhookEndpointSecret;
    const listed = await gql(
      webhooks.dev,
      world.owner,
      `query ($w: ID!) { webhookEndpoints(workspaceId: $w) { id url } }`,
      {
        w: world.workspaceId,
      },
    );
    await completeRun(db, seed, world, 'FAILED');
    await eventually(
      async () => (await deliveriesOf(db, created.endpoint.id)).some((d) => d.attempts > 0),
      'an attempt',
    );
    const secrets = [created.secret, rotated.secret].flatMap((s: string) => [s, s.slice('whsec_'.length)]);
    const audits = await db.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.workspaceId, world.workspaceId));
    expect(audits.map((a) => a.action).sort()).toEqual(['webhooks.create', 'webhooks.rotate_secret']);
    const stored = await db.db
      .select()
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.id, created.endpoint.id));
    const haystacks = [
      webhooks.logs.join('\n'),
      JSON.stringify(audits),
      listed.raw,
      JSON.stringify(stored.map((row) => ({ ...row, secretEncrypted: row.secretEncrypted.toString('latin1') }))),
    ];
    for (const secret of secrets) for (const text of haystacks) expect(text).not.toContain(secret);
    // The URL's query (often a token) is not in the audit records either: the host only.
    expect(JSON.stringify(audits)).not.toContain('token=abc');
    expect(webhooks.logs.join('\n')).not.toContain('token=abc');
  });
});

describe('the endpoint list: each endpoint’s last delivery', () => {
  test('webhookEndpoints answers every endpoint’s newest delivery with its status (null without one), in one query for the list', async ({
    database,
    db,
    queue,
    seed,
  }) => {
    const world = await seed.world();
    const endpoints = await Promise.all(
      ['a', 'b', 'c'].map(
        async (n) =>
          (await seed.webhookEndpoint(world.workspaceId, { url: `https://hooks.example.test/last-${n}` })).endpoint,
      ),
    );
    const [a, b, c] = endpoints as [(typeof endpoints)[number], (typeof endpoints)[number], (typeof endpoints)[number]];
    const run = await seed.run({
      tenantId: world.tenant.id,
      providerConnectionId: world.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      initiatedBy: world.owner.id,
      status: 'COMPLETED',
    });
    const events = await db.db
      .insert(schema.webhookEvents)
      .values(
        Array.from({ length: 3 }, () => ({
          workspaceId: world.workspaceId,
          tenantId: world.tenant.id,
          type: 'RUN_COMPLETED' as const,
          runId: run.id,
        })),
      )
      .returning({ id: schema.webhookEvents.id });
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
    // Settled deliveries only (none PENDING): the file's runtime leaves them alone.
    await db.db.insert(schema.webhookDeliveries).values([
      {
        eventId: events[0]!.id,
        endpointId: a.id,
        workspaceId: world.workspaceId,
        status: 'DELIVERED',
        attempts: 1,
        lastResponseStatus: 200,
        createdAt: at(1),
      },
      {
        eventId: events[1]!.id,
        endpointId: a.id,
        workspaceId: world.workspaceId,
        status: 'FAILED',
        attempts: 6,
        lastResponseStatus: 503,
        lastErrorClass: 'HTTP_STATUS',
        createdAt: at(2),
      },
      {
        eventId: events[2]!.id,
        endpointId: a.id,
        workspaceId: world.workspaceId,
        status: 'DELIVERED',
        attempts: 1,
        lastResponseStatus: 204,
        createdAt: at(0),
      },
      {
        eventId: events[0]!.id,
        endpointId: b.id,
        workspaceId: world.workspaceId,
        status: 'DELIVERED',
        attempts: 2,
        lastResponseStatus: 200,
        createdAt: at(3),
      },
    ]);

    const recorder = recordingDb(database.url);
    const server = await startTenantSubgraph({
      db: { db: recorder.db, sql: undefined as never, close: async () => {} },
      queue: queue.queue,
      auth,
      links,
      logger: captureLogs().logger,
      port: 0,
      host: '127.0.0.1',
      secretBox,
      webhookTargets: { allowInsecure: true },
    });
    try {
      const before = recorder.statements.length;
      const list = dataOf(
        await gql(
          server,
          world.owner,
          `query ($id: ID!) { webhookEndpoints(workspaceId: $id) { id lastDelivery { status attempts lastResponseStatus lastErrorClass createdAt } } }`,
          { id: world.workspaceId },
        ),
      ).webhookEndpoints as Array<{ id: string; lastDelivery: unknown }>;
      const byId = new Map(list.map((e) => [e.id, e.lastDelivery]));
      expect(byId.get(a.id)).toEqual({
        status: 'FAILED',
        attempts: 6,
        lastResponseStatus: 503,
        lastErrorClass: 'HTTP_STATUS',
        createdAt: at(2).toISOString(),
      });
      expect(byId.get(b.id)).toMatchObject({ status: 'DELIVERED', lastResponseStatus: 200 });
      expect(byId.get(c.id)).toBeNull();
      const deliveryQueries = recorder.statements.slice(before).filter((q) => /webhook_deliveries/.test(q));
      expect(deliveryQueries, deliveryQueries.join('\n---\n')).toHaveLength(1);
    } finally {
      await server.close();
      await recorder.close();
    }
  });
});
