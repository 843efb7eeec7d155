/**
 * Issue 3, acceptance 2, and the reason alignment: runs that fail on the provider end FAILED
 * with the right reason code and problem class, record what they learnt on the connection, and
 * the next start is BLOCKED with the same problem class and next step (yet stays
 * distinguishable: BLOCKED never started, FAILED ran). Throttling is retried; a throttle that
 * clears within the retries succeeds.
 */
import { schema } from '@msp/db';
import {
  connectionBlockers,
  enqueueOperation,
  type OperatorMessage,
  problemClassOf,
  type ReasonCode,
  runMessage,
} from '@msp/gate';
import { eq } from 'drizzle-orm';
import type { RunRow } from '../src';
import {
  connectionRow,
  describe,
  expect,
  links,
  notificationsOf,
  runEvents,
  scenario,
  test,
  waitForRun,
} from './support';

function messageOf(run: RunRow): OperatorMessage {
  return runMessage(
    links,
    {
      id: run.id,
      operationType: run.operationType,
      status: run.status,
      outcome: run.outcome,
      reasonCode: run.reasonCode as ReasonCode | null,
      reasonDetail: run.reasonDetail,
    },
    {
      tenantId: run.tenantId,
      providerConnectionId: run.providerConnectionId,
      connection: run.providerConnectionSnapshot,
    },
  );
}

describe('acceptance 2: provider failures end FAILED with the right reason, and the next start is BLOCKED alike', () => {
  const cases = [
    {
      name: 'consent missing (AADSTS65001)',
      simulator: { consent: 'missing' as const },
      reasonCode: 'PROVIDER_CONSENT_MISSING',
      problemClass: 'PROVIDER_CONSENT',
      action: 'GRANT_PROVIDER_CONSENT',
      stored: (c: Awaited<ReturnType<typeof connectionRow>>) => expect(c.consentStatus).toBe('MISSING'),
    },
    {
      name: 'secret rejected (AADSTS7000215)',
      simulator: { acceptSecret: false },
      reasonCode: 'PROVIDER_CREDENTIALS_INVALID',
      problemClass: 'PROVIDER_CREDENTIALS',
      action: 'ROTATE_PROVIDER_CREDENTIALS',
      stored: (c: Awaited<ReturnType<typeof connectionRow>>) => expect(c.credentialRejectedAt).not.toBeNull(),
    },
  ];

  for (const c of cases) {
    test(`${c.name}: FAILED ${c.reasonCode} (${c.problemClass}) at once; the next start is BLOCKED with the same class and next step`, async ({
      db,
      seed,
      sim,
      gate,
      runtime: _runtime,
    }) => {
      const s = await scenario({ seed, sim, gate }, { simulator: c.simulator });
      const run = await waitForRun(db.db, await s.start('DIRECTORY_GROUPS_SYNC'));
      expect(run).toMatchObject({ status: 'COMPLETED', outcome: 'FAILED', reasonCode: c.reasonCode, attempts: 1 });
      expect(run.startedAt).not.toBeNull();
      expect(problemClassOf(run.reasonCode as ReasonCode)).toBe(c.problemClass);
      const failedMessage = messageOf(run);
      expect(failedMessage.action).toBe(c.action);
      expect(failedMessage.headline).toBe('Directory groups sync failed');
      // A permanent failure is not retried: one token request.
      expect((await sim.state(s.entraTenantId)).counters.tokenRequests).toBe(1);

      const connection = await connectionRow(db.db, s.connection.id);
      c.stored(connection);
      expect(connection.health).toBe('UNHEALTHY');

      // The initiator's notification carries the same next step.
      const [notification] = await notificationsOf(db.db, run.id);
      expect(notification?.title).toBe('Directory groups sync failed');
      expect(notification?.body).toContain(failedMessage.nextStep);

      // The next start reads the stored state: BLOCKED, same class, same next step, never queued.
      const next = await gate.start({
        actor: { userId: s.owner.id },
        tenantId: s.tenant.id,
        operationType: 'ROLE_DEFINITIONS_SYNC',
        surface: 'RBAC',
      });
      if (!next.ok) throw new Error(JSON.stringify(next.error));
      const blocked = next.value;
      expect(blocked.outcome).toBe('BLOCKED');
      if (blocked.outcome !== 'BLOCKED') return;
      expect(blocked.reasonCode).toBe(c.reasonCode);
      expect(blocked.problemClass).toBe(c.problemClass);
      expect(blocked.message.nextStep).toBe(failedMessage.nextStep);
      expect(blocked.message.action).toBe(failedMessage.action);
      expect(blocked.message.actionUrl).toBe(failedMessage.actionUrl);
      // ...and distinguishable: the blocked start never ran.
      expect(blocked.message.headline).toBe('Role definitions sync was not started');
      const [blockedRun] = await db.db
        .select()
        .from(schema.operationRuns)
        .where(eq(schema.operationRuns.id, blocked.run!.id));
      expect(blockedRun).toMatchObject({ outcome: 'BLOCKED', startedAt: null, attempts: 0 });
    });
  }

  test('throttled beyond the retries: FAILED PROVIDER_THROTTLED after every attempt, connection DEGRADED, starts not blocked', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate }, { simulator: { throttle: true, retryAfterSeconds: 0 } });
    const run = await waitForRun(db.db, await s.start('DIRECTORY_GROUPS_SYNC'));
    expect(run).toMatchObject({ outcome: 'FAILED', reasonCode: 'PROVIDER_THROTTLED', attempts: 3 });
    expect(problemClassOf('PROVIDER_THROTTLED')).toBe('PROVIDER_AVAILABILITY');
    expect(messageOf(run).action).toBe('RETRY_LATER');
    const events = await runEvents(db.db, run.id);
    expect(events.map((e) => e.type)).toEqual([
      'dispatched',
      'started',
      'attempt_failed',
      'retry_scheduled',
      'retried',
      'attempt_failed',
      'retry_scheduled',
      'retried',
      'completed',
    ]);
    expect(events[2]?.data).toMatchObject({ attempt: 1, reasonCode: 'PROVIDER_THROTTLED' });
    expect(events[3]?.data).toMatchObject({ attempt: 2 });
    // 3 job attempts × (1 request + 2 adapter retries), all answered 429.
    expect((await sim.state(s.entraTenantId)).counters.throttled).toBe(9);
    const connection = await connectionRow(db.db, s.connection.id);
    expect(connection.health).toBe('DEGRADED');
    expect(connectionBlockers('DIRECTORY_GROUPS_SYNC', { ...connection, hasSecret: true }, new Date())).toEqual([]);
    expect(await notificationsOf(db.db, run.id)).toHaveLength(1);
  });

  test('Entra finds no secret in the token request (AADSTS7000218): any run, not only the health check, records the connection UNHEALTHY (one list of unusable answers, provider-state.ts)', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    for (const operationType of ['DIRECTORY_GROUPS_SYNC', 'PROVIDER_CONNECTION_HEALTH_CHECK'] as const) {
      const s = await scenario({ seed, sim, gate }, { simulator: { aadError: 7000218 } });
      const run = await waitForRun(db.db, await s.start(operationType));
      expect(run).toMatchObject({ outcome: 'FAILED', reasonCode: 'PROVIDER_CREDENTIALS_MISSING', attempts: 1 });
      expect((await connectionRow(db.db, s.connection.id)).health).toBe('UNHEALTHY');
    }
  });

  test('a throttle that clears within the retries: SUCCEEDED on the second attempt', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    // 4 throttled answers: the first attempt spends 3 (1 + 2 adapter retries) and fails; the
    // second is throttled once more, then goes through.
    const s = await scenario(
      { seed, sim, gate },
      { simulator: { throttleCount: 4, retryAfterSeconds: 0, groups: 40 } },
    );
    const run = await waitForRun(db.db, await s.start('DIRECTORY_GROUPS_SYNC'));
    expect(run).toMatchObject({ outcome: 'SUCCEEDED', reasonCode: null, attempts: 2, progressSucceeded: 40 });
    expect((await runEvents(db.db, run.id)).map((e) => e.type)).toContain('retried');
    expect((await sim.state(s.entraTenantId)).counters.throttled).toBe(4);
    expect((await connectionRow(db.db, s.connection.id)).health).toBe('UNKNOWN');
  });

  test('a throttle the adapter rides out in-process needs no second attempt', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate }, { simulator: { throttleCount: 2, retryAfterSeconds: 0 } });
    const run = await waitForRun(db.db, await s.start('ROLE_DEFINITIONS_SYNC', { surface: 'RBAC' }));
    expect(run).toMatchObject({ outcome: 'SUCCEEDED', attempts: 1 });
    expect((await sim.state(s.entraTenantId)).counters.throttled).toBe(2);
  });

  test('an unexpected error is retried, then ends FAILED INTERNAL_ERROR without exposing internals', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate });
    // A real fault of our own: the table the sync writes to is missing.
    await db.sql`alter table directory_groups rename to directory_groups_away`;
    try {
      const run = await waitForRun(db.db, await s.start('DIRECTORY_GROUPS_SYNC'));
      expect(run).toMatchObject({ outcome: 'FAILED', reasonCode: 'INTERNAL_ERROR', attempts: 3 });
      expect(run.reasonDetail).toBe('Failed after 3 attempts.');
      expect(messageOf(run).action).toBe('CONTACT_SUPPORT');
      expect((await runEvents(db.db, run.id)).map((e) => e.type)).toEqual([
        'dispatched',
        'started',
        'attempt_failed',
        'retry_scheduled',
        'retried',
        'attempt_failed',
        'retry_scheduled',
        'retried',
        'completed',
      ]);
      // Our fault says nothing about the provider connection.
      expect((await connectionRow(db.db, s.connection.id)).health).toBe('UNKNOWN');
    } finally {
      await db.sql`alter table directory_groups_away rename to directory_groups`;
    }
  });

  test('a connection disabled while its run was queued: FAILED PROVIDER_CONNECTION_DISABLED without calling Graph', async ({
    db,
    seed,
    sim,
    gate,
    queue,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate });
    const run = await seed.run({
      tenantId: s.tenant.id,
      providerConnectionId: s.connection.id,
      operationType: 'POLICY_BACKUP',
      status: 'QUEUED',
      initiatedBy: s.owner.id,
    });
    await db.db
      .update(schema.providerConnections)
      .set({ enabled: false })
      .where(eq(schema.providerConnections.id, s.connection.id));
    await enqueueOperation(queue.queue, { runId: run.id, operationType: 'POLICY_BACKUP' });
    const done = await waitForRun(db.db, run.id);
    expect(done).toMatchObject({ outcome: 'FAILED', reasonCode: 'PROVIDER_CONNECTION_DISABLED', attempts: 1 });
    expect((await sim.state(s.entraTenantId)).counters.tokenRequests).toBe(0);
  });

  test('restore execution of a restore run that does not exist ends FAILED with RESTORE_NOT_READY, touching no Graph', async ({
    db,
    seed,
    sim,
    gate,
    runtime: _runtime,
  }) => {
    const s = await scenario({ seed, sim, gate });
    const started = await gate.start({
      actor: { userId: s.owner.id },
      tenantId: s.tenant.id,
      operationType: 'RESTORE_EXECUTION',
      surface: 'RESTORE',
      target: 'restore:placeholder',
      input: { restoreRunId: '00000000-0000-4000-8000-000000000001' },
    });
    if (!started.ok || started.value.outcome !== 'ACCEPTED') throw new Error(JSON.stringify(started));
    const run = await waitForRun(db.db, started.value.run.id);
    expect(run).toMatchObject({ outcome: 'FAILED', reasonCode: 'RESTORE_NOT_READY', attempts: 1 });
    expect(run.reasonDetail).toMatch(/no longer exists; nothing was changed/);
    expect((await sim.state(s.entraTenantId)).counters.graphRequests).toBe(0);
  });
});
