// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 10, acceptance 3: PostgreSQL restarted under a stream of starts. The whole stack (gateway,
 * every subgraph, the worker, in this process) runs on a PRIVATE PostgreSQL server
 * (tests/support/postgres-server.ts) that the test stops and starts again while two clients keep
 * sending starts through the gateway; the shared server is never touched.
 *
 * - no error leaks: every answer is a start result or coded errors, never a stack trace, SQL, a
 *   driver message or a host name;
 * - every accepted run completes (SUCCEEDED), including runs the outage interrupted mid-way;
 * - no double admission: per provider connection, no two runs were ever active at once, and every
 *   DEDUPED / SCOPE_BUSY answer names a run that exists;
 * - every process survives (this one included: an escaping driver error would fail the file).
 */
import { Writable } from 'node:stream';
import { createDb, type DbHandle, runMigrations, schema } from '@msp/db';
import { afterAll, describe, expect, test } from '@msp/tests/support/fixtures';
import { type PrivatePostgres, startPrivatePostgres } from '@msp/tests/support/postgres-server';
import { createSeed } from '@msp/tests/support/seed';
import { simulatorControl } from '@msp/tests/support/simulator';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import postgres from 'postgres';
import { type Stack, startStack } from '../e2e/harness';

const START = `mutation S($t: ID!) { startDirectoryGroupsSync(tenantId: $t) {
  __typename
  ... on ProviderOperationStart { outcome }
  ... on ProviderOperationAccepted { run { id } }
  ... on ProviderOperationDeduped { run { id } }
  ... on ProviderOperationScopeBusy { activeRun { id } }
} }`;

/** What no answer may carry: driver or SQL text, a host:port, a stack frame. */
const LEAK =
  /\b(select|insert into|update \w+ set|delete from|ECONN\w+|CONNECTION_\w+|57P0\d|terminating connection|postgres(ql)?:\/\/|127\.0\.0\.1:\d+)|\bat .+:\d+:\d+|stacktrace/i;

interface Answer {
  status: number;
  raw: string;
  body: any;
  phase: 'before' | 'down' | 'after';
}

let pg: PrivatePostgres;
let handle: DbHandle;
let stack: Stack;
const logs: string[] = [];

async function setUp() {
  pg = await startPrivatePostgres();
  const admin = postgres(pg.url(), { max: 1, onnotice: () => {} });
  await admin.unsafe('create database msp');
  await admin.end();
  await runMigrations(pg.url('msp'));
  handle = createDb({ url: pg.url('msp'), max: 10, applicationName: 'msp-reliability' });
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  stack = await startStack(handle, { logLevel: 'warn', logStream });
}

// In a hook, not the test's `finally`: a test that times out is abandoned, its `finally` may never
// run, and the private server would outlive the run.
afterAll(async () => {
  await stack?.close().catch(() => {});
  await handle?.close().catch(() => {});
  await pg?.destroy();
});

describe('PostgreSQL restarted under a stream of starts', () => {
  // About 20 s on an idle machine; the limit allows for a loaded one.
  test('no error leaks, every accepted run completes, no double admission, every process answers', {
    timeout: 120_000,
  }, async () => {
    await setUp();
    const seed = createSeed(handle.db);
    const sim = simulatorControl(stack.simulator.url);
    const owner = await seed.user();
    const workspace = await seed.workspace(owner.id);
    const tenants: Array<{ id: string; connectionId: string }> = [];
    for (let i = 0; i < 4; i++) {
      const t = await seed.tenant(owner.id, { name: `Tenant ${i}`, workspaceId: workspace.id });
      const c = await seed.connection(t.id);
      // Runs long enough (a few Graph calls of 150 ms) to be caught mid-way by the restart.
      await sim.configure(c.entraTenantId, { groups: 3, latencyMs: 150 });
      tenants.push({ id: t.id, connectionId: c.id });
    }
    const token = await stack.token(owner.subject);

    const answers: Answer[] = [];
    const streamStarted = Date.now();
    let phase: Answer['phase'] = 'before';
    let streaming = true;
    const client = async (offset: number) => {
      for (let i = offset; streaming; i++) {
        const tenant = tenants[i % tenants.length]!;
        let status = 0;
        let raw = '';
        try {
          const res = await fetch(stack.gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: START, variables: { t: tenant.id } }),
          });
          status = res.status;
          raw = await res.text();
        } catch (err) {
          raw = `fetch failed: ${(err as Error).message}`;
        }
        let body: any = null;
        try {
          body = JSON.parse(raw);
        } catch {
          // Recorded as is: not JSON is a failure below.
        }
        answers.push({ status, raw, body, phase });
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const clients = [client(0), client(2)];
    // Phases by what was answered, not by the clock (a loaded machine answers slowly).
    const answered = (p: Answer['phase'], what: (a: Answer) => boolean) =>
      answers.filter((a) => a.phase === p && what(a)).length;
    const result = (a: Answer) => Boolean(a.body?.data?.startDirectoryGroupsSync);
    const accepted = (a: Answer) => a.body?.data?.startDirectoryGroupsSync?.outcome === 'ACCEPTED';
    const until = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => answered('before', accepted) >= 2 && answered('before', result) >= 6, 'answers before');
    phase = 'down';
    await pg.stop('fast');
    await until(() => answered('down', (a) => Boolean(a.body?.errors)) >= 4, 'refusals while down');
    await pg.start();
    phase = 'after';
    await until(() => answered('after', accepted) >= 2 && answered('after', result) >= 6, 'answers after');
    streaming = false;
    await Promise.all(clients);
    const timing = `${answers.length} answers in ${Math.round((Date.now() - streamStarted) / 1000)} s`;

    const summary = (['before', 'down', 'after'] as const).map((p) => {
      const own = answers.filter((a) => a.phase === p);
      return `${p}: ${own.length} answers, ${own.filter((a) => a.body?.data?.startDirectoryGroupsSync).length} results, errors ${JSON.stringify([...new Set(own.flatMap((a) => (a.body?.errors ?? []).map((e: any) => `${e.extensions?.code} ${e.message}`)))])}`;
    });
    console.log([timing, ...summary].join('\n'));
    // No error leaks: each answer is JSON, with a start result or coded errors only.
    const leaks = answers.filter(
      (a) =>
        a.body === null ||
        LEAK.test(a.raw) ||
        (a.body.errors ?? []).some((e: any) => typeof e.extensions?.code !== 'string'),
    );
    expect(leaks.map((a) => `${a.phase} ${a.status} ${a.raw.slice(0, 300)}`)).toEqual([]);
    const codes = new Set(answers.flatMap((a) => (a.body.errors ?? []).map((e: any) => e.extensions.code)));
    expect([...codes].filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    const results = answers.flatMap((a) =>
      a.body.data?.startDirectoryGroupsSync ? [a.body.data.startDirectoryGroupsSync] : [],
    );
    // The stream went on around the outage: answered before, refused while down, answered after.
    for (const p of ['before', 'after'] as const) {
      expect(answers.some((a) => a.phase === p && a.body.data?.startDirectoryGroupsSync)).toBe(true);
    }
    expect(answers.some((a) => a.phase === 'down' && a.body.errors)).toBe(true);
    expect(new Set(results.map((r) => r.outcome))).not.toContain('BLOCKED');

    // Every run the database holds (an accepted answer lost with its connection included)
    // completes, and succeeds.
    const r = schema.operationRuns;
    const deadline = Date.now() + 40_000;
    let active = 1;
    while (active > 0 && Date.now() < deadline) {
      active = (
        await handle.db
          .select({ id: r.id })
          .from(r)
          .where(inArray(r.status, ['QUEUED', 'RUNNING']))
      ).length;
      if (active > 0) await new Promise((res) => setTimeout(res, 200));
    }
    const runs = await handle.db
      .select()
      .from(r)
      .where(ne(r.outcome, 'BLOCKED'))
      .orderBy(asc(r.providerConnectionId), asc(r.createdAt));
    const acceptedIds = results.filter((x) => x.outcome === 'ACCEPTED').map((x) => x.run.id as string);
    expect(new Set(acceptedIds).size).toBe(acceptedIds.length);
    const byId = new Map(runs.map((run) => [run.id, run]));
    for (const id of acceptedIds) expect(byId.has(id)).toBe(true);
    expect(
      runs.filter((run) => run.outcome !== 'SUCCEEDED').map((run) => [run.id, run.status, run.outcome, run.reasonCode]),
    ).toEqual([]);
    const interrupted = runs.filter((run) => run.attempts > 1);

    // No double admission: on each connection, a run was admitted only after the previous ended.
    for (const t of tenants) {
      const own = runs.filter((run) => run.providerConnectionId === t.connectionId);
      for (let i = 1; i < own.length; i++) {
        expect(own[i]!.createdAt.getTime()).toBeGreaterThanOrEqual(own[i - 1]!.completedAt!.getTime());
      }
    }
    for (const x of results.filter((x) => x.outcome === 'DEDUPED' || x.outcome === 'SCOPE_BUSY')) {
      expect(byId.has(x.run?.id ?? x.activeRun?.id)).toBe(true);
    }

    // Every process answers: the gateway's /readyz polls every subgraph's, and a query works. A
    // subgraph's probe has its own timeout, which a loaded machine can overrun for a moment: asked
    // again for up to 20 s, the answer must become 200 (the last one is reported otherwise).
    let ready = { status: 0, body: '' };
    for (const deadline = Date.now() + 20_000; ready.status !== 200 && Date.now() < deadline; ) {
      const res = await fetch(new URL('/readyz', stack.gateway.url));
      ready = { status: res.status, body: await res.text() };
      if (ready.status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(ready).toEqual({ status: 200, body: expect.any(String) });
    const me = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect((await me.json()).data.me.id).toBeTruthy();
    const [still] = await handle.db
      .select({ id: r.id })
      .from(r)
      .where(and(eq(r.status, 'COMPLETED')))
      .limit(1);
    expect(still).toBeDefined();
    console.log(
      `postgres-restart: ${timing} (${answers.filter((a) => a.body?.errors).length} refused), ${acceptedIds.length} accepted, ${runs.length} runs, ${interrupted.length} taken over after the restart`,
    );
  });
});
