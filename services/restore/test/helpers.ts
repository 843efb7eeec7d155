// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Restore test kit: the shared fixtures (`db`, `queue`, `seed`, `sim`) plus, per test file, the
 * restore subgraph over real HTTP (port 0, real dev tokens), the gate, and an in-process worker runtime that
 * executes admitted runs against the simulator. `backupWorld` builds a tenant whose policy
 * backup was taken by a real POLICY_BACKUP run.
 */
import { signDevelopmentToken } from '@msp/auth';
import { type Database, schema } from '@msp/db';
import { createGate, type Gate } from '@msp/gate';
import { createGraphClient, type GraphConfigurationPolicy, type GraphTenantClient } from '@msp/microsoft-graph';
import { DEVELOPMENT_DEFAULTS } from '@msp/settings';
import type { SubgraphServer } from '@msp/subgraph-kit';
import { test as base, expect } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { waitForRun } from '@msp/tests/support/runs';
import type { Seed } from '@msp/tests/support/seed';
import type { SimulatorControl } from '@msp/tests/support/simulator';
import { createWorkerRuntime, type WorkerRuntime } from '@msp/worker';
import { asc, eq } from 'drizzle-orm';
import { startRestoreSubgraph } from '../src';

export const links = { publicAppUrl: 'https://app.example.test' };
export const auth = { jwtSecret: 'restore-test-secret-0123456789abcdef' };
const secretEncryptionKey = DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY;
/** The secret the seed stores (encrypted) for every connection; the simulator accepts any. */
const SEED_SECRET = 'sim-secret-value';

export const test = base.extend<{
  gate: Gate;
  subgraph: SubgraphServer;
  runtime: WorkerRuntime;
}>({
  gate: [
    async ({ db, queue }, use) => use(createGate({ db: db.db, queue: queue.queue, links, logger: testLogger })),
    { scope: 'file' },
  ],
  subgraph: [
    async ({ db, queue, sim }, use) => {
      const server = await startRestoreSubgraph({
        db,
        queue: queue.queue,
        auth,
        links,
        logger: testLogger,
        graph: { endpoints: { loginBaseUrl: sim.url, graphBaseUrl: sim.url }, maxRetries: 1, backoffBaseMs: 5 },
        secretEncryptionKey,
        previewTimeoutMs: 10_000,
        port: 0,
        host: '127.0.0.1',
      });
      await use(server);
      await server.close();
    },
    { scope: 'file' },
  ],
  runtime: [
    async ({ db, queue, sim }, use) => {
      const runtime = createWorkerRuntime({
        db: db.db,
        redis: queue.connection,
        prefix: queue.prefix,
        secretEncryptionKey,
        graph: {
          endpoints: { loginBaseUrl: sim.url, graphBaseUrl: sim.url },
          maxRetries: 2,
          backoffBaseMs: 5,
          maxRetryAfterMs: 2_000,
          timeoutMs: 10_000,
        },
        links,
        logger: testLogger,
        concurrency: 4,
        lockDurationMs: 10_000,
        stalledIntervalMs: 5_000,
        maxAttempts: 3,
        retryBackoffMs: 20,
        dispatcher: false,
        reaper: false,
      });
      await runtime.start();
      await use(runtime);
      await runtime.close();
    },
    { scope: 'file' },
  ],
});

export { describe, expect } from '@msp/tests/support/fixtures';

/** A GraphQL client for one user, over the subgraph's HTTP endpoint with a real dev token. */
export async function clientFor(server: SubgraphServer, user: { subject: string }) {
  const token = await signDevelopmentToken(auth.jwtSecret, user.subject);
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as {
      data?: Record<string, any> | null;
      errors?: Array<{ message: string; extensions?: any }>;
    };
  };
}
export type Client = Awaited<ReturnType<typeof clientFor>>;

/** The data of a response that must have succeeded. */
export function dataOf(result: Awaited<ReturnType<Client>>): Record<string, any> {
  if (result.errors?.length || !result.data) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The first error of a response that must have failed: message and extensions.code. */
export function errorOf(result: Awaited<ReturnType<Client>>) {
  const [error] = result.errors ?? [];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return { message: error.message, code: error.extensions?.code, field: error.extensions?.field };
}

export { waitForRun };

export const RESTORE_FIELDS = `
  id status warnings confirmationPhrase selectedItemIds previewedAt
  tenant { id } backup { id } operationRun { id } rerunOf { id }
  preview { creates updates unchanged items { itemId displayName action diffSummary } }
  itemResults { itemId displayName action targetPolicyId succeeded reasonCode detail }`;

export const START = `mutation($id: ID!, $confirmation: String!, $connectionId: ID, $key: String) {
  startRestoreExecution(restoreRunId: $id, confirmation: $confirmation, providerConnectionId: $connectionId, idempotencyKey: $key) {
    __typename
    ... on ProviderOperationStart { outcome operationType message { headline reason nextStep action actionUrl } }
    ... on ProviderOperationAccepted { run { id } runUrl providerConnection { id } }
    ... on ProviderOperationDeduped { run { id } runUrl }
    ... on ProviderOperationScopeBusy { activeRun { id } runUrl }
    ... on ProviderOperationBlocked { reasonCode problemClass blockedRun: run { id } }
  }
}`;

/**
 * An owner, an ACTIVE tenant named "Fabrikam" with a usable default connection, and a backup of
 * the simulator's policies taken by a real POLICY_BACKUP run (through the gate and the worker).
 * `graph` talks to the simulator as that tenant (to change its current policies).
 */
export async function backupWorld(deps: { seed: Seed; gate: Gate; db: Database; sim: SimulatorControl }, policies = 5) {
  const w = await deps.seed.world();
  const entraTenantId = w.connection.entraTenantId;
  await deps.sim.configure(entraTenantId, { policies });
  const started = await deps.gate.start({
    actor: { userId: w.owner.id },
    tenantId: w.tenant.id,
    operationType: 'POLICY_BACKUP',
    surface: 'TENANT',
  });
  if (!started.ok || started.value.outcome !== 'ACCEPTED') throw new Error(`backup start: ${JSON.stringify(started)}`);
  const run = await waitForRun(deps.db, started.value.run.id);
  expect(run.outcome).toBe('SUCCEEDED');
  const [backup] = await deps.db
    .select()
    .from(schema.policyBackups)
    .where(eq(schema.policyBackups.operationRunId, run.id));
  if (!backup) throw new Error('no backup stored');
  const items = await deps.db
    .select()
    .from(schema.policyBackupItems)
    .where(eq(schema.policyBackupItems.backupId, backup.id))
    .orderBy(asc(schema.policyBackupItems.displayName));
  expect(items).toHaveLength(policies);
  const graph: GraphTenantClient = createGraphClient({
    endpoints: { loginBaseUrl: deps.sim.url, graphBaseUrl: deps.sim.url },
  }).forTenant({ entraTenantId, clientId: w.connection.clientId, clientSecret: SEED_SECRET });
  return { ...w, entraTenantId, backup, items, graph };
}

/** Every current policy of the tenant (from the simulator, through the adapter). */
export async function currentPolicies(graph: GraphTenantClient): Promise<GraphConfigurationPolicy[]> {
  const all: GraphConfigurationPolicy[] = [];
  for await (const page of graph.listConfigurationPolicies()) all.push(...page);
  return all;
}

/** Deletes a policy in the simulator (the adapter has no delete: a test-only raw call). */
export async function deletePolicy(graph: GraphTenantClient, simUrl: string, id: string): Promise<void> {
  const token = await graph.getToken();
  const res = await fetch(`${simUrl}/beta/deviceManagement/configurationPolicies/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token.value}` },
  });
  if (res.status !== 204) throw new Error(`delete ${id}: ${res.status}`);
}
