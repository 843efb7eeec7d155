/**
 * Acceptance 5: malformed GUIDs, empty names, a secret over 1 KiB, a past expiry: BAD_USER_INPUT
 * naming the field, and nothing written.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { errorOf, gql, test } from './helpers';

const CREATE = /* GraphQL */ `
  mutation C($input: CreateProviderConnectionInput!) { createProviderConnection(input: $input) { id } }
`;

const BAD: Array<[string, Record<string, unknown>, string]> = [
  ['malformed entraTenantId', { entraTenantId: 'not-a-guid' }, 'entraTenantId'],
  ['entraTenantId with a missing group', { entraTenantId: '0000000-0000-0000-0000-000000000000' }, 'entraTenantId'],
  ['malformed clientId', { clientId: '{1234}' }, 'clientId'],
  ['empty displayName', { displayName: '' }, 'displayName'],
  ['blank displayName', { displayName: '   ' }, 'displayName'],
  ['displayName over 200 characters', { displayName: 'x'.repeat(201) }, 'displayName'],
  ['secret over 1 KiB', { clientSecret: 's'.repeat(1025) }, 'clientSecret'],
  ['secret over 1 KiB in UTF-8 bytes', { clientSecret: 'é'.repeat(513) }, 'clientSecret'],
  [
    'secret expiry in the past',
    { clientSecret: 'ok', clientSecretExpiresAt: '2020-01-01T00:00:00Z' },
    'clientSecretExpiresAt',
  ],
];

describe('createProviderConnection', () => {
  test.for(BAD)('%s: BAD_USER_INPUT, nothing written', async ([, overrides, field], { servers, seed, db }) => {
    const w = await seed.world();
    const res = await gql(servers.connection, w.owner, CREATE, {
      input: {
        tenantId: w.tenant.id,
        displayName: 'Good name',
        entraTenantId: randomUUID(),
        clientId: randomUUID(),
        ...overrides,
      },
    });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const rows = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.tenantId, w.tenant.id));
    expect(rows.map((r) => r.id)).toEqual([w.connection.id]);
  });

  test('exactly 1 KiB of secret is accepted (the limit is inclusive)', async ({ servers, seed }) => {
    const w = await seed.world();
    const res = await gql(servers.connection, w.owner, CREATE, {
      input: {
        tenantId: w.tenant.id,
        displayName: 'Edge',
        entraTenantId: randomUUID(),
        clientId: randomUUID(),
        clientSecret: 's'.repeat(1024),
      },
    });
    expect(res.errors).toBeUndefined();
  });
});

describe('rotateProviderCredentials', () => {
  test('a secret over 1 KiB: BAD_USER_INPUT, the stored secret is unchanged', async ({ servers, seed, db }) => {
    const w = await seed.world();
    const [before] = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, w.connection.id));
    const res = await gql(
      servers.connection,
      w.owner,
      'mutation R($id: ID!, $s: String!) { rotateProviderCredentials(id: $id, clientSecret: $s) { id } }',
      { id: w.connection.id, s: 'x'.repeat(1025) },
    );
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clientSecret' });
    const [after] = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, w.connection.id));
    expect(after!.clientSecretEncrypted!.equals(before!.clientSecretEncrypted!)).toBe(true);
  });

  test('a malformed connection id: BAD_USER_INPUT', async ({ servers, seed }) => {
    const w = await seed.world();
    const res = await gql(
      servers.connection,
      w.owner,
      'mutation D($id: ID!) { disableProviderConnection(id: $id) { id } }',
      {
        id: 'nope',
      },
    );
    expect(errorOf(res).code).toBe('BAD_USER_INPUT');
  });
});
