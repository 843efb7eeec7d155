/**
 * Acceptance 1 (connection surface): each connection-scoped start mutation in the four
 * conditions, through the subgraph's HTTP endpoint with a real token, real Postgres and Redis.
 */
import type { OperationType } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { gql, jobTotal, runRow, START_RESULT, test } from './helpers';

/** ARCHITECTURE.md, "Canonical run URL": `${PUBLIC_APP_URL}/monitoring/operations/<runId>` (the servers' links). */
const canonicalRunUrl = (runId: string) => `https://app.example.test/monitoring/operations/${runId}`;

const MUTATIONS: Array<[string, OperationType, OperationType]> = [
  // mutation, its operation, a different operation that holds the connection
  ['startProviderConnectionHealthCheck', 'PROVIDER_CONNECTION_HEALTH_CHECK', 'POLICY_BACKUP'],
  ['startProviderConnectionVerification', 'PROVIDER_VERIFICATION', 'DIRECTORY_GROUPS_SYNC'],
];

const doc = (mutation: string) => /* GraphQL */ `
  mutation Start($id: ID!) { ${mutation}(providerConnectionId: $id) { ...Start } }
  ${START_RESULT}
`;

describe.each(MUTATIONS)('%s', (mutation, operationType, otherType) => {
  test('blocked: a disabled connection is BLOCKED, recorded as a completed run, and nothing is queued', async ({
    servers,
    seed,
    db,
    queue,
  }) => {
    const w = await seed.world({ connection: { enabled: false } });
    const before = await jobTotal(queue.queue);
    const res = await gql(servers.connection, w.owner, doc(mutation), { id: w.connection.id });
    expect(res.errors).toBeUndefined();
    const r = res.data![mutation];
    expect(r).toMatchObject({
      __typename: 'ProviderOperationBlocked',
      outcome: 'BLOCKED',
      operationType,
      reasonCode: 'PROVIDER_CONNECTION_DISABLED',
      problemClass: 'PROVIDER_CONNECTION',
      message: { action: 'ENABLE_PROVIDER_CONNECTION' },
    });
    const run = await runRow(db, r.blockedRun.id);
    expect(run).toMatchObject({ status: 'COMPLETED', outcome: 'BLOCKED', initiatedFrom: 'PROVIDER_CONNECTION' });
    expect(await queue.queue.getJob(r.blockedRun.id)).toBeUndefined();
    expect(await jobTotal(queue.queue)).toBe(before);
  });

  test('deduped: an equivalent active run is returned and nothing new is queued', async ({ servers, seed, queue }) => {
    const w = await seed.world();
    const active = await seed.run({ tenantId: w.tenant.id, providerConnectionId: w.connection.id, operationType });
    const before = await jobTotal(queue.queue);
    const res = await gql(servers.connection, w.owner, doc(mutation), { id: w.connection.id });
    expect(res.data![mutation]).toMatchObject({
      __typename: 'ProviderOperationDeduped',
      outcome: 'DEDUPED',
      run: { id: active.id },
      runUrl: canonicalRunUrl(active.id),
      message: { action: 'OPEN_RUN', actionUrl: canonicalRunUrl(active.id) },
    });
    expect(await jobTotal(queue.queue)).toBe(before);
  });

  test('scope busy: a different operation holding the connection is named, nothing is queued', async ({
    servers,
    seed,
    queue,
  }) => {
    const w = await seed.world();
    const active = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: otherType,
    });
    const before = await jobTotal(queue.queue);
    const res = await gql(servers.connection, w.owner, doc(mutation), { id: w.connection.id });
    expect(res.data![mutation]).toMatchObject({
      __typename: 'ProviderOperationScopeBusy',
      outcome: 'SCOPE_BUSY',
      activeRun: { id: active.id },
      activeOperationType: otherType,
      runUrl: canonicalRunUrl(active.id),
      message: { action: 'WAIT_FOR_RUN', actionUrl: canonicalRunUrl(active.id) },
    });
    expect(await jobTotal(queue.queue)).toBe(before);
  });

  test('accepted: an explicit (non-default) connection is used; its identity equals the run snapshot; one job', async ({
    servers,
    seed,
    db,
    queue,
  }) => {
    const w = await seed.world();
    const explicit = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Second app' });
    const res = await gql(servers.connection, w.owner, doc(mutation), { id: explicit.id });
    expect(res.errors).toBeUndefined();
    const r = res.data![mutation];
    const identity = {
      id: explicit.id,
      displayName: 'Second app',
      entraTenantId: explicit.entraTenantId,
      clientId: explicit.clientId,
    };
    expect(r).toMatchObject({ __typename: 'ProviderOperationAccepted', outcome: 'ACCEPTED', operationType });
    expect(r.runUrl).toBe(canonicalRunUrl(r.run.id));
    expect(r.providerConnection).toEqual(identity);
    const run = await runRow(db, r.run.id);
    expect(run?.providerConnectionSnapshot).toEqual(r.providerConnection);
    expect(run).toMatchObject({
      status: 'QUEUED',
      providerConnectionId: explicit.id,
      initiatedFrom: 'PROVIDER_CONNECTION',
    });
    const job = await queue.queue.getJob(r.run.id);
    expect(job?.data).toMatchObject({ runId: r.run.id, operationType });
  });
});
