/**
 * Acceptance 2: the same blocker or active run gives the same outcome category and the same
 * `nextStep` on the tenant surface (tenant subgraph) and the connection surface (this
 * subgraph); `ProviderConnection.blockersFor` names the same first reason the gate reports.
 */
import { describe, expect } from '@msp/tests/support/fixtures';
import { gql, START_RESULT, test } from './helpers';

const TENANT_VERIFY = /* GraphQL */ `
  mutation T($tenantId: ID!, $id: ID) { r: startTenantVerification(tenantId: $tenantId, providerConnectionId: $id) { ...Start } }
  ${START_RESULT}
`;
const CONNECTION_VERIFY = /* GraphQL */ `
  mutation C($id: ID!) { r: startProviderConnectionVerification(providerConnectionId: $id) { ...Start } }
  ${START_RESULT}
`;
const BLOCKERS = /* GraphQL */ `
  query B($id: ID!) { providerConnection(id: $id) { blockers blockersFor(operationType: PROVIDER_VERIFICATION) } }
`;

describe('tenant and connection surfaces agree', () => {
  const blockers: Array<[string, Record<string, unknown>, string]> = [
    ['disabled', { enabled: false }, 'PROVIDER_CONNECTION_DISABLED'],
    ['consent not granted (verification included)', { consentStatus: 'MISSING' }, 'PROVIDER_CONSENT_MISSING'],
    ['consent revoked', { consentStatus: 'REVOKED' }, 'PROVIDER_CONSENT_REVOKED'],
    ['secret expired', { clientSecretExpiresAt: new Date(Date.now() - 60_000) }, 'PROVIDER_CREDENTIALS_EXPIRED'],
    ['secret rejected', { credentialRejectedAt: new Date() }, 'PROVIDER_CREDENTIALS_INVALID'],
    ['no secret', { secret: null }, 'PROVIDER_CREDENTIALS_MISSING'],
  ];

  test.for(blockers)(
    'blocker %s: both BLOCKED, same reason, class and nextStep; blockers agree',
    async ([, overrides, reasonCode], { servers, seed }) => {
      const w = await seed.world({ connection: overrides });
      const viaTenant = await gql(servers.tenant, w.owner, TENANT_VERIFY, {
        tenantId: w.tenant.id,
        id: w.connection.id,
      });
      const viaConnection = await gql(servers.connection, w.owner, CONNECTION_VERIFY, { id: w.connection.id });
      const a = viaTenant.data!.r;
      const b = viaConnection.data!.r;
      expect(a.outcome).toBe('BLOCKED');
      expect(b.outcome).toBe('BLOCKED');
      expect(a.reasonCode).toBe(reasonCode);
      expect(b.reasonCode).toBe(reasonCode);
      expect(b.problemClass).toBe(a.problemClass);
      expect(b.message.nextStep).toBe(a.message.nextStep);
      expect(b.message.action).toBe(a.message.action);
      expect(b.message.actionUrl).toBe(a.message.actionUrl);

      const q = await gql(servers.connection, w.owner, BLOCKERS, { id: w.connection.id });
      expect(q.data!.providerConnection.blockersFor[0]).toBe(reasonCode);
      expect(q.data!.providerConnection.blockers).toContain(reasonCode);
    },
  );

  test('an equivalent active run: both DEDUPED to the same run with the same nextStep', async ({ servers, seed }) => {
    const w = await seed.world();
    const active = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_VERIFICATION',
    });
    const a = (await gql(servers.tenant, w.owner, TENANT_VERIFY, { tenantId: w.tenant.id })).data!.r;
    const b = (await gql(servers.connection, w.owner, CONNECTION_VERIFY, { id: w.connection.id })).data!.r;
    expect([a.outcome, b.outcome]).toEqual(['DEDUPED', 'DEDUPED']);
    expect([a.run.id, b.run.id]).toEqual([active.id, active.id]);
    expect(b.message.nextStep).toBe(a.message.nextStep);
  });

  test('a different active run: both SCOPE_BUSY on the same run with the same nextStep', async ({ servers, seed }) => {
    const w = await seed.world();
    const active = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
    });
    const a = (await gql(servers.tenant, w.owner, TENANT_VERIFY, { tenantId: w.tenant.id })).data!.r;
    const b = (await gql(servers.connection, w.owner, CONNECTION_VERIFY, { id: w.connection.id })).data!.r;
    expect([a.outcome, b.outcome]).toEqual(['SCOPE_BUSY', 'SCOPE_BUSY']);
    expect([a.activeRun.id, b.activeRun.id]).toEqual([active.id, active.id]);
    expect(b.message.nextStep).toBe(a.message.nextStep);
    expect(b.message.reason).toBe(a.message.reason);
  });

  test('an archived tenant: both BLOCKED as TENANT_NOT_ACTIVE, and blockers lead with it', async ({
    servers,
    seed,
  }) => {
    const w = await seed.world();
    const archived = await gql(
      servers.tenant,
      w.owner,
      'mutation A($id: ID!) { archiveTenant(tenantId: $id) { status } }',
      { id: w.tenant.id },
    );
    expect(archived.data!.archiveTenant.status).toBe('ARCHIVED');
    const a = (await gql(servers.tenant, w.owner, TENANT_VERIFY, { tenantId: w.tenant.id })).data!.r;
    const b = (await gql(servers.connection, w.owner, CONNECTION_VERIFY, { id: w.connection.id })).data!.r;
    expect([a.reasonCode, b.reasonCode]).toEqual(['TENANT_NOT_ACTIVE', 'TENANT_NOT_ACTIVE']);
    expect(b.message.nextStep).toBe(a.message.nextStep);
    const q = await gql(servers.connection, w.owner, BLOCKERS, { id: w.connection.id });
    expect(q.data!.providerConnection.blockers[0]).toBe('TENANT_NOT_ACTIVE');
  });
});
