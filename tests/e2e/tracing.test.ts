// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * One trace per start (issue 15, acceptance 1 and the trace half of 3). The real SDK
 * (`startTracing` of @msp/telemetry: OTLP/HTTP JSON export, W3C propagation) exports to an
 * in-process OTLP receiver standing where the Collector would. An accepted start through the
 * gateway, run by the worker against the simulator (whose first Graph answer is a 429), gives one
 * trace: gateway → subgraph → gate decision → outbox dispatch → job → processor → Graph calls,
 * with the throttled call and its retry in it, and the run's `traceId` names that trace.
 */

import { startTracing, type Tracing } from '@msp/telemetry';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '@msp/tests/support/otlp';
import { waitForRun } from '@msp/tests/support/runs';
import { simulatorControl } from '@msp/tests/support/simulator';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { gql, type Stack, test as stackTest, startStack } from './harness';

let receiver: OtlpReceiver;
let tracing: Tracing;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = startTracing({
    serviceName: 'msp-e2e',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
  }) as Tracing;
});

afterAll(async () => {
  await tracing?.shutdown();
  await receiver?.close();
});

const test = stackTest.extend<{ stack: Stack }>({
  stack: [
    async ({ database }, use) => {
      const stack = await startStack(database.connect(10));
      await use(stack);
      await stack.close();
    },
    { scope: 'file' },
  ],
});

const START = `mutation StartSync($t: ID!) { startDirectoryGroupsSync(tenantId: $t) {
  __typename ... on ProviderOperationAccepted { run { id } } } }`;

/** The chain of ancestors of `span`, nearest first. */
function ancestors(span: ReceivedSpan, byId: Map<string, ReceivedSpan>): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  let current = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
  while (current) {
    chain.push(current);
    current = current.parentSpanId ? byId.get(current.parentSpanId) : undefined;
  }
  return chain;
}

describe('tracing', () => {
  test('an accepted start is one trace from the gateway to every Graph call, the throttled one included', async ({
    stack,
    seed,
    db,
  }) => {
    const w = await seed.world();
    await simulatorControl(stack.simulator.url).configure(w.connection.entraTenantId, {
      throttleCount: 1,
      throttleScope: 'graph',
      retryAfterSeconds: 0,
    });
    const token = await stack.token(w.owner.subject);
    const started = await gql(stack.gateway.url, token, START, { t: w.tenant.id });
    expect(started.data.startDirectoryGroupsSync.__typename).toBe('ProviderOperationAccepted');
    const runId = started.data.startDirectoryGroupsSync.run.id;
    const run = await waitForRun(db.db, runId);
    expect(run.outcome).toBe('SUCCEEDED');

    // OperationRun.traceId, through the gateway, names the trace.
    const detail = await gql(stack.gateway.url, token, 'query($id: ID!) { operationRun(id: $id) { traceId } }', {
      id: runId,
    });
    const traceId = detail.data.operationRun.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    await tracing.flush();
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const names = spans.map((s) => s.name);

    // One root: the gateway's server span; every other span of the trace hangs under it.
    const roots = spans.filter((s) => !s.parentSpanId || !byId.has(s.parentSpanId));
    expect(roots.map((s) => [s.name, s.attributes['msp.server']])).toEqual([['POST /graphql', 'gateway']]);
    const root = roots[0]!;

    const one = (predicate: (s: ReceivedSpan) => boolean, what: string) => {
      const found = spans.filter(predicate);
      expect(found.length, `${what} in ${JSON.stringify(names)}`).toBeGreaterThan(0);
      return found;
    };
    const subgraph = one((s) => s.attributes['msp.server'] === 'tenant', 'the tenant subgraph server span')[0]!;
    const gate = one((s) => s.name === 'gate.decide', 'the gate decision span')[0]!;
    const dispatch = one((s) => s.name === 'outbox.dispatch', 'the outbox dispatch span')[0]!;
    const jobs = one((s) => s.name === 'job DIRECTORY_GROUPS_SYNC', 'the job spans');
    const processors = one((s) => s.name === 'processor DIRECTORY_GROUPS_SYNC', 'the processor spans');
    const graphCalls = one((s) => s.name.startsWith('graph.request'), 'the Graph call spans');
    one((s) => s.name.startsWith('graph.token'), 'the token request span');
    one((s) => s.name === 'run.event.publish', 'the run event publishes');

    // Parent links, hop by hop.
    expect(ancestors(subgraph, byId)).toContain(root);
    expect(ancestors(gate, byId)[0]).toBe(subgraph);
    expect(gate.attributes).toMatchObject({
      'msp.operation_type': 'DIRECTORY_GROUPS_SYNC',
      'msp.gate.outcome': 'ACCEPTED',
      'msp.gate.reason_code': 'NONE',
      'msp.tenant_id': w.tenant.id,
      'msp.run_id': runId,
    });
    expect(ancestors(dispatch, byId)[0]).toBe(gate);
    for (const job of jobs) {
      expect(job.parentSpanId).toBe(dispatch.spanId);
      expect(job.attributes['msp.run_id']).toBe(runId);
    }
    // The throttled first attempt fails the delivery; the retried delivery continues the trace.
    expect(jobs.length).toBe(2);
    for (const p of processors) expect(jobs).toContain(byId.get(p.parentSpanId as string));
    for (const call of graphCalls)
      expect(processors).toContain(ancestors(call, byId).find((s) => processors.includes(s)));

    // The throttled call: status 429, a `throttled` event with its Retry-After.
    const throttled = graphCalls.filter((s) => s.attributes['msp.graph.throttled'] === true);
    expect(throttled.length).toBe(1);
    expect(throttled[0]!.attributes['http.response.status_code']).toBe(429);
    expect(throttled[0]!.events.map((e) => e.name)).toContain('throttled');
    expect(graphCalls.some((s) => s.attributes['http.response.status_code'] === 200)).toBe(true);

    // Never a secret or a token in any attribute.
    const everything = JSON.stringify(spans);
    expect(everything).not.toContain(token.split('.')[2]!);
    expect(everything).not.toContain('sim-secret-value');
  });
});
