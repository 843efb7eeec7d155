/**
 * Issue 6, acceptance 3: "50 concurrent bootstrap clicks never admit two runs on one connection",
 * "no hidden queued work after blocked, deduped or scope-busy attempts", "pending work visible on
 * the step until admitted" (and the next admitted once the active run has completed).
 */
import { schema } from '@msp/db';
import { eq } from 'drizzle-orm';
import { activeRuns, dataOf, describe, errorOf, expect, finishRun, jobCount, Q, stepOf, test, wizard } from './helpers';

const ALL = ['DIRECTORY_GROUPS_SYNC', 'ROLE_DEFINITIONS_SYNC', 'POLICY_BACKUP'];

describe('onboarding bootstrap', () => {
  test('50 concurrent clicks admit exactly one run on the connection and enqueue one job', async ({
    seed,
    subgraph,
    db,
    queue,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const jobsBefore = await jobCount(queue);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => w.client(Q.bootstrap, { id: w.sessionId, operations: ALL })),
    );
    const results = answers.map((a) => dataOf(a).startOnboardingBootstrap);
    const accepted = results.filter((r) => r.outcome === 'ACCEPTED');
    expect(accepted).toHaveLength(1);
    const runId = accepted[0].run.id;
    // Every other click joined that run: none was admitted, none queued anything.
    for (const r of results.filter((x) => x.outcome !== 'ACCEPTED')) {
      expect(r).toMatchObject({ outcome: 'DEDUPED', operationType: 'DIRECTORY_GROUPS_SYNC', run: { id: runId } });
    }
    expect(await activeRuns(db.db, w.connectionId)).toEqual([{ id: runId, operationType: 'DIRECTORY_GROUPS_SYNC' }]);
    expect(await jobCount(queue)).toBe(jobsBefore + 1);

    const step = stepOf(await w.session(), 'BOOTSTRAP');
    expect(step).toMatchObject({
      status: 'IN_PROGRESS',
      run: { id: runId },
      pendingOperations: ['ROLE_DEFINITIONS_SYNC', 'POLICY_BACKUP'],
      completedOperations: [],
    });
  });

  test('pending work stays visible on the step until admitted; the next is admitted after the active run completes', async ({
    seed,
    subgraph,
    db,
    queue,
    lifecycle,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const before = stepOf(await w.session(), 'BOOTSTRAP');
    expect(before).toMatchObject({ status: 'PENDING', pendingOperations: [], lastStartOutcome: null, run: null });

    const jobsBefore = await jobCount(queue);
    const seen: string[] = [];
    for (const [i, op] of ALL.entries()) {
      const started = dataOf(await w.client(Q.bootstrap, { id: w.sessionId })).startOnboardingBootstrap;
      expect(started).toMatchObject({ outcome: 'ACCEPTED', operationType: op });
      expect(await jobCount(queue)).toBe(jobsBefore + i + 1);

      // While it runs: the rest is pending, a click joins the active run (nothing new queued).
      const running = stepOf(await w.session(), 'BOOTSTRAP');
      expect(running).toMatchObject({
        status: 'IN_PROGRESS',
        run: { id: started.run.id },
        pendingOperations: ALL.slice(i + 1),
        completedOperations: seen,
      });
      const again = dataOf(await w.client(Q.bootstrap, { id: w.sessionId })).startOnboardingBootstrap;
      expect(again).toMatchObject({ outcome: 'DEDUPED', run: { id: started.run.id } });
      expect(await jobCount(queue)).toBe(jobsBefore + i + 1);

      await finishRun(lifecycle, started.run.id);
      seen.push(op);
      const after = stepOf(await w.session(), 'BOOTSTRAP');
      expect(after.completedOperations).toEqual(seen);
      expect(after.pendingOperations).toEqual(ALL.slice(i + 1));
      expect(after.status).toBe(i + 1 < ALL.length ? 'PENDING' : 'DONE');
      expect(after.message.headline).toMatch(/succeeded/);
    }
    const done = errorOf(await w.client(Q.bootstrap, { id: w.sessionId }));
    expect(done.code).toBe('CONFLICT');
    expect(await jobCount(queue)).toBe(jobsBefore + ALL.length);
  });

  test('an idempotency key replays its first decision, even after the bootstrap moved on to the next operation; so does the verification step', async ({
    seed,
    subgraph,
    db,
    queue,
    lifecycle,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const verify = dataOf(await w.client(Q.verify, { id: w.sessionId, key: 'verify-1' })).startOnboardingVerification;
    expect(verify.outcome).toBe('ACCEPTED');
    await finishRun(lifecycle, verify.run.id);
    expect(
      dataOf(await w.client(Q.verify, { id: w.sessionId, key: 'verify-1' })).startOnboardingVerification,
    ).toMatchObject({ outcome: 'ACCEPTED', run: { id: verify.run.id } });

    const first = dataOf(await w.client(Q.bootstrap, { id: w.sessionId, key: 'click-1' })).startOnboardingBootstrap;
    expect(first).toMatchObject({ outcome: 'ACCEPTED', operationType: 'DIRECTORY_GROUPS_SYNC' });
    await finishRun(lifecycle, first.run.id);
    const jobs = await jobCount(queue);
    // The same click again (a client retrying a lost answer): the same decision, nothing queued.
    const replay = dataOf(await w.client(Q.bootstrap, { id: w.sessionId, key: 'click-1' })).startOnboardingBootstrap;
    expect(replay).toMatchObject({
      outcome: 'ACCEPTED',
      operationType: 'DIRECTORY_GROUPS_SYNC',
      run: { id: first.run.id },
    });
    expect(await jobCount(queue)).toBe(jobs);
    // A new click moves on.
    const next = dataOf(await w.client(Q.bootstrap, { id: w.sessionId, key: 'click-2' })).startOnboardingBootstrap;
    expect(next).toMatchObject({ outcome: 'ACCEPTED', operationType: 'ROLE_DEFINITIONS_SYNC' });
  });

  test('the selection is recorded; a failed run goes back to pending and is retried by the next click', async ({
    seed,
    subgraph,
    db,
    lifecycle,
  }) => {
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const first = dataOf(
      await w.client(Q.bootstrap, { id: w.sessionId, operations: ['POLICY_BACKUP', 'DIRECTORY_GROUPS_SYNC'] }),
    ).startOnboardingBootstrap;
    // Admitted in the documented order, whatever the order of the selection.
    expect(first).toMatchObject({ outcome: 'ACCEPTED', operationType: 'DIRECTORY_GROUPS_SYNC' });
    const [row] = await db.db
      .select({ ops: schema.onboardingSessions.bootstrapOperations })
      .from(schema.onboardingSessions)
      .where(eq(schema.onboardingSessions.id, w.sessionId));
    expect(row?.ops).toEqual(['DIRECTORY_GROUPS_SYNC', 'POLICY_BACKUP']);

    await finishRun(lifecycle, first.run.id, 'FAILED', 'PROVIDER_CREDENTIALS_INVALID');
    const failed = stepOf(await w.session(), 'BOOTSTRAP');
    expect(failed).toMatchObject({
      status: 'NEEDS_ATTENTION',
      run: { id: first.run.id },
      pendingOperations: ['DIRECTORY_GROUPS_SYNC', 'POLICY_BACKUP'],
      completedOperations: [],
      message: { action: 'ROTATE_PROVIDER_CREDENTIALS' },
    });
    const retry = dataOf(await w.client(Q.bootstrap, { id: w.sessionId })).startOnboardingBootstrap;
    expect(retry).toMatchObject({ outcome: 'ACCEPTED', operationType: 'DIRECTORY_GROUPS_SYNC' });
    expect(retry.run.id).not.toBe(first.run.id);

    const bad = errorOf(await w.client(Q.bootstrap, { id: w.sessionId, operations: ['RESTORE_EXECUTION'] }));
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'operations.0' });
    const empty = errorOf(await w.client(Q.bootstrap, { id: w.sessionId, operations: [] }));
    expect(empty).toMatchObject({ code: 'BAD_USER_INPUT', field: 'operations' });
  });

  describe('no hidden queued work', () => {
    test('BLOCKED (consent not granted yet): nothing queued, the selection stays pending, the step says why', async ({
      seed,
      subgraph,
      db,
      queue,
    }) => {
      const w = await wizard({ seed, subgraph, db: db.db });
      const jobsBefore = await jobCount(queue);
      const blocked = dataOf(
        await w.client(Q.bootstrap, { id: w.sessionId, operations: ALL }),
      ).startOnboardingBootstrap;
      expect(blocked).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'PROVIDER_CONSENT_MISSING' });
      expect(await jobCount(queue)).toBe(jobsBefore);
      expect(await activeRuns(db.db, w.connectionId)).toEqual([]);
      const step = stepOf(await w.session(), 'BOOTSTRAP');
      expect(step).toMatchObject({
        status: 'NEEDS_ATTENTION',
        lastStartOutcome: 'BLOCKED',
        run: null,
        pendingOperations: ALL,
        completedOperations: [],
      });
      expect(step.message).toEqual(blocked.message);
    });

    test('SCOPE_BUSY (a verification holds the connection): nothing queued, the step points at the active run', async ({
      seed,
      subgraph,
      db,
      queue,
      gate,
    }) => {
      const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
      const verification = await gate.start({
        actor: { userId: w.owner.id },
        operationType: 'PROVIDER_VERIFICATION',
        surface: 'TENANT',
        tenantId: w.tenantId,
      });
      if (!verification.ok || verification.value.outcome !== 'ACCEPTED') throw new Error(JSON.stringify(verification));
      const jobsBefore = await jobCount(queue);
      const busy = dataOf(await w.client(Q.bootstrap, { id: w.sessionId, operations: ALL })).startOnboardingBootstrap;
      expect(busy).toMatchObject({ outcome: 'SCOPE_BUSY', activeRun: { id: verification.value.run.id } });
      expect(await jobCount(queue)).toBe(jobsBefore);
      expect(await activeRuns(db.db, w.connectionId)).toEqual([
        { id: verification.value.run.id, operationType: 'PROVIDER_VERIFICATION' },
      ]);
      const step = stepOf(await w.session(), 'BOOTSTRAP');
      expect(step).toMatchObject({
        status: 'NEEDS_ATTENTION',
        lastStartOutcome: 'SCOPE_BUSY',
        run: { id: verification.value.run.id },
        pendingOperations: ALL,
      });
      expect(step.message).toEqual(busy.message);
    });

    test('DEDUPED (the same sync started from the tenant page): nothing queued, the step follows that run', async ({
      seed,
      subgraph,
      db,
      queue,
      gate,
      lifecycle,
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
      const deduped = dataOf(
        await w.client(Q.bootstrap, { id: w.sessionId, operations: ALL }),
      ).startOnboardingBootstrap;
      expect(deduped).toMatchObject({ outcome: 'DEDUPED', run: { id: sync.value.run.id } });
      expect(await jobCount(queue)).toBe(jobsBefore);
      expect(await activeRuns(db.db, w.connectionId)).toHaveLength(1);
      expect(stepOf(await w.session(), 'BOOTSTRAP')).toMatchObject({
        status: 'IN_PROGRESS',
        lastStartOutcome: 'DEDUPED',
        run: { id: sync.value.run.id },
        pendingOperations: ['ROLE_DEFINITIONS_SYNC', 'POLICY_BACKUP'],
      });
      // When the joined run completes, its operation counts as done for the wizard.
      await finishRun(lifecycle, sync.value.run.id);
      expect(stepOf(await w.session(), 'BOOTSTRAP').completedOperations).toEqual(['DIRECTORY_GROUPS_SYNC']);
    });
  });
});
