/**
 * Acceptance 1 (tenant surface): each tenant-scoped start mutation in the four conditions,
 * through the subgraph's HTTP endpoint with a real token, real Postgres and Redis. The directory
 * and RBAC syncs are also started from their own pages (surface DIRECTORY / RBAC).
 */
import type { OperationType, StartSurface } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { gql, jobTotal, runRow, START_RESULT, test } from './helpers';

/** ARCHITECTURE.md, "Canonical run URL": `${PUBLIC_APP_URL}/monitoring/operations/<runId>` (the servers' links). */
const canonicalRunUrl = (runId: string) => `https://app.example.test/monitoring/operations/${runId}`;

const CASES: Array<[string, OperationType, OperationType, StartSurface | null]> = [
  // mutation, its operation, a different operation holding the connection, surface argument
  ['startTenantVerification', 'PROVIDER_VERIFICATION', 'POLICY_BACKUP', null],
  ['startDirectoryGroupsSync', 'DIRECTORY_GROUPS_SYNC', 'ROLE_DEFINITIONS_SYNC', null],
  ['startDirectoryGroupsSync', 'DIRECTORY_GROUPS_SYNC', 'ROLE_DEFINITIONS_SYNC', 'DIRECTORY'],
  ['startRoleDefinitionsSync', 'ROLE_DEFINITIONS_SYNC', 'PROVIDER_VERIFICATION', null],
  ['startRoleDefinitionsSync', 'ROLE_DEFINITIONS_SYNC', 'PROVIDER_VERIFICATION', 'RBAC'],
  ['startPolicyBackup', 'POLICY_BACKUP', 'PROVIDER_CONNECTION_HEALTH_CHECK', null],
];

const doc = (mutation: string, surface: StartSurface | null) => /* GraphQL */ `
  mutation Start($tenantId: ID!, $connectionId: ID) {
    ${mutation}(tenantId: $tenantId, providerConnectionId: $connectionId${surface ? `, surface: ${surface}` : ''}) { ...Start }
  }
  ${START_RESULT}
`;

describe.each(CASES)('%s (surface %s)', (mutation, operationType, otherType, surfaceArg) => {
  const surface = surfaceArg ?? 'TENANT';

  test('blocked: a disabled default connection is BLOCKED, recorded, and nothing is queued', async ({
    servers,
    seed,
    db,
    queue,
  }) => {
    const w = await seed.world({ connection: { enabled: false } });
    const before = await jobTotal(queue.queue);
    const res = await gql(servers.tenant, w.owner, doc(mutation, surfaceArg), { tenantId: w.tenant.id });
    expect(res.errors).toBeUndefined();
    const r = res.data![mutation];
    expect(r).toMatchObject({
      __typename: 'ProviderOperationBlocked',
      outcome: 'BLOCKED',
      operationType,
      reasonCode: 'PROVIDER_CONNECTION_DISABLED',
      problemClass: 'PROVIDER_CONNECTION',
    });
    expect(await runRow(db, r.blockedRun.id)).toMatchObject({
      status: 'COMPLETED',
      outcome: 'BLOCKED',
      initiatedFrom: surface,
    });
    expect(await queue.queue.getJob(r.blockedRun.id)).toBeUndefined();
    expect(await jobTotal(queue.queue)).toBe(before);
  });

  test('deduped: an equivalent active run is returned and nothing new is queued', async ({ servers, seed, queue }) => {
    const w = await seed.world();
    const active = await seed.run({ tenantId: w.tenant.id, providerConnectionId: w.connection.id, operationType });
    const before = await jobTotal(queue.queue);
    const res = await gql(servers.tenant, w.owner, doc(mutation, surfaceArg), { tenantId: w.tenant.id });
    expect(res.data![mutation]).toMatchObject({
      __typename: 'ProviderOperationDeduped',
      outcome: 'DEDUPED',
      operationType,
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
    const res = await gql(servers.tenant, w.owner, doc(mutation, surfaceArg), { tenantId: w.tenant.id });
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

  test('accepted: an explicit non-default connection is used; its identity equals the run snapshot; one job', async ({
    servers,
    seed,
    db,
    queue,
  }) => {
    const w = await seed.world();
    const explicit = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Explicit app' });
    const res = await gql(servers.tenant, w.owner, doc(mutation, surfaceArg), {
      tenantId: w.tenant.id,
      connectionId: explicit.id,
    });
    expect(res.errors).toBeUndefined();
    const r = res.data![mutation];
    expect(r).toMatchObject({ __typename: 'ProviderOperationAccepted', outcome: 'ACCEPTED', operationType });
    expect(r.runUrl).toBe(canonicalRunUrl(r.run.id));
    expect(r.providerConnection).toEqual({
      id: explicit.id,
      displayName: 'Explicit app',
      entraTenantId: explicit.entraTenantId,
      clientId: explicit.clientId,
    });
    const run = await runRow(db, r.run.id);
    expect(run?.providerConnectionSnapshot).toEqual(r.providerConnection);
    expect(run).toMatchObject({ status: 'QUEUED', providerConnectionId: explicit.id, initiatedFrom: surface });
    expect((await queue.queue.getJob(r.run.id))?.data).toMatchObject({ runId: r.run.id, operationType });
  });
});
