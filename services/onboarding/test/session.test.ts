/**
 * Issue 6, acceptance 3: "complete activates the tenant"; and the session around it: creation
 * (tenant ONBOARDING, creator OWNER), connecting the provider (the provider-connection service's
 * validation and encryption), completion refused until verification succeeded, the retry path
 * after a failed verification, cancelling a stuck session.
 */
import { randomUUID } from 'node:crypto';
import { type Database, schema } from '@msp/db';
import { and, eq } from 'drizzle-orm';
import {
  connectionInput,
  dataOf,
  describe,
  errorOf,
  expect,
  finishRun,
  jobCount,
  Q,
  stepOf,
  test,
  wizard,
} from './helpers';

async function tenantRow(db: Database, id: string) {
  const [row] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, id));
  if (!row) throw new Error(`no tenant ${id}`);
  return row;
}

describe('onboarding session', () => {
  test('create: the tenant exists in status ONBOARDING with the creator as OWNER; the wizard moves to the connection', async ({
    seed,
    subgraph,
    db,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { connect: false });
    const session = await w.session();
    expect(session).toMatchObject({
      status: 'ACTIVE',
      currentStep: 'PROVIDER_CONNECTION',
      workspace: { id: w.workspace.id },
      tenant: { id: w.tenantId },
      providerConnection: null,
    });
    expect(session.steps.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
      ['TENANT_DETAILS', 'DONE'],
      ['PROVIDER_CONNECTION', 'PENDING'],
      ['VERIFICATION', 'PENDING'],
      ['BOOTSTRAP', 'PENDING'],
      ['COMPLETE', 'PENDING'],
    ]);
    expect((await tenantRow(db.db, w.tenantId)).status).toBe('ONBOARDING');
    const [member] = await db.db
      .select()
      .from(schema.tenantMembers)
      .where(and(eq(schema.tenantMembers.tenantId, w.tenantId), eq(schema.tenantMembers.userId, w.owner.id)));
    expect(member?.role).toBe('OWNER');

    // The tenant service's validation, under the mutation's argument names.
    const bad = errorOf(
      await w.client(Q.create, { workspaceId: w.workspace.id, tenantName: ' ', entraTenantId: randomUUID() }),
    );
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tenantName' });
    const tenants = await db.db.select().from(schema.tenants).where(eq(schema.tenants.workspaceId, w.workspace.id));
    expect(tenants.map((t) => t.id)).toEqual([w.tenantId]);
  });

  test('connect: the connection is created (encrypted secret, default) by the provider-connection service', async ({
    seed,
    subgraph,
    db,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { connect: false });
    const otherTenant = errorOf(await w.client(Q.connect, { id: w.sessionId, input: connectionInput(randomUUID()) }));
    expect(otherTenant).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tenantId' });
    const badClient = errorOf(
      await w.client(Q.connect, { id: w.sessionId, input: connectionInput(w.tenantId, { clientId: 'nope' }) }),
    );
    expect(badClient).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.clientId' });

    const session = dataOf(
      await w.client(Q.connect, { id: w.sessionId, input: connectionInput(w.tenantId) }),
    ).connectOnboardingProvider;
    expect(session.currentStep).toBe('VERIFICATION');
    expect(stepOf(session, 'PROVIDER_CONNECTION').status).toBe('DONE');
    const [connection] = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, session.providerConnection.id));
    expect(connection).toMatchObject({ tenantId: w.tenantId, isDefault: true, enabled: true });
    expect(connection?.clientSecretEncrypted).toBeInstanceOf(Buffer);
    expect(connection?.clientSecretEncrypted?.toString('utf8')).not.toContain('sim-secret-value');
  });

  test('complete is refused until verification succeeded, then activates the tenant', async ({
    seed,
    subgraph,
    db,
    lifecycle,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const early = errorOf(await w.client(Q.complete, { id: w.sessionId }));
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toMatch(/verification has succeeded/);
    expect((await tenantRow(db.db, w.tenantId)).status).toBe('ONBOARDING');

    const started = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    expect(started.outcome).toBe('ACCEPTED');
    expect(errorOf(await w.client(Q.complete, { id: w.sessionId })).code).toBe('CONFLICT');
    await finishRun(lifecycle, started.run.id);
    const verified = await w.session();
    expect(stepOf(verified, 'VERIFICATION')).toMatchObject({ status: 'DONE', run: { id: started.run.id } });
    expect(verified.currentStep).toBe('BOOTSTRAP');

    const completed = dataOf(await w.client(Q.complete, { id: w.sessionId })).completeOnboarding;
    expect(completed).toMatchObject({ status: 'COMPLETED', currentStep: 'COMPLETE' });
    expect(completed.completedAt).toEqual(expect.any(String));
    expect(stepOf(completed, 'COMPLETE').status).toBe('DONE');
    expect(stepOf(completed, 'BOOTSTRAP').status).toBe('SKIPPED');
    expect((await tenantRow(db.db, w.tenantId)).status).toBe('ACTIVE');

    // Completing twice is harmless; the completed session accepts no more starts.
    expect(dataOf(await w.client(Q.complete, { id: w.sessionId })).completeOnboarding.status).toBe('COMPLETED');
    expect(errorOf(await w.client(Q.verify, { id: w.sessionId })).code).toBe('CONFLICT');
  });

  test('retry: a failed verification shows why, and starting it again admits a new run', async ({
    seed,
    subgraph,
    db,
    lifecycle,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const first = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    await finishRun(lifecycle, first.run.id, 'FAILED', 'PROVIDER_CREDENTIALS_INVALID');
    const failed = stepOf(await w.session(), 'VERIFICATION');
    expect(failed).toMatchObject({
      status: 'NEEDS_ATTENTION',
      run: { id: first.run.id },
      message: { action: 'ROTATE_PROVIDER_CREDENTIALS' },
    });
    expect(failed.message.headline).toMatch(/failed/);

    const retry = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    expect(retry.outcome).toBe('ACCEPTED');
    expect(retry.run.id).not.toBe(first.run.id);
    expect(stepOf(await w.session(), 'VERIFICATION')).toMatchObject({
      status: 'IN_PROGRESS',
      run: { id: retry.run.id },
    });
  });

  test('cancel: a stuck session ends, its onboarding tenant is archived, nothing more can start', async ({
    seed,
    subgraph,
    db,
    queue,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const cancelled = dataOf(await w.client(Q.cancel, { id: w.sessionId })).cancelOnboarding;
    expect(cancelled).toMatchObject({ status: 'CANCELLED' });
    expect(cancelled.cancelledAt).toEqual(expect.any(String));
    expect(stepOf(cancelled, 'COMPLETE').status).toBe('SKIPPED');
    expect((await tenantRow(db.db, w.tenantId)).status).toBe('ARCHIVED');

    const jobsBefore = await jobCount(queue);
    expect(errorOf(await w.client(Q.verify, { id: w.sessionId })).code).toBe('CONFLICT');
    expect(errorOf(await w.client(Q.bootstrap, { id: w.sessionId })).code).toBe('CONFLICT');
    expect(errorOf(await w.client(Q.complete, { id: w.sessionId })).code).toBe('CONFLICT');
    expect(await jobCount(queue)).toBe(jobsBefore);
    expect(dataOf(await w.client(Q.cancel, { id: w.sessionId })).cancelOnboarding.status).toBe('CANCELLED');
  });
});
