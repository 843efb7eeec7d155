/**
 * Shared subscription execution: one execution per event for listed root fields, one per
 * subscriber for the others; leaving a shared subscription releases its listener at once.
 */
import { randomBytes } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import { testEnv } from '@msp/tests/support/env';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import {
  type BaseContext,
  createBuilder,
  createFanout,
  createRequestAuthenticator,
  type Fanout,
  type KitTypes,
  type SubgraphServer,
  startSubgraphServer,
  toSubgraphSchema,
} from '../src';

const auth = { jwtSecret: 'shared-execution-test-secret-0123' };
const executions = { shared: 0, private: 0, viewer: 0 };
const decode = (raw: string) => ({ n: Number(raw) });

function buildSchema(fanout: Fanout) {
  const builder = createBuilder<KitTypes<BaseContext>>();
  const Tick = builder.objectRef<{ n: number; kind: 'shared' | 'private' }>('Tick').implement({
    description: 'A tick.',
    fields: (t) => ({
      n: t.int({
        description: 'The tick number (counts its executions).',
        resolve: (tick) => {
          executions[tick.kind]++;
          return tick.n;
        },
      }),
      viewer: t.string({
        description: 'Who is watching: reads the caller, so it must never be shared.',
        resolve: (_tick, _args, ctx) => {
          executions.viewer++;
          return ctx.actor.subject;
        },
      }),
    }),
  });
  builder.queryType({
    description: 'Q.',
    fields: (t) => ({ ok: t.boolean({ description: 'ok', resolve: () => true }) }),
  });
  const field = (kind: 'shared' | 'private') =>
    builder.subscriptionField(kind === 'shared' ? 'sharedTicks' : 'privateTicks', (t) =>
      t.field({
        type: Tick,
        description: `${kind} ticks.`,
        args: { channel: t.arg.string({ required: true }) },
        subscribe: (_r, args) => fanout.listen(args.channel, decode),
        resolve: (tick) => ({ ...tick, kind }),
      }),
    );
  builder.subscriptionType({ description: 'S.' });
  field('shared');
  field('private');
  return toSubgraphSchema(builder);
}

const test = base.extend<{ kit: { server: SubgraphServer; fanout: Fanout; publisher: Redis } }>({
  kit: [
    async ({ db }, use) => {
      const subscriber = new Redis(testEnv.redisUrl);
      const publisher = new Redis(testEnv.redisUrl);
      const fanout = createFanout({ subscriber });
      const server = await startSubgraphServer<BaseContext>({
        name: 'shared-execution-test',
        schema: buildSchema(fanout),
        port: 0,
        host: '127.0.0.1',
        subscriptions: true,
        sharedSubscriptionFields: ['sharedTicks'],
        viewerFields: ['viewer'],
        authenticator: createRequestAuthenticator({ db: db.db, auth }),
        contextFactory: ({ actor, authorization }) => ({ actor, authorization, db: db.db }),
        logger: testLogger,
      });
      await use({ server, fanout, publisher });
      await server.close();
      await fanout.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
    { scope: 'file' },
  ],
});

async function client(server: SubgraphServer): Promise<Client> {
  const token = await signDevelopmentToken(auth.jwtSecret, `shared-${randomBytes(4).toString('hex')}`);
  return createClient({
    url: server.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
}

function collect(c: Client, query: string, channel: string) {
  const got: number[] = [];
  const viewers: string[] = [];
  const waiters: Array<() => void> = [];
  const dispose = c.subscribe<Record<string, { n: number }>>(
    { query, variables: { channel } },
    {
      next: (r) => {
        const value = Object.values(r.data ?? {})[0] as { n: number; viewer?: string } | undefined;
        if (value) got.push(value.n);
        if (value?.viewer) viewers.push(value.viewer);
        for (const w of waiters.splice(0)) w();
      },
      error: (e) => {
        throw new Error(JSON.stringify(e));
      },
      complete: () => {},
    },
  );
  const until = async (n: number) => {
    while (got.length < n) await new Promise<void>((r) => waiters.push(r));
    return got.slice();
  };
  return { got, viewers, until, dispose };
}

async function waitForListeners(fanout: Fanout, channel: string, n: number) {
  const deadline = Date.now() + 10_000;
  while (fanout.listenerCount(channel) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} listeners on ${channel}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('shared subscription execution', () => {
  test('listed fields execute once per event for all subscribers; others once per subscriber', async ({ kit }) => {
    const channel = `shared-test:${randomBytes(5).toString('hex')}`;
    const [a, b] = [await client(kit.server), await client(kit.server)];
    try {
      const sharedQuery = 'subscription($channel: String!) { sharedTicks(channel: $channel) { n } }';
      const privateQuery = 'subscription($channel: String!) { privateTicks(channel: $channel) { n } }';
      const subs = [
        collect(a, sharedQuery, channel),
        collect(b, sharedQuery, channel),
        collect(a, privateQuery, channel),
        collect(b, privateQuery, channel),
      ];
      await waitForListeners(kit.fanout, channel, 4);
      executions.shared = 0;
      executions.private = 0;
      await kit.publisher.publish(channel, '1');
      await kit.publisher.publish(channel, '2');
      for (const s of subs) expect(await s.until(2)).toEqual([1, 2]);
      expect(executions).toEqual({ shared: 2, private: 4, viewer: 0 });
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  test('a shared field whose selection reads the caller (in a fragment too) is executed per subscriber', async ({
    kit,
  }) => {
    const channel = `shared-test:${randomBytes(5).toString('hex')}`;
    const [a, b] = [await client(kit.server), await client(kit.server)];
    try {
      const query = `subscription($channel: String!) { sharedTicks(channel: $channel) { n ...Who } }
        fragment Who on Tick { viewer }`;
      const subs = [collect(a, query, channel), collect(b, query, channel)];
      await waitForListeners(kit.fanout, channel, 2);
      executions.shared = 0;
      executions.viewer = 0;
      await kit.publisher.publish(channel, '1');
      for (const s of subs) expect(await s.until(1)).toEqual([1]);
      expect(executions).toMatchObject({ shared: 2, viewer: 2 });
      // Each subscriber got its own name, not the first subscriber's.
      expect(new Set(subs.map((s) => s.viewers[0])).size).toBe(2);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  test('leaving a shared subscription releases its listener without waiting for an event', async ({ kit }) => {
    const channel = `shared-test:${randomBytes(5).toString('hex')}`;
    const c = await client(kit.server);
    try {
      const sub = collect(c, 'subscription($channel: String!) { sharedTicks(channel: $channel) { n } }', channel);
      await waitForListeners(kit.fanout, channel, 1);
      sub.dispose();
      await waitForListeners(kit.fanout, channel, 0);
      expect(kit.fanout.listenerCount(channel)).toBe(0);
    } finally {
      await c.dispose();
    }
  });
});
