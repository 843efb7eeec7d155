/**
 * Acceptance 3: the connection lifecycle through HTTP: the secret is stored encrypted and never
 * returned or logged; one default per tenant under concurrency; disable / revoked consent block
 * with their reason; rotation unblocks; delete refuses while an active run holds the connection.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type DbHandle, schema } from '@msp/db';
import { describe, expect } from '@msp/tests/support/fixtures';
import { secretBox } from '@msp/tests/support/seed';
import { eq } from 'drizzle-orm';
import { errorOf, gql, runRow, START_RESULT, test } from './helpers';

const FIELDS =
  'id displayName entraTenantId clientId isDefault enabled consentStatus credentialStatus credentialExpiresAt blockers';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateProviderConnectionInput!) { createProviderConnection(input: $input) { ${FIELDS} } }
`;
const HEALTH = /* GraphQL */ `
  mutation H($id: ID!) { r: startProviderConnectionHealthCheck(providerConnectionId: $id) { ...Start } }
  ${START_RESULT}
`;

/** The stored row (any: tests read its columns directly, including the encrypted secret). */
// biome-ignore lint/suspicious/noExplicitAny: a raw row, asserted on column by column
const stored = async (db: DbHandle, id: string): Promise<any> =>
  (await db.db.select().from(schema.providerConnections).where(eq(schema.providerConnections.id, id)))[0];

describe('secret handling', () => {
  test('the secret is stored only encrypted; no response and no log line contains it (create and rotate)', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const secret = `PLAINTEXT-${randomBytes(12).toString('hex')}`;
    const created = await gql(servers.connection, w.owner, CREATE, {
      input: {
        tenantId: w.tenant.id,
        displayName: 'Backup app',
        entraTenantId: randomUUID(),
        clientId: randomUUID(),
        clientSecret: secret,
        clientSecretExpiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createProviderConnection).toMatchObject({ credentialStatus: 'VALID', isDefault: false });
    const id = created.data!.createProviderConnection.id;
    const row = await stored(db, id);
    expect(Buffer.isBuffer(row.clientSecretEncrypted)).toBe(true);
    expect(row.clientSecretEncrypted.includes(Buffer.from(secret))).toBe(false);
    expect(secretBox.decrypt(row.clientSecretEncrypted)).toBe(secret);

    const rotated = `ROTATED-${randomBytes(12).toString('hex')}`;
    const rot = await gql(
      servers.connection,
      w.owner,
      `mutation R($id: ID!, $s: String!) { rotateProviderCredentials(id: $id, clientSecret: $s) { ${FIELDS} } }`,
      { id, s: rotated },
    );
    expect(rot.data!.rotateProviderCredentials.credentialStatus).toBe('VALID');
    const after = await stored(db, id);
    expect(after.clientSecretEncrypted.includes(Buffer.from(rotated))).toBe(false);
    expect(secretBox.decrypt(after.clientSecretEncrypted)).toBe(rotated);

    // A refused secret (too long) is not echoed either.
    const refused = `${rotated}${'x'.repeat(1100)}`;
    const bad = await gql(
      servers.connection,
      w.owner,
      'mutation R($id: ID!, $s: String!) { rotateProviderCredentials(id: $id, clientSecret: $s) { id } }',
      { id, s: refused },
    );
    expect(errorOf(bad).code).toBe('BAD_USER_INPUT');

    for (const text of [created.raw, rot.raw, bad.raw, ...servers.logs]) {
      expect(text.includes(secret)).toBe(false);
      expect(text.includes(rotated)).toBe(false);
    }
    expect(servers.logs.length).toBeGreaterThan(0); // the capture works: the server did log
  });
});

describe('default connection', () => {
  test('exactly one default per tenant under 20 concurrent setDefaultProviderConnection calls', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const others = await Promise.all(
      Array.from({ length: 4 }, (_, i) => seed.connection(w.tenant.id, { isDefault: false, displayName: `App ${i}` })),
    );
    const ids = [w.connection.id, ...others.map((c) => c.id)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(
          servers.connection,
          w.owner,
          'mutation S($id: ID!) { setDefaultProviderConnection(id: $id) { id isDefault } }',
          {
            id: ids[(i + 1) % ids.length],
          },
        ),
      ),
    );
    // Every call succeeds (a later call may already have moved the default when one reads back).
    for (const r of results) expect(r.errors).toBeUndefined();
    const all = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.tenantId, w.tenant.id));
    const flagged = all.filter((c) => c.isDefault);
    expect(all).toHaveLength(5);
    expect(flagged).toHaveLength(1);

    const q = await gql(
      servers.connection,
      w.owner,
      `query { _entities(representations: [{ __typename: "Tenant", id: "${w.tenant.id}" }]) { ... on Tenant { defaultProviderConnection { id } providerConnections { id isDefault } } } }`,
    );
    const tenant = q.data!._entities[0];
    expect(tenant.defaultProviderConnection.id).toBe(flagged[0]!.id);
    expect(tenant.providerConnections.filter((c: { isDefault: boolean }) => c.isDefault)).toHaveLength(1);
  });
});

describe('blocking states', () => {
  test('disable → PROVIDER_CONNECTION_DISABLED; enable clears it', async ({ servers, seed }) => {
    const w = await seed.world();
    const off = await gql(
      servers.connection,
      w.owner,
      `mutation D($id: ID!) { disableProviderConnection(id: $id) { ${FIELDS} } }`,
      {
        id: w.connection.id,
      },
    );
    expect(off.data!.disableProviderConnection).toMatchObject({
      enabled: false,
      blockers: ['PROVIDER_CONNECTION_DISABLED'],
    });
    const blocked = (await gql(servers.connection, w.owner, HEALTH, { id: w.connection.id })).data!.r;
    expect(blocked).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'PROVIDER_CONNECTION_DISABLED' });
    const on = await gql(
      servers.connection,
      w.owner,
      `mutation E($id: ID!) { enableProviderConnection(id: $id) { ${FIELDS} } }`,
      {
        id: w.connection.id,
      },
    );
    expect(on.data!.enableProviderConnection).toMatchObject({ enabled: true, blockers: [] });
  });

  test('consent REVOKED → PROVIDER_CONSENT_REVOKED', async ({ servers, seed }) => {
    const w = await seed.world();
    const res = await gql(
      servers.connection,
      w.owner,
      `mutation C($id: ID!) { recordProviderConsent(id: $id, status: REVOKED) { ${FIELDS} } }`,
      { id: w.connection.id },
    );
    expect(res.data!.recordProviderConsent).toMatchObject({
      consentStatus: 'REVOKED',
      blockers: ['PROVIDER_CONSENT_REVOKED'],
    });
    const blocked = (await gql(servers.connection, w.owner, HEALTH, { id: w.connection.id })).data!.r;
    expect(blocked).toMatchObject({
      outcome: 'BLOCKED',
      reasonCode: 'PROVIDER_CONSENT_REVOKED',
      problemClass: 'PROVIDER_CONSENT',
    });
  });

  test('a new connection starts without consent; for an app this tenant already connected it carries the recorded consent', async ({
    servers,
    seed,
  }) => {
    const w = await seed.world(); // its connection's consent is GRANTED
    const create = (app: { entraTenantId: string; clientId: string }) =>
      gql(servers.connection, w.owner, CREATE, {
        input: { tenantId: w.tenant.id, displayName: 'Second app', clientSecret: 'a-new-secret-value', ...app },
      });
    const other = await create({ entraTenantId: randomUUID(), clientId: randomUUID() });
    expect(other.data!.createProviderConnection).toMatchObject({
      consentStatus: 'MISSING',
      blockers: ['PROVIDER_CONSENT_MISSING'],
    });
    const sameApp = await create({ entraTenantId: w.connection.entraTenantId, clientId: w.connection.clientId });
    expect(sameApp.data!.createProviderConnection).toMatchObject({ consentStatus: 'GRANTED', blockers: [] });

    await gql(
      servers.connection,
      w.owner,
      `mutation C($id: ID!) { recordProviderConsent(id: $id, status: REVOKED) { id } }`,
      {
        id: sameApp.data!.createProviderConnection.id,
      },
    );
    const afterRevoke = await create({ entraTenantId: w.connection.entraTenantId, clientId: w.connection.clientId });
    expect(afterRevoke.data!.createProviderConnection).toMatchObject({ consentStatus: 'REVOKED' });
  });

  test('a rejected secret blocks (REJECTED / PROVIDER_CREDENTIALS_INVALID); rotating unblocks and the start is accepted', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world({ connection: { credentialRejectedAt: new Date() } });
    const before = await gql(
      servers.connection,
      w.owner,
      `query Q($id: ID!) { providerConnection(id: $id) { ${FIELDS} } }`,
      {
        id: w.connection.id,
      },
    );
    expect(before.data!.providerConnection).toMatchObject({
      credentialStatus: 'REJECTED',
      blockers: ['PROVIDER_CREDENTIALS_INVALID'],
    });
    expect((await gql(servers.connection, w.owner, HEALTH, { id: w.connection.id })).data!.r.reasonCode).toBe(
      'PROVIDER_CREDENTIALS_INVALID',
    );
    const rot = await gql(
      servers.connection,
      w.owner,
      `mutation R($id: ID!) { rotateProviderCredentials(id: $id, clientSecret: "new-secret", expiresAt: "${new Date(Date.now() + 7 * 86_400_000).toISOString()}") { ${FIELDS} } }`,
      { id: w.connection.id },
    );
    expect(rot.data!.rotateProviderCredentials).toMatchObject({ credentialStatus: 'EXPIRING_SOON', blockers: [] });
    expect((await stored(db, w.connection.id)).credentialRejectedAt).toBeNull();
    expect((await gql(servers.connection, w.owner, HEALTH, { id: w.connection.id })).data!.r.outcome).toBe('ACCEPTED');
  });
});

describe('delete', () => {
  test('while an active run holds it: CONFLICT, nothing deleted; afterwards deleted, past runs keep their snapshot', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const started = (await gql(servers.connection, w.owner, HEALTH, { id: w.connection.id })).data!.r;
    expect(started.outcome).toBe('ACCEPTED');
    const del = 'mutation D($id: ID!) { deleteProviderConnection(id: $id) }';

    const refused = await gql(servers.connection, w.owner, del, { id: w.connection.id });
    const error = errorOf(refused);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('active run');
    expect(await stored(db, w.connection.id)).toBeDefined();
    expect((await runRow(db, started.run.id))?.providerConnectionId).toBe(w.connection.id);

    await db.db
      .update(schema.operationRuns)
      .set({ status: 'COMPLETED', outcome: 'SUCCEEDED', completedAt: new Date() })
      .where(eq(schema.operationRuns.id, started.run.id));
    const done = await gql(servers.connection, w.owner, del, { id: w.connection.id });
    expect(done.data!.deleteProviderConnection).toBe(w.connection.id);
    expect(await stored(db, w.connection.id)).toBeUndefined();
    const run = await runRow(db, started.run.id);
    expect(run?.providerConnectionId).toBeNull();
    expect(run?.providerConnectionSnapshot).toEqual(started.providerConnection);
    const gone = await gql(servers.connection, w.owner, 'query Q($id: ID!) { providerConnection(id: $id) { id } }', {
      id: w.connection.id,
    });
    expect(errorOf(gone).code).toBe('NOT_FOUND');
  });
});

describe('connection health fields (issue 17)', () => {
  test('recorded vs granted permissions, the permission drift with the run that found it, its clearing, the expiry warning; the gate’s blockers follow what Entra grants', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world({
      connection: { grantedPermissions: ['DeviceManagementRBAC.Read.All', 'Group.Read.All'] },
    });
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
      status: 'COMPLETED',
    });
    const expiresAt = new Date(Date.now() + 10 * 86_400_000);
    await db.db
      .update(schema.providerConnections)
      .set({
        observedPermissions: ['Group.Read.All', 'Organization.Read.All'],
        permissionDrift: {
          missing: ['DeviceManagementRBAC.Read.All'],
          extra: ['Organization.Read.All'],
          detectedAt: '2026-12-01T05:00:00.000Z',
          runId: run.id,
        },
        health: 'DEGRADED',
        clientSecretExpiresAt: expiresAt,
        credentialExpiryNotifiedFor: expiresAt,
      })
      .where(eq(schema.providerConnections.id, w.connection.id));
    const QUERY = /* GraphQL */ `
      query Q($id: ID!) {
        providerConnection(id: $id) {
          health recordedPermissions grantedPermissions permissionDriftClearedAt credentialExpiryNotifiedFor
          permissionDrift { missingPermissions extraPermissions detectedAt run { id } }
          blockersFor(operationType: ROLE_DEFINITIONS_SYNC)
        }
      }
    `;
    const drifted = await gql(servers.connection, w.owner, QUERY, { id: w.connection.id });
    expect(drifted.errors).toBeUndefined();
    expect(drifted.data!.providerConnection).toEqual({
      health: 'DEGRADED',
      recordedPermissions: ['DeviceManagementRBAC.Read.All', 'Group.Read.All'],
      grantedPermissions: ['Group.Read.All', 'Organization.Read.All'],
      permissionDriftClearedAt: null,
      credentialExpiryNotifiedFor: expiresAt.toISOString(),
      permissionDrift: {
        missingPermissions: ['DeviceManagementRBAC.Read.All'],
        extraPermissions: ['Organization.Read.All'],
        detectedAt: '2026-12-01T05:00:00.000Z',
        run: { id: run.id },
      },
      // Decided from what Entra grants, not from what was recorded.
      blockersFor: ['PROVIDER_PERMISSIONS_MISSING'],
    });

    const clearedAt = new Date('2026-12-02T05:00:00.000Z');
    await db.db
      .update(schema.providerConnections)
      .set({
        observedPermissions: ['DeviceManagementRBAC.Read.All', 'Group.Read.All'],
        permissionDrift: null,
        permissionDriftClearedAt: clearedAt,
        health: 'HEALTHY',
      })
      .where(eq(schema.providerConnections.id, w.connection.id));
    const cleared = await gql(servers.connection, w.owner, QUERY, { id: w.connection.id });
    expect(cleared.data!.providerConnection).toMatchObject({
      health: 'HEALTHY',
      permissionDrift: null,
      permissionDriftClearedAt: clearedAt.toISOString(),
      blockersFor: [],
    });
  });
});
