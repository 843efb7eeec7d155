/**
 * Acceptance 4: another tenant's connection id is NOT_FOUND (the text of a missing id) on the
 * query, entity references and every mutation of both action hosts, and nothing of it changes;
 * READONLY members get FORBIDDEN on every start and lifecycle mutation.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { NOT_FOUND } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { errorOf, gql, START_RESULT, test } from './helpers';

const CONNECTION_OPS: Array<[string, string]> = [
  ['providerConnection', 'query Q($id: ID!) { providerConnection(id: $id) { id displayName blockers } }'],
  ['setDefaultProviderConnection', 'mutation M($id: ID!) { setDefaultProviderConnection(id: $id) { id } }'],
  ['enableProviderConnection', 'mutation M($id: ID!) { enableProviderConnection(id: $id) { id } }'],
  ['disableProviderConnection', 'mutation M($id: ID!) { disableProviderConnection(id: $id) { id } }'],
  ['recordProviderConsent', 'mutation M($id: ID!) { recordProviderConsent(id: $id, status: REVOKED) { id } }'],
  [
    'rotateProviderCredentials',
    'mutation M($id: ID!) { rotateProviderCredentials(id: $id, clientSecret: "x") { id } }',
  ],
  ['deleteProviderConnection', 'mutation M($id: ID!) { deleteProviderConnection(id: $id) }'],
  [
    'startProviderConnectionHealthCheck',
    `mutation M($id: ID!) { startProviderConnectionHealthCheck(providerConnectionId: $id) { ...Start } } ${START_RESULT}`,
  ],
  [
    'startProviderConnectionVerification',
    `mutation M($id: ID!) { startProviderConnectionVerification(providerConnectionId: $id) { ...Start } } ${START_RESULT}`,
  ],
  [
    '_entities ProviderConnection',
    'query Q($id: ID!) { _entities(representations: [{ __typename: "ProviderConnection", id: $id }]) { ... on ProviderConnection { id displayName } } }',
  ],
];

const TENANT_STARTS = [
  'startTenantVerification',
  'startDirectoryGroupsSync',
  'startRoleDefinitionsSync',
  'startPolicyBackup',
];

describe('another tenant’s connection', () => {
  test.for(CONNECTION_OPS)(
    '%s: NOT_FOUND, same text as a missing id, nothing changes',
    async ([, document], { servers, seed, db }) => {
      const mine = await seed.world();
      const theirs = await seed.world();
      const before = await db.db
        .select()
        .from(schema.providerConnections)
        .where(eq(schema.providerConnections.id, theirs.connection.id));
      const foreign = errorOf(await gql(servers.connection, mine.owner, document, { id: theirs.connection.id }));
      const missing = errorOf(await gql(servers.connection, mine.owner, document, { id: randomUUID() }));
      expect(foreign).toEqual({ code: 'NOT_FOUND', message: NOT_FOUND.providerConnection, field: undefined });
      expect(foreign).toEqual(missing);
      const after = await db.db
        .select()
        .from(schema.providerConnections)
        .where(eq(schema.providerConnections.id, theirs.connection.id));
      expect(after).toEqual(before);
    },
  );

  test('a Tenant reference to another tenant is NOT_FOUND here, so its connections never leak', async ({
    servers,
    seed,
  }) => {
    const mine = await seed.world();
    const theirs = await seed.world();
    const res = await gql(
      servers.connection,
      mine.owner,
      'query Q($id: ID!) { _entities(representations: [{ __typename: "Tenant", id: $id }]) { ... on Tenant { providerConnections { id } defaultProviderConnection { id } } } }',
      { id: theirs.tenant.id },
    );
    expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: NOT_FOUND.tenant });
    expect(res.raw).not.toContain(theirs.connection.id);
  });

  test.for(TENANT_STARTS)(
    '%s on my tenant with their connection id: NOT_FOUND, nothing recorded',
    async (mutation, { servers, seed, db }) => {
      const mine = await seed.world();
      const theirs = await seed.world();
      const res = await gql(
        servers.tenant,
        mine.owner,
        `mutation M($t: ID!, $c: ID) { ${mutation}(tenantId: $t, providerConnectionId: $c) { ...Start } } ${START_RESULT}`,
        { t: mine.tenant.id, c: theirs.connection.id },
      );
      expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: NOT_FOUND.providerConnection });
      const runs = await db.db
        .select()
        .from(schema.operationRuns)
        .where(eq(schema.operationRuns.tenantId, mine.tenant.id));
      expect(runs).toHaveLength(0);
    },
  );
});

describe('READONLY members', () => {
  const lifecycle = CONNECTION_OPS.filter(([f]) => f !== 'providerConnection' && !f.startsWith('_'));

  test.for(lifecycle)('%s: FORBIDDEN, nothing changes', async ([, document], { servers, seed, db }) => {
    const w = await seed.world();
    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const before = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, w.connection.id));
    expect(errorOf(await gql(servers.connection, reader, document, { id: w.connection.id })).code).toBe('FORBIDDEN');
    const after = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, w.connection.id));
    expect(after).toEqual(before);
    const runs = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.tenantId, w.tenant.id));
    expect(runs).toHaveLength(0);
  });

  test('createProviderConnection: FORBIDDEN; reading the connection is allowed', async ({ servers, seed }) => {
    const w = await seed.world();
    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const create = await gql(
      servers.connection,
      reader,
      'mutation C($input: CreateProviderConnectionInput!) { createProviderConnection(input: $input) { id } }',
      { input: { tenantId: w.tenant.id, displayName: 'x', entraTenantId: randomUUID(), clientId: randomUUID() } },
    );
    expect(errorOf(create).code).toBe('FORBIDDEN');
    const read = await gql(servers.connection, reader, 'query Q($id: ID!) { providerConnection(id: $id) { id } }', {
      id: w.connection.id,
    });
    expect(read.data!.providerConnection.id).toBe(w.connection.id);
  });

  test.for(TENANT_STARTS)('%s: FORBIDDEN, nothing recorded or queued', async (mutation, { servers, seed, db }) => {
    const w = await seed.world();
    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const res = await gql(
      servers.tenant,
      reader,
      `mutation M($t: ID!) { ${mutation}(tenantId: $t) { ...Start } } ${START_RESULT}`,
      { t: w.tenant.id },
    );
    expect(errorOf(res).code).toBe('FORBIDDEN');
    const runs = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.tenantId, w.tenant.id));
    expect(runs).toHaveLength(0);
  });
});
