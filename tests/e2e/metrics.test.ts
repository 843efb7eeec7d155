// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Prometheus metrics (issue 15, acceptance 2 and the metric half of 3): `/metrics` of the
 * gateway, every subgraph and the worker parses as Prometheus text; after N known gate decisions
 * the decision counters moved by exactly N by outcome and reason; the queue gauge follows a
 * queued run; a throttled simulator answer moves the throttle metrics.
 *
 * The stack runs in one process, so every server answers from the same registry: each is still
 * scraped over HTTP, as Prometheus would.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Exposition, scrape } from '@msp/tests/support/prometheus';
import { waitForRun } from '@msp/tests/support/runs';
import { simulatorControl } from '@msp/tests/support/simulator';
import { serveWorkerHealth } from '@msp/worker';
import { describe, expect } from 'vitest';
import { gql, type Stack, test as stackTest, startStack } from './harness';

const test = stackTest.extend<{ stack: Stack }>({
  stack: [
    async ({ database }, use) => {
      // No worker running at first: the queued run stays waiting for the queue gauge.
      const stack = await startStack(database.connect(10), { startWorker: false });
      await use(stack);
      await stack.close();
    },
    { scope: 'file' },
  ],
});

const START = `mutation($t: ID!) { startDirectoryGroupsSync(tenantId: $t) {
  __typename ... on ProviderOperationAccepted { run { id } } ... on ProviderOperationBlocked { reasonCode } } }`;

const decisions = (m: Exposition, outcome: string, reason: string) =>
  m.value('msp_gate_decisions_total', { operation_type: 'DIRECTORY_GROUPS_SYNC', outcome, reason });

describe('/metrics', () => {
  let workerHealth: Server | undefined;

  test('every process answers Prometheus text with the gate, queue, run and Graph metrics', async ({ stack }) => {
    workerHealth = await serveWorkerHealth({
      port: 0,
      host: '127.0.0.1',
      checkDatabase: async () => undefined,
      queue: stack.queue,
    });
    const workerUrl = `http://127.0.0.1:${(workerHealth.address() as AddressInfo).port}`;
    const targets = [stack.gateway.url, ...Object.values(stack.subgraphs).map((s) => s.url), workerUrl];
    for (const url of targets) {
      const m = await scrape(url);
      expect(m.types.get('msp_gate_decisions_total'), url).toBe('counter');
      expect(m.types.get('msp_queue_jobs'), url).toBe('gauge');
      expect(m.types.get('msp_run_duration_seconds'), url).toBe('histogram');
      expect(m.types.get('msp_graph_throttled_total'), url).toBe('counter');
      expect(m.types.get('process_cpu_seconds_total'), url).toBe('counter');
    }
    // The gateway's runtime plugin reports request durations by operation name.
    await gql(stack.gateway.url, await stack.token('metrics-probe'), 'query MetricsProbe { __typename }');
    const gateway = await scrape(stack.gateway.url);
    expect(gateway.value('graphql_envelop_request_duration_count', { operationName: 'MetricsProbe' })).toBe(1);
    await new Promise<void>((resolve) => workerHealth?.close(() => resolve()));
  });

  test('decision counters move by exactly the decisions made, by outcome and reason; the queue gauge follows a queued run', async ({
    stack,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const blocked = await seed.world({ connection: { consentStatus: 'MISSING' } });
    const token = await stack.token(w.owner.subject);
    const blockedToken = await stack.token(blocked.owner.subject);
    const url = stack.gateway.url;

    const before = await scrape(url);
    const waitingBefore = before.value('msp_queue_jobs', { state: 'waiting' });

    const accepted = await gql(url, token, START, { t: w.tenant.id });
    expect(accepted.data.startDirectoryGroupsSync.__typename).toBe('ProviderOperationAccepted');
    for (let i = 0; i < 2; i++) {
      expect((await gql(url, token, START, { t: w.tenant.id })).data.startDirectoryGroupsSync.__typename).toBe(
        'ProviderOperationDeduped',
      );
    }
    for (let i = 0; i < 3; i++) {
      const r = await gql(url, blockedToken, START, { t: blocked.tenant.id });
      expect(r.data.startDirectoryGroupsSync.reasonCode).toBe('PROVIDER_CONSENT_MISSING');
    }
    // A stranger's start is denied before any decision: counted as DENIED / NOT_FOUND.
    const stranger = await gql(url, await stack.token('stranger-metrics'), START, { t: w.tenant.id });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const after = await scrape(url);
    expect(decisions(after, 'ACCEPTED', 'NONE') - decisions(before, 'ACCEPTED', 'NONE')).toBe(1);
    expect(decisions(after, 'DEDUPED', 'NONE') - decisions(before, 'DEDUPED', 'NONE')).toBe(2);
    expect(
      decisions(after, 'BLOCKED', 'PROVIDER_CONSENT_MISSING') -
        decisions(before, 'BLOCKED', 'PROVIDER_CONSENT_MISSING'),
    ).toBe(3);
    expect(decisions(after, 'DENIED', 'NOT_FOUND') - decisions(before, 'DENIED', 'NOT_FOUND')).toBe(1);
    const latency = (m: Exposition) =>
      m.value('msp_gate_decision_duration_seconds_count', { operation_type: 'DIRECTORY_GROUPS_SYNC' });
    expect(latency(after) - latency(before)).toBe(7);
    // The accepted run waits in the queue (no worker yet)...
    expect(after.value('msp_queue_jobs', { state: 'waiting' }) - waitingBefore).toBe(1);

    // ...until a worker runs it; then it is gone from the queue and its duration is observed.
    const runId = accepted.data.startDirectoryGroupsSync.run.id;
    await stack.worker.start();
    await waitForRun(db.db, runId);
    const done = await scrape(url);
    expect(done.value('msp_queue_jobs', { state: 'waiting' })).toBe(waitingBefore);
    expect(
      done.value('msp_run_duration_seconds_count', { operation_type: 'DIRECTORY_GROUPS_SYNC', outcome: 'SUCCEEDED' }) -
        after.value('msp_run_duration_seconds_count', {
          operation_type: 'DIRECTORY_GROUPS_SYNC',
          outcome: 'SUCCEEDED',
        }),
    ).toBe(1);
  });

  test('a throttled Graph answer moves the throttle, Retry-After and 429 metrics', async ({ stack, seed, db }) => {
    const w = await seed.world();
    await simulatorControl(stack.simulator.url).configure(w.connection.entraTenantId, {
      throttleCount: 1,
      throttleScope: 'graph',
      retryAfterSeconds: 1,
    });
    const before = await scrape(stack.gateway.url);
    const started = await gql(stack.gateway.url, await stack.token(w.owner.subject), START, { t: w.tenant.id });
    const run = await waitForRun(db.db, started.data.startDirectoryGroupsSync.run.id);
    expect(run.outcome).toBe('SUCCEEDED');
    const after = await scrape(stack.gateway.url);
    const moved = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(moved('msp_graph_throttled_total', { kind: 'graph' })).toBe(1);
    expect(moved('msp_graph_retry_after_seconds_total', { kind: 'graph' })).toBe(1);
    expect(moved('msp_graph_requests_total', { kind: 'graph', status: '429' })).toBe(1);
  });
});
