// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Through the gateway, over HTTP, graphql-ws and SSE, against whatever subgraphs
 * scripts/subgraphs.ts lists (operations at least). Runs are admitted by the gate library
 * itself (what every action host calls), processed by a real worker against the Graph simulator.
 */
import { randomUUID } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import type { DbHandle } from '@msp/db';
import { accessChangedChannel, createGate, notificationChannel, runEventChannel, type StartRequest } from '@msp/gate';
import type { OperationsSubgraph } from '@msp/operations';
import { describe, expect } from '@msp/tests/support/fixtures';
import pino from 'pino';
import {
  auth,
  codesOf,
  test as e2e,
  gql,
  links,
  listening,
  type Stack,
  startStack,
  subscribe,
  waitFor,
  wsClient,
} from './harness';

const RUN_FIELDS = `id status outcome operationType url
  providerConnection { id displayName entraTenantId clientId }
  message { headline }`;

const test = e2e
  .extend<{ stack: Stack }>({
    // Live subscriptions here are not re-checked periodically (the safety net is ten minutes
    // away): a stream that ends when access ends was ended by the access-changed event.
    stack: [
      async ({ database }, use) => {
        const stack = await startStack(database.connect(10), { subscriptionRecheckMs: 600_000 });
        await use(stack);
        await stack.close();
      },
      { scope: 'file' },
    ],
  })
  .extend<{
    world: Awaited<ReturnType<ReturnType<typeof import('@msp/tests/support/seed').createSeed>['world']>> & {
      operator: { id: string; subject: string };
      stranger: { id: string; subject: string };
    };
  }>({
    world: [
      async ({ seed }, use) => {
        const w = await seed.world();
        const operator = await seed.user();
        await seed.member(w.tenant.id, operator.id, 'OPERATOR');
        const stranger = await seed.user();
        await use({ ...w, operator, stranger });
      },
      { scope: 'file' },
    ],
  });

/** Starts a run through the gate library itself, as every action host does. */
async function start(
  stack: Stack,
  world: { tenant: { id: string } },
  db: DbHandle,
  request: Partial<StartRequest> & { actor: StartRequest['actor'] },
) {
  const gate = createGate({
    db: db.db,
    queue: stack.queue,
    publisher: stack.publisher,
    links,
    logger: pino({ level: 'silent' }),
  });
  const result = await gate.start({
    operationType: 'DIRECTORY_GROUPS_SYNC',
    surface: 'TENANT',
    tenantId: world.tenant.id,
    ...request,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('gateway over the operations subgraph', () => {
  test('GET /healthz answers, /readyz checks every subgraph', async ({ stack }) => {
    const base = stack.gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  test('UNAUTHENTICATED keeps its code through the gateway (no token, bad token)', async ({ stack }) => {
    const none = await gql(stack.gateway.url, null, '{ myNotifications { id } }');
    expect(codesOf(none)).toEqual(['UNAUTHENTICATED']);
    const bad = await gql(stack.gateway.url, 'not-a-jwt', '{ myNotifications { id } }');
    expect(codesOf(bad)).toEqual(['UNAUTHENTICATED']);
  });

  test('NOT_FOUND keeps its code: a run that does not exist and a run of a tenant the caller is not in', async ({
    stack,
    world,
  }) => {
    const missing = await gql(
      stack.gateway.url,
      await stack.token(world.owner.subject),
      '{ operationRun(id: $id) { id } }'.replace('$id', `"${randomUUID()}"`),
    );
    expect(codesOf(missing)).toEqual(['NOT_FOUND']);
  });

  test('run detail identity: the run the gate admitted, with the connection chosen at click time', async ({
    db,
    stack,
    world,
  }) => {
    const result = await start(stack, world, db, { actor: { userId: world.owner.id } });
    expect(result.outcome).toBe('ACCEPTED');
    if (result.outcome !== 'ACCEPTED') return;
    const ownerToken = await stack.token(world.owner.subject);
    const detail = await gql(
      stack.gateway.url,
      ownerToken,
      `query($id: ID!) { operationRun(id: $id) { ${RUN_FIELDS} } }`,
      {
        id: result.run.id,
      },
    );
    expect(detail.errors).toBeUndefined();
    expect(detail.data.operationRun).toMatchObject({
      id: result.run.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      url: `${links.publicAppUrl}/monitoring/operations/${result.run.id}`,
      providerConnection: {
        id: world.connection.id,
        displayName: world.connection.displayName,
        entraTenantId: world.connection.entraTenantId,
        clientId: world.connection.clientId,
      },
    });
    // The stranger learns nothing: the same NOT_FOUND as an id that does not exist.
    const stranger = await gql(
      stack.gateway.url,
      await stack.token(world.stranger.subject),
      `query($id: ID!) { operationRun(id: $id) { id } }`,
      {
        id: result.run.id,
      },
    );
    expect(codesOf(stranger)).toEqual(['NOT_FOUND']);
    await waitFor(async () => {
      const r = await gql(stack.gateway.url, ownerToken, 'query($id: ID!) { operationRun(id: $id) { status } }', {
        id: result.run.id,
      });
      return r.data?.operationRun?.status === 'COMPLETED';
    }, 'the run to complete');
  });

  test('a stranger subscribing to a tenant gets NOT_FOUND over graphql-ws (not a masked error)', async ({
    stack,
    world,
  }) => {
    const client = wsClient(stack.gateway.url, await stack.token(world.stranger.subject));
    try {
      const sub = subscribe(client, 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id } } }', {
        t: world.tenant.id,
      });
      const errors = await sub.failed();
      expect(errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(errors[0]!.message).not.toMatch(/unexpected error/i);
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });

  test('a live subscription ends through the gateway when access ends: removed member NOT_FOUND, expired token UNAUTHENTICATED, both complete', async ({
    db,
    seed,
    stack,
    world,
  }) => {
    const member = await seed.user();
    await seed.member(world.tenant.id, member.id, 'READONLY');
    // `exp` has whole seconds: this token expires 11-12 s from now. (5 s was too short on a loaded
    // machine: the run could still be running at the expiry, and its last event's tenant entity
    // fetch, made with the expired token, came back null.)
    const shortLived = await signDevelopmentToken(auth.jwtSecret, world.operator.subject, { expiresIn: '12s' });
    const removedClient = wsClient(stack.gateway.url, await stack.token(member.subject));
    const expiringClient = wsClient(stack.gateway.url, shortLived);
    const query = 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id status tenant { name } } } }';
    try {
      const removed = subscribe(removedClient, query, { t: world.tenant.id });
      const expiring = subscribe(expiringClient, query, { t: world.tenant.id });
      const operations = stack.subgraphs.operations as unknown as OperationsSubgraph;
      await waitFor(
        () => operations.events.fanout.listenerCount(runEventChannel(world.tenant.id)) === 2,
        'both subscriptions live',
      );
      const result = await start(stack, world, db, { actor: { userId: world.operator.id } });
      expect(result.outcome).toBe('ACCEPTED');
      // The run's last event reached both before access ends (no event in flight meanwhile).
      const completed = (sub: typeof removed) =>
        sub.events.some((e) => e.operationRunUpdated.run.status === 'COMPLETED');
      await waitFor(() => completed(removed) && completed(expiring), 'the run completed, seen by both');
      for (const sub of [removed, expiring]) {
        expect(sub.events.every((e) => e.operationRunUpdated.run.tenant.name === world.tenant.name)).toBe(true);
      }

      // The owner removes the member through the gateway. No `access.recheck()`: the tenant
      // subgraph's access-changed event alone ends the stream.
      expect(operations.events.fanout.listenerCount(accessChangedChannel)).toBe(1);
      const removal = await gql(
        stack.gateway.url,
        await stack.token(world.owner.subject),
        'mutation($t: ID!, $u: ID!) { removeTenantMember(tenantId: $t, userId: $u) { id myRole } }',
        { t: world.tenant.id, u: member.id },
      );
      expect(removal.errors).toBeUndefined();
      expect(removal.data.removeTenantMember).toEqual({ id: world.tenant.id, myRole: 'OWNER' });
      expect(codesOf({ errors: await removed.failed() })).toEqual(['NOT_FOUND']);
      await removed.completed();

      const expired = await expiring.failed(20_000);
      expect(expired.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['UNAUTHENTICATED', 'The bearer token has expired: reconnect with a fresh token.'],
      ]);
      await expiring.completed();
      // Each ended with one event of errors only: not the previous event's data again (the
      // router runtime keeps it), no errors of earlier events.
      for (const sub of [removed, expiring]) {
        expect(sub.results.filter((r) => r.errors)).toHaveLength(1);
        expect(sub.results.at(-1)!.data ?? null).toBeNull();
        expect(sub.results.at(-1)!.errors).toHaveLength(1);
      }
    } finally {
      await Promise.all([removedClient.dispose(), expiringClient.dispose()]);
    }
  });

  test('a graphql-ws client without a token is refused with UNAUTHENTICATED', async ({ stack }) => {
    const client = wsClient(stack.gateway.url, null);
    try {
      const sub = subscribe(client, '{ myNotifications { id } }');
      const errors = await sub.failed();
      expect(errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });

  test('live subscription over graphql-ws sees QUEUED → RUNNING → COMPLETED of a run', async ({ db, stack, world }) => {
    const client = wsClient(stack.gateway.url, await stack.token(world.operator.subject));
    try {
      const sub = subscribe(
        client,
        `subscription($t: ID!) { operationRunUpdated(tenantId: $t) { previousStatus run { id status outcome } } }`,
        { t: world.tenant.id },
      );
      // The subscription is live once the subgraph listens on the tenant's Redis channel.
      await listening(stack, runEventChannel(world.tenant.id));
      const result = await start(stack, world, db, {
        actor: { userId: world.operator.id },
        operationType: 'ROLE_DEFINITIONS_SYNC',
      });
      expect(result.outcome).toBe('ACCEPTED');
      if (result.outcome !== 'ACCEPTED') return;
      await waitFor(
        () =>
          sub.events.some(
            (e) => e.operationRunUpdated.run.id === result.run.id && e.operationRunUpdated.run.status === 'COMPLETED',
          ),
        'COMPLETED event',
      );
      const statuses = sub.events
        .filter((e) => e.operationRunUpdated.run.id === result.run.id)
        .map((e) => e.operationRunUpdated.run.status);
      expect(statuses[0]).toBe('QUEUED');
      expect(statuses).toContain('RUNNING');
      expect(statuses.at(-1)).toBe('COMPLETED');
      expect(sub.errors).toEqual([]);
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });

  test('SSE: a stranger subscribing gets NOT_FOUND with its code', async ({ stack, world }) => {
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${await stack.token(world.stranger.subject)}`,
      },
      body: JSON.stringify({
        query: 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id } } }',
        variables: { t: world.tenant.id },
      }),
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n') || !text.includes('data:')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    const data = JSON.parse(
      text
        .split('\n')
        .find((l) => l.startsWith('data:'))!
        .slice(5),
    );
    expect(codesOf(data)).toEqual(['NOT_FOUND']);
  });

  test('terminal notifications reach the initiator only', async ({ db, stack, world }) => {
    const ownerClient = wsClient(stack.gateway.url, await stack.token(world.owner.subject));
    const operatorClient = wsClient(stack.gateway.url, await stack.token(world.operator.subject));
    try {
      const ownerSub = subscribe(ownerClient, 'subscription { notificationReceived { id title run { id status } } }');
      const operatorSub = subscribe(operatorClient, 'subscription { notificationReceived { id run { id } } }');
      await listening(stack, notificationChannel(world.owner.id));
      await listening(stack, notificationChannel(world.operator.id));
      const result = await start(stack, world, db, {
        actor: { userId: world.owner.id },
        operationType: 'POLICY_BACKUP',
      });
      expect(result.outcome).toBe('ACCEPTED');
      if (result.outcome !== 'ACCEPTED') return;
      await waitFor(
        () => ownerSub.events.some((e) => e.notificationReceived.run.id === result.run.id),
        "the initiator's notification",
      );
      const mine = ownerSub.events.filter((e) => e.notificationReceived.run.id === result.run.id);
      expect(mine).toHaveLength(1);
      expect(mine[0].notificationReceived.run.status).toBe('COMPLETED');
      expect(operatorSub.events.filter((e) => e.notificationReceived.run.id === result.run.id)).toEqual([]);
      const operatorList = await gql(
        stack.gateway.url,
        await stack.token(world.operator.subject),
        '{ myNotifications { run { id } } }',
      );
      expect(operatorList.data.myNotifications.map((n: any) => n.run.id)).not.toContain(result.run.id);
      const ownerList = await gql(
        stack.gateway.url,
        await stack.token(world.owner.subject),
        '{ myNotifications { run { id } } }',
      );
      expect(ownerList.data.myNotifications.map((n: any) => n.run.id)).toContain(result.run.id);
      ownerSub.dispose();
      operatorSub.dispose();
    } finally {
      await ownerClient.dispose();
      await operatorClient.dispose();
    }
  });

  test('each caller reaches the subgraphs with their own token (no request collapsing across users)', async ({
    stack,
    world,
  }) => {
    const [owner, stranger] = await Promise.all([
      gql(stack.gateway.url, await stack.token(world.owner.subject), '{ myNotifications { run { id } } }'),
      gql(stack.gateway.url, await stack.token(world.stranger.subject), '{ myNotifications { run { id } } }'),
    ]);
    expect(owner.data.myNotifications.length).toBeGreaterThan(0);
    expect(stranger.data.myNotifications).toEqual([]);
  });

  test('too deep and too costly operations are refused before any subgraph is called', async ({ stack, world }) => {
    const token = await stack.token(world.owner.subject);
    const deep = `{ myNotifications { run { ${'tenant { id } '.repeat(1)} message { headline } } } }`;
    expect((await gql(stack.gateway.url, token, deep)).errors).toBeUndefined();
    let nested = 'id';
    for (let i = 0; i < 17; i++)
      nested = `__typename ... on Query { myNotifications { id } } x${i}: myNotifications { ${nested} }`;
    const tooDeep = await gql(stack.gateway.url, token, `{ ${nested} }`);
    expect(codesOf(tooDeep)).toContain('OPERATION_TOO_COMPLEX');
    const wide = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: myNotifications(first: 200) { id title body run { id status } }`).join(' ')} }`;
    expect(codesOf(await gql(stack.gateway.url, token, wide))).toContain('OPERATION_TOO_COMPLEX');
  });
});
