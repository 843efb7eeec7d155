/**
 * Issue 6, acceptance 3: "a non-owner workspace member gets FORBIDDEN; a stranger gets NOT_FOUND"
 * on every onboarding operation, with nothing changed and nothing queued; a stranger's answer is
 * exactly the answer for an id that does not exist.
 *
 * Issue 10, item 5: onboarding asks the capability registry about the session's tenant too, like
 * every other surface of that tenant: a workspace OWNER removed from the tenant gets that same
 * NOT_FOUND (and cannot cancel, which would archive the tenant); a tenant member without the
 * capability a step needs gets FORBIDDEN; the archive a cancel makes can be undone by the tenant's
 * OWNER (`unarchiveTenant`, tenant subgraph).
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { startTenantSubgraph } from '@msp/tenant';
import { testLogger } from '@msp/tests/support/logger';
import { secretBox } from '@msp/tests/support/seed';
import { and, eq } from 'drizzle-orm';
import {
  auth,
  clientFor,
  connectionInput,
  dataOf,
  describe,
  errorOf,
  expect,
  jobCount,
  links,
  Q,
  SESSION_FIELDS,
  test,
  wizard,
} from './helpers';

describe('onboarding authorization', () => {
  test('a non-owner workspace member gets FORBIDDEN; a stranger NOT_FOUND, as for a missing id', async ({
    seed,
    subgraph,
    db,
    queue,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const memberUser = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspace.id, userId: memberUser.id, role: 'MEMBER' });
    // Even a tenant OWNER who is only a MEMBER of the workspace cannot drive its onboarding.
    await seed.member(w.tenantId, memberUser.id, 'OWNER');
    const member = await clientFor(subgraph, memberUser);
    const stranger = await clientFor(subgraph, await seed.user());
    const jobsBefore = await jobCount(queue);
    const [before] = await db.db
      .select()
      .from(schema.onboardingSessions)
      .where(eq(schema.onboardingSessions.id, w.sessionId));

    const calls: Array<[string, string, (id: string) => Record<string, unknown>]> = [
      ['onboardingSession', Q.session, (id) => ({ id })],
      ['connectOnboardingProvider', Q.connect, (id) => ({ id, input: connectionInput(w.tenantId) })],
      ['startOnboardingVerification', Q.verify, (id) => ({ id })],
      ['startOnboardingBootstrap', Q.bootstrap, (id) => ({ id })],
      ['completeOnboarding', Q.complete, (id) => ({ id })],
      ['cancelOnboarding', Q.cancel, (id) => ({ id })],
    ];
    for (const [name, query, vars] of calls) {
      const forbidden = errorOf(await member(query, vars(w.sessionId)));
      expect({ name, code: forbidden.code }).toEqual({ name, code: 'FORBIDDEN' });
      const hidden = errorOf(await stranger(query, vars(w.sessionId)));
      const missing = errorOf(await stranger(query, vars(randomUUID())));
      expect({ name, ...hidden }).toEqual({
        name,
        code: 'NOT_FOUND',
        message: 'Onboarding session not found.',
        field: undefined,
      });
      expect(hidden).toEqual(missing);
    }
    const create = { workspaceId: w.workspace.id, tenantName: 'Contoso', entraTenantId: randomUUID() };
    expect(errorOf(await member(Q.create, create)).code).toBe('FORBIDDEN');
    const strangerCreate = errorOf(await stranger(Q.create, create));
    expect(strangerCreate).toEqual(errorOf(await stranger(Q.create, { ...create, workspaceId: randomUUID() })));
    expect(strangerCreate.code).toBe('NOT_FOUND');

    // Nothing changed, nothing queued, no tenant created.
    expect(await jobCount(queue)).toBe(jobsBefore);
    const [after] = await db.db
      .select()
      .from(schema.onboardingSessions)
      .where(eq(schema.onboardingSessions.id, w.sessionId));
    expect(after).toEqual(before);
    const tenants = await db.db.select().from(schema.tenants).where(eq(schema.tenants.workspaceId, w.workspace.id));
    expect(tenants).toHaveLength(1);
    // The owner still sees the session as it was.
    expect(dataOf(await w.client(Q.session, { id: w.sessionId })).onboardingSession.status).toBe('ACTIVE');
  });
});

describe('onboarding asks about the tenant too (issue 10, item 5)', () => {
  const calls: Array<[string, string, (id: string, tenantId: string) => Record<string, unknown>]> = [
    ['onboardingSession', Q.session, (id) => ({ id })],
    ['connectOnboardingProvider', Q.connect, (id, tenantId) => ({ id, input: connectionInput(tenantId) })],
    ['startOnboardingVerification', Q.verify, (id) => ({ id })],
    ['startOnboardingBootstrap', Q.bootstrap, (id) => ({ id })],
    ['completeOnboarding', Q.complete, (id) => ({ id })],
    ['cancelOnboarding', Q.cancel, (id) => ({ id })],
  ];

  test('a workspace OWNER removed from the tenant: NOT_FOUND on every operation, as for a missing id; cancel archives nothing', async ({
    seed,
    subgraph,
    db,
    queue,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const coOwner = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspace.id, userId: coOwner.id, role: 'OWNER' });
    await seed.member(w.tenantId, coOwner.id, 'OWNER');
    const client = await clientFor(subgraph, coOwner);
    // While a member of the tenant, the co-owner sees the session.
    expect(dataOf(await client(Q.session, { id: w.sessionId })).onboardingSession.id).toBe(w.sessionId);

    await db.db
      .delete(schema.tenantMembers)
      .where(and(eq(schema.tenantMembers.tenantId, w.tenantId), eq(schema.tenantMembers.userId, coOwner.id)));
    const jobsBefore = await jobCount(queue);
    for (const [name, query, vars] of calls) {
      const hidden = errorOf(await client(query, vars(w.sessionId, w.tenantId)));
      const missing = errorOf(await client(query, vars(randomUUID(), w.tenantId)));
      expect({ name, ...hidden }).toEqual({
        name,
        code: 'NOT_FOUND',
        message: 'Onboarding session not found.',
        field: undefined,
      });
      expect({ name, ...hidden }).toEqual({ name, ...missing });
    }
    // Not listed either: the workspace's sessions and the tenant's session leave it out.
    const listed = dataOf(
      await client(
        `query($ids: [_Any!]!) { _entities(representations: $ids) {
        ... on Workspace { onboardingSessions { id } } ... on Tenant { onboardingSession { id } } } }`,
        {
          ids: [
            { __typename: 'Workspace', id: w.workspace.id },
            { __typename: 'Tenant', id: w.tenantId },
          ],
        },
      ),
    );
    expect(listed._entities).toEqual([{ onboardingSessions: [] }, { onboardingSession: null }]);

    // The cancel was refused: the session is ACTIVE, the tenant still ONBOARDING, nothing queued.
    const [session] = await db.db
      .select()
      .from(schema.onboardingSessions)
      .where(eq(schema.onboardingSessions.id, w.sessionId));
    expect(session?.status).toBe('ACTIVE');
    const [tenant] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenantId));
    expect(tenant?.status).toBe('ONBOARDING');
    expect(await jobCount(queue)).toBe(jobsBefore);
    // The creator, still the tenant's OWNER, carries on.
    expect(dataOf(await w.client(Q.session, { id: w.sessionId })).onboardingSession.status).toBe('ACTIVE');
  });

  test('a workspace OWNER who is a READONLY member of the tenant reads the session; connect and cancel are FORBIDDEN', async ({
    seed,
    subgraph,
    db,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const coOwner = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspace.id, userId: coOwner.id, role: 'OWNER' });
    await seed.member(w.tenantId, coOwner.id, 'READONLY');
    const client = await clientFor(subgraph, coOwner);
    expect(dataOf(await client(Q.session, { id: w.sessionId })).onboardingSession.status).toBe('ACTIVE');
    const connect = errorOf(await client(Q.connect, { id: w.sessionId, input: connectionInput(w.tenantId) }));
    expect(connect.code).toBe('FORBIDDEN');
    expect(connect.message).toMatch(/provider_connection\.manage/);
    const cancel = errorOf(await client(Q.cancel, { id: w.sessionId }));
    expect(cancel).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/tenant\.archive/) });
    const [tenant] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenantId));
    expect(tenant?.status).toBe('ONBOARDING');
  });

  test("cancelOnboarding's archive is undone by the tenant's OWNER with unarchiveTenant; others cannot", async ({
    seed,
    subgraph,
    db,
    queue,
  }) => {
    const tenantSubgraph = await startTenantSubgraph({
      db,
      queue: queue.queue,
      auth,
      links,
      logger: testLogger,
      port: 0,
      host: '127.0.0.1',
      secretBox,
    });
    try {
      const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
      const cancelled = dataOf(await w.client(Q.cancel, { id: w.sessionId })).cancelOnboarding;
      expect(cancelled.status).toBe('CANCELLED');
      const tenantStatus = `query($id: ID!) { tenant(id: $id) { status } }`;
      const owner = await clientFor(tenantSubgraph, w.owner);
      expect(dataOf(await owner(tenantStatus, { id: w.tenantId })).tenant.status).toBe('ARCHIVED');

      const unarchive = `mutation($id: ID!) { unarchiveTenant(tenantId: $id) { id status } }`;
      // A MANAGER of the tenant (no tenant.archive) and a stranger cannot.
      const manager = await seed.user();
      await seed.member(w.tenantId, manager.id, 'MANAGER');
      expect(errorOf(await (await clientFor(tenantSubgraph, manager))(unarchive, { id: w.tenantId })).code).toBe(
        'FORBIDDEN',
      );
      const stranger = await clientFor(tenantSubgraph, await seed.user());
      expect(errorOf(await stranger(unarchive, { id: w.tenantId }))).toEqual(
        errorOf(await stranger(unarchive, { id: randomUUID() })),
      );

      expect(dataOf(await owner(unarchive, { id: w.tenantId })).unarchiveTenant).toEqual({
        id: w.tenantId,
        status: 'ACTIVE',
      });
      // The cancelled session stays cancelled; the tenant's starts are decided by its blockers again.
      const session = dataOf(
        await w.client(`query($id: ID!) { onboardingSession(id: $id) { ${SESSION_FIELDS} } }`, {
          id: w.sessionId,
        }),
      ).onboardingSession;
      expect(session.status).toBe('CANCELLED');
      const start = dataOf(
        await owner(`mutation($id: ID!) { startTenantVerification(tenantId: $id) { __typename } }`, { id: w.tenantId }),
      );
      expect(start.startTenantVerification.__typename).toBe('ProviderOperationAccepted');
    } finally {
      await tenantSubgraph.close();
    }
  });
});
