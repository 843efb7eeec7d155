/**
 * Issue 6, acceptance 3: "a non-owner workspace member gets FORBIDDEN; a stranger gets NOT_FOUND"
 * on every onboarding operation, with nothing changed and nothing queued; a stranger's answer is
 * exactly the answer for an id that does not exist.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { eq } from 'drizzle-orm';
import { clientFor, connectionInput, dataOf, describe, errorOf, expect, jobCount, Q, test, wizard } from './helpers';

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
