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

describe('API client reads', () => {
  test('a client by reference answers as the list does: a workspace MEMBER is FORBIDDEN, a stranger NOT_FOUND as for a missing id; nothing is written', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const member = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspaceId, userId: member.id, role: 'MEMBER' });
    const strangers = [(await seed.world()).owner, await seed.user()];
    const created = await gql(servers.tenant, w.owner, CREATE, { w: w.workspaceId, n: 'RMM', t: [w.tenant.id] });
    expect(created.errors).toBeUndefined();
    const clientId: string = created.data!.createApiClient.clientId;
    const audits = () =>
      db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.workspaceId, w.workspaceId));
    const before = await audits();
    const LIST = 'query ($w: ID!) { apiClients(workspaceId: $w) { id name } }';
    const ONE = (id: string) =>
      `query { _entities(representations: [{ __typename: "ApiClient", id: "${id}" }]) { ... on ApiClient { id name } } }`;
    const FORBIDDEN_TEXT = 'Your role in this workspace does not include workspace.api_clients.manage.';

    const list = await gql(servers.tenant, member, LIST, { w: w.workspaceId });
    expect(errorOf(list)).toEqual({ code: 'FORBIDDEN', message: FORBIDDEN_TEXT, field: undefined });
    const one = await gql(servers.tenant, member, ONE(clientId));
    expect(errorOf(one)).toEqual({ code: 'FORBIDDEN', message: FORBIDDEN_TEXT, field: undefined });
    expect(one.raw).not.toContain('RMM');
    const missing = errorOf(await gql(servers.tenant, w.owner, ONE(randomUUID())));
    expect(missing).toEqual({ code: 'NOT_FOUND', message: API_CLIENT_NOT_FOUND, field: undefined });
    for (const stranger of strangers) {
      const foreign = await gql(servers.tenant, stranger, ONE(clientId));
      expect(errorOf(foreign)).toEqual(missing);
      expect(foreign.raw).not.toContain('RMM');
    }
    const own = await gql(servers.tenant, w.owner, ONE(clientId));
    expect(own.data).toEqual({ _entities: [{ id: clientId, name: 'RMM' }] });
    // `User.apiClient` stays what its description says: null (no error) for a caller who does not
    // manage clients (here one who sees the principal, sharing its tenant).
    await seed.member(w.tenant.id, member.id, 'READONLY');
    const principal = await db.db
      .select({ userId: schema.apiClients.userId })
      .from(schema.apiClients)
      .where(eq(schema.apiClients.id, clientId));
    const USER = (id: string) =>
      `query { _entities(representations: [{ __typename: "User", id: "${id}" }]) { ... on User { isApiClient apiClient { id } } } }`;
    const asMember = await gql(servers.tenant, member, USER(principal[0]!.userId));
    expect(asMember.errors).toBeUndefined();
    expect(asMember.data).toEqual({ _entities: [{ isApiClient: true, apiClient: null }] });
    expect(await audits()).toEqual(before);
  });
});
