// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Onboarding test kit: per test file the onboarding subgraph over real HTTP (port 0, real dev
 * tokens), a gate on the same queue (to start from the TENANT surface and compare), and the
 * worker's run lifecycle (to move admitted runs as a worker would, at the moment a test wants).
 * `wizard(seed, client)` drives a session through the API up to a connected provider.
 */
import { randomUUID } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import { type Database, schema } from '@msp/db';
import { createGate, type Gate } from '@msp/gate';
import { createLifecycle, type Lifecycle } from '@msp/run-lifecycle';
import { DEVELOPMENT_DEFAULTS } from '@msp/settings';
import type { SubgraphServer } from '@msp/subgraph-kit';
import { test as base } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import { jobTotal, type TestQueue } from '@msp/tests/support/redis';
import type { Seed } from '@msp/tests/support/seed';
import { and, eq, inArray } from 'drizzle-orm';
import { startOnboardingSubgraph } from '../src';

export const links = { publicAppUrl: 'https://app.example.test' };
export const auth = { jwtSecret: 'onboarding-test-secret-0123456789abcdef' };
const secretEncryptionKey = DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY;

export const test = base.extend<{ gate: Gate; subgraph: SubgraphServer; lifecycle: Lifecycle }>({
  gate: [
    async ({ db, queue }, use) => use(createGate({ db: db.db, queue: queue.queue, links, logger: testLogger })),
    { scope: 'file' },
  ],
  subgraph: [
    async ({ db, queue }, use) => {
      const server = await startOnboardingSubgraph({
        db,
        queue: queue.queue,
        auth,
        links,
        logger: testLogger,
        secretEncryptionKey,
        port: 0,
        host: '127.0.0.1',
      });
      await use(server);
      await server.close();
    },
    { scope: 'file' },
  ],
  lifecycle: [
    async ({ db }, use) => use(createLifecycle({ db: db.db, publisher: null, links, logger: testLogger })),
    { scope: 'file' },
  ],
});

export { describe, expect } from '@msp/tests/support/fixtures';

type Response = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: any }> };

/** A GraphQL client for one user, over the subgraph's HTTP endpoint with a real dev token. */
export async function clientFor(server: SubgraphServer, user: { subject: string }) {
  const token = await signDevelopmentToken(auth.jwtSecret, user.subject);
  return async (query: string, variables: Record<string, unknown> = {}): Promise<Response> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Response;
  };
}
export type Client = Awaited<ReturnType<typeof clientFor>>;

/** The data of a response that must have succeeded. */
export function dataOf(result: Response): Record<string, any> {
  if (result.errors?.length || !result.data) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The first error of a response that must have failed: message, extensions.code and field. */
export function errorOf(result: Response) {
  const [error] = result.errors ?? [];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return { message: error.message, code: error.extensions?.code, field: error.extensions?.field };
}

export const MESSAGE = 'message { headline reason nextStep action actionUrl }';

export const SESSION_FIELDS = `
  id status currentStep workspace { id } tenant { id } providerConnection { id } completedAt cancelledAt
  steps { key status run { id } lastStartOutcome ${MESSAGE} pendingOperations completedOperations }`;

const RESULT_FIELDS = `
  __typename
  ... on ProviderOperationStart { outcome operationType ${MESSAGE} }
  ... on ProviderOperationAccepted { run { id } runUrl providerConnection { id displayName } }
  ... on ProviderOperationDeduped { run { id } runUrl }
  ... on ProviderOperationScopeBusy { activeRun { id } activeOperationType runUrl }
  ... on ProviderOperationBlocked { reasonCode problemClass blockedRun: run { id } }`;

export const Q = {
  session: `query($id: ID!) { onboardingSession(id: $id) { ${SESSION_FIELDS} } }`,
  create: `mutation($workspaceId: ID!, $tenantName: String!, $entraTenantId: String!, $primaryDomain: String) {
    createOnboardingSession(workspaceId: $workspaceId, tenantName: $tenantName, entraTenantId: $entraTenantId, primaryDomain: $primaryDomain) { ${SESSION_FIELDS} } }`,
  connect: `mutation($id: ID!, $input: CreateProviderConnectionInput!) {
    connectOnboardingProvider(sessionId: $id, input: $input) { ${SESSION_FIELDS} } }`,
  verify: `mutation($id: ID!, $key: String) { startOnboardingVerification(sessionId: $id, idempotencyKey: $key) { ${RESULT_FIELDS} } }`,
  bootstrap: `mutation($id: ID!, $operations: [ProviderOperationType!], $key: String) {
    startOnboardingBootstrap(sessionId: $id, operations: $operations, idempotencyKey: $key) { ${RESULT_FIELDS} } }`,
  complete: `mutation($id: ID!) { completeOnboarding(sessionId: $id) { ${SESSION_FIELDS} } }`,
  cancel: `mutation($id: ID!) { cancelOnboarding(sessionId: $id) { ${SESSION_FIELDS} } }`,
};

/** The step of a session document by key. */
export function stepOf(session: Record<string, any>, key: string): Record<string, any> {
  const step = session.steps.find((s: { key: string }) => s.key === key);
  if (!step) throw new Error(`no step ${key}`);
  return step;
}

export function connectionInput(tenantId: string, overrides: Record<string, unknown> = {}) {
  return {
    tenantId,
    displayName: 'Onboarding Graph app',
    entraTenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret: 'sim-secret-value',
    clientSecretExpiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
    ...overrides,
  };
}

/**
 * A workspace owner with a session driven through the API: created, and (unless `connect: false`)
 * its provider connected. `consent: true` records admin consent the way an operator would.
 */
export async function wizard(
  deps: { seed: Seed; subgraph: SubgraphServer; db: Database },
  options: { connect?: boolean; consent?: boolean } = {},
) {
  const owner = await deps.seed.user();
  const workspace = await deps.seed.workspace(owner.id);
  const client = await clientFor(deps.subgraph, owner);
  const created = dataOf(
    await client(Q.create, { workspaceId: workspace.id, tenantName: 'Northwind', entraTenantId: randomUUID() }),
  ).createOnboardingSession;
  const sessionId: string = created.id;
  const tenantId: string = created.tenant.id;
  let connectionId: string | null = null;
  if (options.connect !== false) {
    const connected = dataOf(await client(Q.connect, { id: sessionId, input: connectionInput(tenantId) }));
    connectionId = connected.connectOnboardingProvider.providerConnection.id;
    if (options.consent) {
      await deps.db
        .update(schema.providerConnections)
        .set({ consentStatus: 'GRANTED' })
        .where(eq(schema.providerConnections.id, connectionId as string));
    }
  }
  const session = async () => dataOf(await client(Q.session, { id: sessionId })).onboardingSession;
  return { owner, workspace, client, sessionId, tenantId, connectionId: connectionId as string, session };
}

/** Jobs in the queue, in every state (no worker runs in these tests, so they stay waiting). */
export function jobCount(queue: TestQueue): Promise<number> {
  return jobTotal(queue.queue);
}

/** Runs queued or running on a connection. */
export async function activeRuns(db: Database, connectionId: string) {
  const r = schema.operationRuns;
  return db
    .select({ id: r.id, operationType: r.operationType })
    .from(r)
    .where(and(eq(r.providerConnectionId, connectionId), inArray(r.status, ['QUEUED', 'RUNNING'])));
}

/** Moves an admitted run to its end, as a worker would. */
export async function finishRun(
  lifecycle: Lifecycle,
  runId: string,
  outcome: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED',
  reasonCode: 'PROVIDER_CREDENTIALS_INVALID' | null = null,
) {
  const begun = await lifecycle.begin(runId, 1);
  if (begun.action !== 'run') throw new Error(`run ${runId} could not begin: ${begun.reason}`);
  const done = await lifecycle.complete(runId, { outcome, reasonCode }, { attempt: 1 });
  if (!done.completed) throw new Error(`run ${runId} did not complete`);
}

/** Replaces a run id in a message, so messages of two runs can be compared. */
export function withoutRun<T extends Record<string, any>>(message: T, runId: string): T {
  return JSON.parse(JSON.stringify(message).replaceAll(runId, '<run>')) as T;
}
