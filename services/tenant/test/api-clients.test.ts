/**
 * API clients through the tenant subgraph (over HTTP, real PostgreSQL): who may manage them, as
 * the capability registry decides. A workspace MEMBER (a member without
 * `workspace.api_clients.manage`) is FORBIDDEN, naming the capability; a stranger gets the
 * client's NOT_FOUND, the same as for a missing id; a refusal writes nothing. The whole-stack
 * cases (tokens, ceilings, revocation on every replica) are in tests/e2e/api-clients.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { MUTATION_ACTIONS } from '@msp/gate';
import { describe, expect } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { API_CLIENT_NOT_FOUND } from '../src/service/api-clients';
import { errorOf, gql, test } from './helpers';

const CREATE = `mutation ($w: ID!, $n: String!, $t: [ID!]) {
  createApiClient(workspaceId: $w, name: $n, roleCeiling: READONLY, tenantIds: $t) { clientId }
}`;
const ROTATE = `mutation ($id: ID!) { rotateApiClientSecret(id: $id) { clientId clientSecret } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiClient(id: $id) { id revokedAt } }`;

describe('API client mutations: each is its own registry action', () => {
  test('rotateApiClientSecret and revokeApiClient: a workspace MEMBER is FORBIDDEN naming the capability, a stranger and a missing id NOT_FOUND, and nothing is written', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const member = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspaceId, userId: member.id, role: 'MEMBER' });
    // A stranger owns a workspace of their own; a user with no membership at all is one too.
    const strangers = [(await seed.world()).owner, await seed.user()];
    const created = await gql(servers.tenant, w.owner, CREATE, { w: w.workspaceId, n: 'PSA', t: [w.tenant.id] });
    expect(created.errors).toBeUndefined();
    const clientId: string = created.data!.createApiClient.clientId;

    const snapshot = async () => ({
      clients: await db.db.select().from(schema.apiClients).where(eq(schema.apiClients.workspaceId, w.workspaceId)),
      memberships: await db.db
        .select()
        .from(schema.tenantMembers)
        .where(eq(schema.tenantMembers.tenantId, w.tenant.id))
        .orderBy(schema.tenantMembers.userId),
      audits: await db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.workspaceId, w.workspaceId)),
    });
    const before = await snapshot();
    expect(before.clients).toHaveLength(1);
    expect(before.memberships).toHaveLength(2);

    const calls: Array<[string, string, Record<string, unknown>]> = [
      ['createApiClient', CREATE, { w: w.workspaceId, n: 'other', t: [w.tenant.id] }],
      ['rotateApiClientSecret', ROTATE, { id: clientId }],
      ['revokeApiClient', REVOKE, { id: clientId }],
    ];
    // Every mutation of the contract about API clients is here.
    expect(calls.map(([name]) => name).sort()).toEqual(
      Object.keys(MUTATION_ACTIONS)
        .filter((name) => /ApiClient/.test(name))
        .sort(),
    );
    for (const [name, document, variables] of calls) {
      const asMember = errorOf(await gql(servers.tenant, member, document, variables));
      expect([name, asMember.code]).toEqual([name, 'FORBIDDEN']);
      expect(asMember.message).toBe('Your role in this workspace does not include workspace.api_clients.manage.');
      for (const stranger of strangers) {
        expect([name, errorOf(await gql(servers.tenant, stranger, document, variables)).code]).toEqual([
          name,
          'NOT_FOUND',
        ]);
      }
    }
    // A stranger's answer about the client is the answer about a missing id, to the member too.
    for (const document of [ROTATE, REVOKE]) {
      const foreign = errorOf(await gql(servers.tenant, strangers[0]!, document, { id: clientId }));
      expect(foreign).toEqual({ code: 'NOT_FOUND', message: API_CLIENT_NOT_FOUND, field: undefined });
      expect(errorOf(await gql(servers.tenant, member, document, { id: randomUUID() }))).toEqual(foreign);
    }
    expect(await snapshot()).toEqual(before);
    // Each mutation asks for its own action.
    expect(new Set(calls.map(([name]) => MUTATION_ACTIONS[name]![0])).size).toBe(calls.length);

    // The workspace OWNER still may.
    const rotated = await gql(servers.tenant, w.owner, ROTATE, { id: clientId });
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data!.rotateApiClientSecret.clientId).toBe(clientId);
    const revoked = await gql(servers.tenant, w.owner, REVOKE, { id: clientId });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeApiClient.revokedAt).toEqual(expect.any(String));
  });
});
