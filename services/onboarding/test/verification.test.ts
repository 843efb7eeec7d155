// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 6, acceptance 3: "verification outcomes match the tenant surface's". For each condition
 * the onboarding verification step is started through the API and the same start is made from
 * the TENANT surface through the gate: same outcome, reason code, problem class and message (run
 * ids aside where each start has its own run), and the step shows that outcome.
 */
import { schema } from '@msp/db';
import type { StartResult } from '@msp/gate';
import { eq } from 'drizzle-orm';
import {
  activeRuns,
  dataOf,
  describe,
  expect,
  finishRun,
  jobCount,
  Q,
  stepOf,
  test,
  withoutRun,
  wizard,
} from './helpers';

const pc = schema.providerConnections;

/** The fields both surfaces answer, as the API shows them. */
function shapeOfGate(result: StartResult) {
  return {
    outcome: result.outcome,
    operationType: result.operationType,
    message: result.message,
    ...(result.outcome === 'BLOCKED' ? { reasonCode: result.reasonCode, problemClass: result.problemClass } : {}),
  };
}
function shapeOfApi(result: Record<string, any>) {
  return {
    outcome: result.outcome,
    operationType: result.operationType,
    message: result.message,
    ...(result.outcome === 'BLOCKED' ? { reasonCode: result.reasonCode, problemClass: result.problemClass } : {}),
  };
}

describe('verification outcomes match the tenant surface', () => {
  const blockers = [
    ['connection disabled', { enabled: false }, 'PROVIDER_CONNECTION_DISABLED'],
    ['consent not granted yet', { consentStatus: 'MISSING' as const }, 'PROVIDER_CONSENT_MISSING'],
    ['consent revoked', { consentStatus: 'REVOKED' as const }, 'PROVIDER_CONSENT_REVOKED'],
    ['secret expired', { clientSecretExpiresAt: new Date(Date.now() - 60_000) }, 'PROVIDER_CREDENTIALS_EXPIRED'],
    ['secret rejected', { credentialRejectedAt: new Date() }, 'PROVIDER_CREDENTIALS_INVALID'],
  ] as const;

  for (const [name, patch, reasonCode] of blockers) {
    test(`BLOCKED (${name}): same category and message, nothing queued`, async ({
      seed,
      subgraph,
      db,
      gate,
      queue,
    }) => {
      const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
      await db.db.update(pc).set(patch).where(eq(pc.id, w.connectionId));
      const jobsBefore = await jobCount(queue);

      const onboarding = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
      const tenant = await gate.start({
        actor: { userId: w.owner.id },
        operationType: 'PROVIDER_VERIFICATION',
        surface: 'TENANT',
        tenantId: w.tenantId,
      });
      if (!tenant.ok) throw new Error(JSON.stringify(tenant.error));

      expect(onboarding.outcome).toBe('BLOCKED');
      expect(onboarding.reasonCode).toBe(reasonCode);
      expect(shapeOfApi(onboarding)).toEqual(shapeOfGate(tenant.value));
      expect(await jobCount(queue)).toBe(jobsBefore);
      expect(await activeRuns(db.db, w.connectionId)).toEqual([]);

      const step = stepOf(await w.session(), 'VERIFICATION');
      expect(step).toMatchObject({ status: 'NEEDS_ATTENTION', lastStartOutcome: 'BLOCKED', run: null });
      expect(step.message).toEqual(onboarding.message);
    });
  }

  test('BLOCKED before a connection exists: same PROVIDER_CONNECTION_MISSING as the tenant page', async ({
    seed,
    subgraph,
    db,
    gate,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { connect: false });
    const onboarding = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    const tenant = await gate.start({
      actor: { userId: w.owner.id },
      operationType: 'PROVIDER_VERIFICATION',
      surface: 'TENANT',
      tenantId: w.tenantId,
    });
    if (!tenant.ok) throw new Error(JSON.stringify(tenant.error));
    expect(onboarding).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'PROVIDER_CONNECTION_MISSING' });
    expect(shapeOfApi(onboarding)).toEqual(shapeOfGate(tenant.value));
  });

  test('DEDUPED against a verification started from the tenant page, with the same message', async ({
    seed,
    subgraph,
    db,
    gate,
    queue,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const first = await gate.start({
      actor: { userId: w.owner.id },
      operationType: 'PROVIDER_VERIFICATION',
      surface: 'TENANT',
      tenantId: w.tenantId,
    });
    if (!first.ok || first.value.outcome !== 'ACCEPTED') throw new Error(JSON.stringify(first));
    const jobsBefore = await jobCount(queue);

    const onboarding = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    const tenantAgain = await gate.start({
      actor: { userId: w.owner.id },
      operationType: 'PROVIDER_VERIFICATION',
      surface: 'TENANT',
      tenantId: w.tenantId,
    });
    if (!tenantAgain.ok) throw new Error(JSON.stringify(tenantAgain.error));

    expect(onboarding.outcome).toBe('DEDUPED');
    expect(onboarding.run.id).toBe(first.value.run.id);
    expect(shapeOfApi(onboarding)).toEqual(shapeOfGate(tenantAgain.value));
    expect(await jobCount(queue)).toBe(jobsBefore);
    expect(await activeRuns(db.db, w.connectionId)).toHaveLength(1);

    const step = stepOf(await w.session(), 'VERIFICATION');
    expect(step).toMatchObject({ status: 'IN_PROGRESS', lastStartOutcome: 'DEDUPED', run: { id: first.value.run.id } });
  });

  test('SCOPE_BUSY while another operation holds the connection, with the same message', async ({
    seed,
    subgraph,
    db,
    gate,
    queue,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const sync = await gate.start({
      actor: { userId: w.owner.id },
      operationType: 'DIRECTORY_GROUPS_SYNC',
      surface: 'TENANT',
      tenantId: w.tenantId,
    });
    if (!sync.ok || sync.value.outcome !== 'ACCEPTED') throw new Error(JSON.stringify(sync));
    const jobsBefore = await jobCount(queue);

    const onboarding = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    const tenant = await gate.start({
      actor: { userId: w.owner.id },
      operationType: 'PROVIDER_VERIFICATION',
      surface: 'TENANT',
      tenantId: w.tenantId,
    });
    if (!tenant.ok) throw new Error(JSON.stringify(tenant.error));

    expect(onboarding).toMatchObject({
      outcome: 'SCOPE_BUSY',
      activeRun: { id: sync.value.run.id },
      activeOperationType: 'DIRECTORY_GROUPS_SYNC',
    });
    expect(shapeOfApi(onboarding)).toEqual(shapeOfGate(tenant.value));
    expect(await jobCount(queue)).toBe(jobsBefore);

    const step = stepOf(await w.session(), 'VERIFICATION');
    expect(step).toMatchObject({
      status: 'NEEDS_ATTENTION',
      lastStartOutcome: 'SCOPE_BUSY',
      run: { id: sync.value.run.id },
    });
  });

  test('ACCEPTED: the same message as an accepted tenant-page start (its own run), one job', async ({
    seed,
    subgraph,
    db,
    gate,
    queue,
    lifecycle,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const jobsBefore = await jobCount(queue);
    const onboarding = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    expect(onboarding.outcome).toBe('ACCEPTED');
    expect(onboarding.providerConnection.id).toBe(w.connectionId);
    expect(await jobCount(queue)).toBe(jobsBefore + 1);
    const [run] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, onboarding.run.id));
    expect(run).toMatchObject({
      initiatedFrom: 'ONBOARDING',
      operationType: 'PROVIDER_VERIFICATION',
      status: 'QUEUED',
    });
    expect(stepOf(await w.session(), 'VERIFICATION')).toMatchObject({
      status: 'IN_PROGRESS',
      lastStartOutcome: 'ACCEPTED',
      run: { id: onboarding.run.id },
    });

    await finishRun(lifecycle, onboarding.run.id);
    const tenant = await gate.start({
      actor: { userId: w.owner.id },
      operationType: 'PROVIDER_VERIFICATION',
      surface: 'TENANT',
      tenantId: w.tenantId,
    });
    if (!tenant.ok || tenant.value.outcome !== 'ACCEPTED') throw new Error(JSON.stringify(tenant));
    expect(withoutRun(shapeOfApi(onboarding), onboarding.run.id)).toEqual(
      withoutRun(shapeOfGate(tenant.value), tenant.value.run.id),
    );
  });
});
