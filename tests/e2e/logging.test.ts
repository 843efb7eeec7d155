// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Nothing leaks into the logs, even at trace level: every service of the stack (gateway,
 * subgraphs, worker, Graph simulator) logs into one captured stream while a caller queries,
 * starts a run that the worker executes against the simulator with the connection's client
 * secret, and watches it over graphql-ws through the gateway. No line may carry the caller's
 * bearer token or the plaintext client secret.
 */
import { Writable } from 'node:stream';
import { runEventChannel } from '@msp/gate';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { gql, listening, type Stack, startStack, subscribe, waitFor, wsClient } from './harness';

const SECRET = `plain-${crypto.randomUUID()}-client-secret`;

const test = base.extend<{ logged: { stack: Stack; lines: string[] } }>({
  logged: [
    async ({ database }, use) => {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      });
      const stack = await startStack(database.connect(10), { logLevel: 'trace', logStream });
      await use({ stack, lines });
      await stack.close();
    },
    { scope: 'file' },
  ],
});

describe('logs at trace level', () => {
  test('carry no bearer token and no client secret, through HTTP, a run and a live subscription', async ({
    logged: { stack, lines },
    seed,
  }) => {
    const w = await seed.world({ connection: { secret: SECRET } });
    const token = await stack.token(w.owner.subject);
    const signature = token.split('.')[2]!;
    const url = stack.gateway.url;

    const client = wsClient(url, token);
    try {
      const sub = subscribe(
        client,
        'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id status tenant { name } } } }',
        { t: w.tenant.id },
      );
      await listening(stack, runEventChannel(w.tenant.id));
      const started = await gql(
        url,
        token,
        'mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ... on ProviderOperationAccepted { run { id } } } }',
        { t: w.tenant.id },
      );
      const runId = started.data.startDirectoryGroupsSync.run.id;
      await waitFor(
        () =>
          sub.events.some(
            (e: any) => e.operationRunUpdated.run.id === runId && e.operationRunUpdated.run.status === 'COMPLETED',
          ),
        'the run to complete, seen live',
      );
      expect((await gql(url, token, '{ myNotifications { id } }')).errors).toBeUndefined();
      sub.dispose();
    } finally {
      await client.dispose();
    }

    // Trace logging really happened, in several services, and the gateway scrubbed what it had.
    expect(lines.length).toBeGreaterThan(50);
    const services = new Set(lines.map((l) => JSON.parse(l).service).filter(Boolean));
    expect([...services]).toEqual(expect.arrayContaining(['gateway', 'operations', 'tenant', 'worker']));
    expect(lines.some((l) => l.includes('[redacted]'))).toBe(true);

    const leaks = lines.filter((l) => l.includes(signature) || /bearer\s+ey/i.test(l) || l.includes(SECRET));
    expect(leaks.map((l) => l.slice(0, 300))).toEqual([]);
  });
});
