// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Nothing leaks into the logs, even at trace level: every service of the stack (gateway,
 * subgraphs, worker, Graph simulator) logs into one captured stream while a caller queries,
 * starts a run that the worker executes against the simulator with the connection's client
 * secret, and watches it over graphql-ws through the gateway. No line may carry the caller's
 * bearer token or the plaintext client secret.
 *
 * Tracing is on (the real SDK exporting to an in-process OTLP receiver), and every log line of
 * the start's request carries its request id (the client's `x-request-id`) and trace id: the
 * gateway's, the tenant subgraph's (the gate's decision, logged once at info) and the worker's
 * lines of the run's job alike. No exported span carries the token or the secret either.
 */
import { Writable } from 'node:stream';
import { runEventChannel } from '@msp/gate';
import { startTracing, type Tracing } from '@msp/telemetry';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import { type OtlpReceiver, startOtlpReceiver } from '@msp/tests/support/otlp';
import { gql, listening, type Stack, startStack, subscribe, waitFor, wsClient } from './harness';

const SECRET = `plain-${crypto.randomUUID()}-client-secret`;
const REQUEST_ID = `req-${crypto.randomUUID()}`;
let receiver: OtlpReceiver;
let tracing: Tracing | null;

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
      receiver = await startOtlpReceiver();
      tracing = startTracing({ serviceName: 'msp-e2e', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
      const stack = await startStack(database.connect(10), { logLevel: 'trace', logStream });
      await use({ stack, lines });
      await stack.close();
      await tracing?.shutdown();
      await receiver.close();
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

    let runId = '';
    const client = wsClient(url, token);
    try {
      const sub = subscribe(
        client,
        'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id status tenant { name } } } }',
        { t: w.tenant.id },
      );
      await listening(stack, runEventChannel(w.tenant.id));
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': REQUEST_ID },
        body: JSON.stringify({
          query:
            'mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ... on ProviderOperationAccepted { run { id } } } }',
          variables: { t: w.tenant.id },
        }),
      });
      expect(response.headers.get('x-request-id')).toBe(REQUEST_ID);
      const started = (await response.json()) as any;
      runId = started.data.startDirectoryGroupsSync.run.id;
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

    // The start's request: every line of it carries the request id and the one trace id.
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, any>);
    const ofRequest = parsed.filter((l) => l.requestId === REQUEST_ID);
    const traceIds = new Set(ofRequest.map((l) => l.traceId));
    expect([...traceIds]).toHaveLength(1);
    const [traceId] = [...traceIds];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ofRequest.every((l) => typeof l.spanId === 'string')).toBe(true);
    // ...and no line of that trace lacks the request id.
    expect(parsed.filter((l) => l.traceId === traceId && l.requestId !== REQUEST_ID)).toEqual([]);
    expect([...new Set(ofRequest.map((l) => l.service))]).toEqual(
      expect.arrayContaining(['gateway', 'tenant', 'worker']),
    );
    // The gate's decision: logged once, at info, with its outcome and reason.
    const decided = ofRequest.filter((l) => l.msg === 'start decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ level: 30, outcome: 'ACCEPTED', reasonCode: 'NONE', runId, service: 'tenant' });
    // The run's job and its Graph calls log under the same request and trace.
    expect(ofRequest.some((l) => l.service === 'worker' && l.msg === 'run completed')).toBe(true);

    // The exported spans carry no token or secret either.
    await tracing?.flush();
    expect(receiver.spans.length).toBeGreaterThan(0);
    const exported = JSON.stringify(receiver.spans);
    expect(exported.includes(signature) || exported.includes(SECRET) || /bearer\s+ey/i.test(exported)).toBe(false);
  });

  test('carry no API client secret and no client access token: creation, rotation, the token endpoint (both methods, a wrong secret), requests and a subscription', async ({
    logged: { stack, lines },
    seed,
  }) => {
    const w = await seed.world();
    const ownerToken = await stack.token(w.owner.subject);
    const url = stack.gateway.url;
    const from = lines.length;
    const created = await gql(
      url,
      ownerToken,
      'mutation($w: ID!, $t: ID!) { createApiClient(workspaceId: $w, name: "Logged", roleCeiling: OPERATOR, tenantIds: [$t]) { clientId clientSecret } }',
      { w: w.workspaceId, t: w.tenant.id },
    );
    expect(created.errors).toBeUndefined();
    const { clientId, clientSecret: first } = created.data.createApiClient;
    const rotated = await gql(
      url,
      ownerToken,
      'mutation($id: ID!) { rotateApiClientSecret(id: $id) { clientSecret } }',
      {
        id: clientId,
      },
    );
    const secret = rotated.data.rotateApiClientSecret.clientSecret as string;
    const tokenUrl = new URL('/oauth/token', url);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const basic = (s: string) => `Basic ${Buffer.from(`${clientId}:${s}`).toString('base64')}`;
    const wrong = await fetch(tokenUrl, {
      method: 'POST',
      headers: { ...form, authorization: basic(first) },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
    const posted = await fetch(tokenUrl, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }).toString(),
    });
    expect(posted.status).toBe(200);
    const answered = await fetch(tokenUrl, {
      method: 'POST',
      headers: { ...form, authorization: basic(secret) },
      body: 'grant_type=client_credentials',
    });
    const accessToken = ((await answered.json()) as any).access_token as string;
    const started = await gql(
      url,
      accessToken,
      'mutation($t: ID!) { startRoleDefinitionsSync(tenantId: $t) { __typename } }',
      {
        t: w.tenant.id,
      },
    );
    expect(started.errors).toBeUndefined();
    const client = wsClient(url, accessToken);
    try {
      const sub = subscribe(client, 'subscription($t: ID!) { operationRunUpdated(tenantId: $t) { run { id } } }', {
        t: w.tenant.id,
      });
      await listening(stack, runEventChannel(w.tenant.id));
      sub.dispose();
    } finally {
      await client.dispose();
    }
    const mine = lines.slice(from);
    expect(mine.length).toBeGreaterThan(20);
    const signature = accessToken.split('.')[2]!;
    const basicOf = (s: string) => Buffer.from(`${clientId}:${s}`).toString('base64');
    const leaks = mine.filter(
      (l) =>
        l.includes(secret) ||
        l.includes(first) ||
        l.includes(signature) ||
        l.includes(basicOf(secret)) ||
        l.includes(basicOf(first)),
    );
    expect(leaks.map((l) => l.slice(0, 300))).toEqual([]);
    // The token endpoint logged what it decided, by client id only.
    expect(mine.some((l) => l.includes('"access token issued"') && l.includes(clientId))).toBe(true);
    expect(mine.some((l) => l.includes('"token request refused"') && l.includes('invalid_client'))).toBe(true);
  });
});
