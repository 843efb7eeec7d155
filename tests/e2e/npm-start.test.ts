// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 5, acceptance 3 (and issue 10: a crashed subgraph is restarted, not the stack stopped): `npm start` on an empty database brings up the whole stack (migrations,
 * quickstart seed, Graph simulator, every subgraph, worker, gateway, console), prints an endpoint and
 * development tokens, answers a GraphQL request made with a printed token, serves the console at
 * PUBLIC_APP_URL (issue 13: deep links, /healthz, development sign-in with a token the gateway
 * accepts), and stops cleanly on
 * SIGTERM. Run as a real child process on free ports, a fresh database and a private BullMQ
 * prefix, so it disturbs nothing else on the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { databaseUrl, testEnv } from '@msp/tests/support/env';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, describe, expect, test } from 'vitest';
import { SUBGRAPHS } from '../../scripts/subgraphs';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const database = `msp_test_${Math.floor(Date.now() / 1000)}_start${randomBytes(3).toString('hex')}`;
const prefix = `start-${randomBytes(4).toString('hex')}`;
let child: ChildProcess | null = null;

afterAll(async () => {
  child?.kill('SIGKILL');
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.end();
  // The stack's queue keys (BullMQ keeps its meta key after a clean stop).
  const redis = new Redis(testEnv.redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('npm start', () => {
  test('an empty database to a working endpoint with printed tokens, and a clean stop', {
    timeout: 240_000,
  }, async () => {
    const ports: Record<string, string> = {
      GATEWAY_PORT: String(await freePort()),
      GRAPH_SIMULATOR_PORT: String(await freePort()),
      WORKER_HEALTH_PORT: String(await freePort()),
      CONSOLE_PORT: String(await freePort()),
    };
    const publicAppUrl = `http://localhost:${ports.CONSOLE_PORT}`;
    for (const s of SUBGRAPHS) ports[`${s.name.toUpperCase().replaceAll('-', '_')}_PORT`] = String(await freePort());

    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        ...ports,
        DATABASE_URL: databaseUrl(database),
        BULLMQ_PREFIX: prefix,
        PUBLIC_APP_URL: publicAppUrl,
        LOG_LEVEL: 'warn',
        // Ten processes boot through tsx at once: on a shared, loaded 2-core machine that can take over a minute.
        START_TIMEOUT_MS: '180000',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

    // Wait for the ready banner (or an early exit), never longer than the test's own timeout.
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    const clean = () => output.replace(ansi, '');
    await Promise.race([
      new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (/^Ready\./m.test(clean())) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
      }),
      exited.then((code) => {
        throw new Error(`npm start exited early (${code}):\n${clean().slice(-3000)}`);
      }),
    ]);

    const endpoint = /GraphQL endpoint[^:]*: (http:\/\/\S+)/.exec(clean())?.[1];
    const token = /^ {2}owner\s+(\S+)$/m.exec(clean())?.[1];
    expect(endpoint).toBe(`http://localhost:${ports.GATEWAY_PORT}/graphql`);
    expect(token).toMatch(/^ey/);

    const res = await fetch(endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } workspaces { name tenants { name } } }' }),
    });
    const body = (await res.json()) as {
      data: { me: { id: string }; workspaces: Array<{ tenants: Array<{ name: string }> }> };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.me.id).toMatch(/^[0-9a-f-]{36}$/);
    const tenants = body.data.workspaces.flatMap((w: { tenants: Array<{ name: string }> }) =>
      w.tenants.map((t) => t.name),
    );
    expect(tenants).toEqual(expect.arrayContaining(['Fabrikam', 'Northwind', 'Tailspin', 'Wingtip', 'Adatum']));

    // The seeded onboarding session is halfway: provider connected (consent recorded), verification next.
    const sessionId = /onboarding session \(Adatum\)\s+(\S+)/.exec(clean())?.[1];
    const session = await fetch(endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query($id: ID!) { onboardingSession(id: $id) { currentStep steps { key status } } }',
        variables: { id: sessionId },
      }),
    });
    const onboarding = (await session.json()) as any;
    expect(onboarding.errors).toBeUndefined();
    expect(onboarding.data.onboardingSession.currentStep).toBe('VERIFICATION');
    expect(onboarding.data.onboardingSession.steps).toEqual(
      expect.arrayContaining([
        { key: 'PROVIDER_CONNECTION', status: 'DONE' },
        { key: 'VERIFICATION', status: 'PENDING' },
      ]),
    );

    // The console: printed, healthy, every deep link is the app, and development sign-in hands out
    // a token the gateway accepts for a seeded user.
    expect(clean()).toContain(`Console: ${publicAppUrl}`);
    expect((await fetch(`${publicAppUrl}/healthz`)).status).toBe(200);
    const deepLink = await fetch(`${publicAppUrl}/monitoring/operations/${randomUUID()}`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<div id="root"></div>');
    const config = (await (await fetch(`${publicAppUrl}/config.json`)).json()) as any;
    expect(config).toEqual({ graphqlUrl: endpoint, auth: { mode: 'development' } });
    const users = (await (await fetch(`${publicAppUrl}/api/dev-sign-in`)).json()) as any;
    expect(users.users.map((u: { subject: string }) => u.subject)).toEqual([
      'owner',
      'operator',
      'readonly',
      'stranger',
    ]);
    const signIn = (await (
      await fetch(`${publicAppUrl}/api/dev-sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'readonly' }),
      })
    ).json()) as any;
    const me = (await (
      await fetch(endpoint as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${signIn.token}` },
        body: JSON.stringify({ query: '{ me { displayName } }' }),
      })
    ).json()) as any;
    expect(me.data.me.displayName).toBe('Readonly');

    // Issue 10: a crashed subgraph is restarted (with back-off, and the log says so) instead of
    // stopping the stack. Kill the tenant subgraph outright; it comes back and answers again.
    const pidOf = (name: string) =>
      [...clean().matchAll(new RegExp(`\\] ${name} started \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
    const [tenantPid] = pidOf('tenant');
    expect(tenantPid).toBeGreaterThan(0);
    process.kill(tenantPid!, 'SIGKILL');
    const workspaces = async () =>
      (await (
        await fetch(endpoint as string, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ workspaces { name } }' }),
        })
      ).json()) as any;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const restarted = pidOf('tenant').length > 1;
      const answer = restarted ? await workspaces().catch(() => null) : null;
      if (answer && !answer.errors && answer.data.workspaces.length > 0) break;
      if (Date.now() > deadline) throw new Error(`the tenant subgraph did not come back:\n${clean().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(clean()).toMatch(/tenant exited \(SIGKILL\); restarting it in 1 s/);
    expect(pidOf('tenant')[1]).not.toBe(tenantPid);
    // Nothing else stopped: the stack never said it was stopping.
    expect(clean()).not.toContain('stopping...');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;
    // Every port is free again.
    for (const port of Object.values(ports)) {
      const probe = createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(Number(port), '0.0.0.0', () => probe.close(() => resolve()));
      });
    }
  });
});
