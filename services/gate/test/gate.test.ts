import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import type { ReasonCode, StartResult } from '../src';
import { activeRuns, gateFor, jobTotal } from './helpers';

function expectOk<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

const past = new Date(Date.now() - 3600_000);

describe('start-time blockers', () => {
  const cases: Array<{
    name: string;
    reasonCode: ReasonCode;
    problemClass: string;
    action: string;
    arrange: (
      s: import('@msp/tests/support/seed').Seed,
    ) => Promise<{ tenantId: string; connectionId: string | null; ownerId: string }>;
    operationType?: 'DIRECTORY_GROUPS_SYNC' | 'RESTORE_EXECUTION';
    precondition?: boolean;
  }> = [
    {
      name: 'no connection at all',
      reasonCode: 'PROVIDER_CONNECTION_MISSING',
      problemClass: 'PROVIDER_CONNECTION',
      action: 'CREATE_PROVIDER_CONNECTION',
      arrange: async (s) => {
        const owner = await s.user();
        const t = await s.tenant(owner.id);
        return { tenantId: t.id, connectionId: null, ownerId: owner.id };
      },
    },
    {
      name: 'connections but no default',
      reasonCode: 'PROVIDER_CONNECTION_MISSING',
      problemClass: 'PROVIDER_CONNECTION',
      action: 'SET_DEFAULT_PROVIDER_CONNECTION',
      arrange: async (s) => {
        const owner = await s.user();
        const t = await s.tenant(owner.id);
        const c = await s.connection(t.id, { isDefault: false });
        return { tenantId: t.id, connectionId: c.id, ownerId: owner.id };
      },
    },
    ...(
      [
        [
          'disabled',
          'PROVIDER_CONNECTION_DISABLED',
          'PROVIDER_CONNECTION',
          'ENABLE_PROVIDER_CONNECTION',
          { enabled: false },
        ],
        [
          'consent missing',
          'PROVIDER_CONSENT_MISSING',
          'PROVIDER_CONSENT',
          'GRANT_PROVIDER_CONSENT',
          { consentStatus: 'MISSING' },
        ],
        [
          'consent revoked',
          'PROVIDER_CONSENT_REVOKED',
          'PROVIDER_CONSENT',
          'GRANT_PROVIDER_CONSENT',
          { consentStatus: 'REVOKED' },
        ],
        [
          'no secret',
          'PROVIDER_CREDENTIALS_MISSING',
          'PROVIDER_CREDENTIALS',
          'ROTATE_PROVIDER_CREDENTIALS',
          { secret: null },
        ],
        [
          'secret expired',
          'PROVIDER_CREDENTIALS_EXPIRED',
          'PROVIDER_CREDENTIALS',
          'ROTATE_PROVIDER_CREDENTIALS',
          { clientSecretExpiresAt: past },
        ],
        [
          'secret rejected',
          'PROVIDER_CREDENTIALS_INVALID',
          'PROVIDER_CREDENTIALS',
          'ROTATE_PROVIDER_CREDENTIALS',
          { credentialRejectedAt: past },
        ],
        [
          'permission missing',
          'PROVIDER_PERMISSIONS_MISSING',
          'PROVIDER_PERMISSIONS',
          'GRANT_PROVIDER_PERMISSIONS',
          { grantedPermissions: ['Organization.Read.All'] },
        ],
      ] as const
    ).map(([name, reasonCode, problemClass, action, overrides]) => ({
      name,
      reasonCode,
      problemClass,
      action,
      arrange: async (s: import('@msp/tests/support/seed').Seed) => {
        const owner = await s.user();
        const t = await s.tenant(owner.id);
        const c = await s.connection(t.id, { ...overrides } as never);
        return { tenantId: t.id, connectionId: c.id, ownerId: owner.id };
      },
    })),
    {
      name: 'tenant archived',
      reasonCode: 'TENANT_NOT_ACTIVE',
      problemClass: 'TENANT_STATE',
      action: 'ACTIVATE_TENANT',
      arrange: async (s) => {
        const owner = await s.user();
        const t = await s.tenant(owner.id, { status: 'ARCHIVED' });
        const c = await s.connection(t.id);
        return { tenantId: t.id, connectionId: c.id, ownerId: owner.id };
      },
    },
    {
      name: 'restore not previewed (operation precondition)',
      reasonCode: 'RESTORE_NOT_READY',
      problemClass: 'OPERATION_PRECONDITION',
      action: 'PREPARE_RESTORE',
      operationType: 'RESTORE_EXECUTION',
      precondition: true,
      arrange: async (s) => {
        const owner = await s.user();
        const t = await s.tenant(owner.id);
        const c = await s.connection(t.id);
        return { tenantId: t.id, connectionId: c.id, ownerId: owner.id };
      },
    },
  ];

  for (const c of cases) {
    test(`${c.name} → BLOCKED ${c.reasonCode}, recorded, nothing queued`, async ({ db, queue, seed }) => {
      const gate = gateFor(db, queue.queue);
      const { tenantId, connectionId, ownerId } = await c.arrange(seed);
      const jobsBefore = await jobTotal(queue.queue);
      const result = expectOk(
        await gate.start({
          actor: { userId: ownerId },
          tenantId,
          operationType: c.operationType ?? 'DIRECTORY_GROUPS_SYNC',
          surface: 'TENANT',
          ...(c.precondition
            ? { precondition: { reasonCode: 'RESTORE_NOT_READY', detail: 'Not previewed.' }, target: 'restore:1' }
            : {}),
        }),
      );
      expect(result.outcome).toBe('BLOCKED');
      if (result.outcome !== 'BLOCKED') return;
      expect(result.reasonCode).toBe(c.reasonCode);
      expect(result.problemClass).toBe(c.problemClass);
      expect(result.message.action).toBe(c.action);
      expect(result.message.headline).toMatch(/was not started/);
      expect(result.message.nextStep.length).toBeGreaterThan(10);
      // Recorded as a completed, blocked attempt; never queued.
      const [run] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, result.run!.id));
      expect(run).toMatchObject({ status: 'COMPLETED', outcome: 'BLOCKED', reasonCode: c.reasonCode });
      expect(await queue.queue.getJob(result.run!.id)).toBeUndefined();
      expect(await jobTotal(queue.queue)).toBe(jobsBefore);
      if (connectionId) expect(await activeRuns(db, connectionId)).toHaveLength(0);
    });
  }
});

describe('dedupe, scope busy, admission', () => {
  test('an equivalent active run → DEDUPED pointing at it, nothing queued', async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const existing = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      status: 'QUEUED',
    });
    const jobsBefore = await jobTotal(queue.queue);
    const r = expectOk(
      await gate.start({
        actor: { userId: w.owner.id },
        tenantId: w.tenant.id,
        operationType: 'DIRECTORY_GROUPS_SYNC',
        surface: 'DIRECTORY',
      }),
    );
    expect(r.outcome).toBe('DEDUPED');
    if (r.outcome !== 'DEDUPED') return;
    expect(r.run.id).toBe(existing.id);
    expect(r.runUrl).toBe(`https://app.example.test/monitoring/operations/${existing.id}`);
    expect(r.message.action).toBe('OPEN_RUN');
    expect(r.message.headline).toMatch(/already queued/);
    expect(await jobTotal(queue.queue)).toBe(jobsBefore);
    expect(await activeRuns(db, w.connection.id)).toHaveLength(1);
  });

  test('a different operation holding the connection → SCOPE_BUSY pointing at it', async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const existing = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'POLICY_BACKUP',
    });
    const jobsBefore = await jobTotal(queue.queue);
    const r = expectOk(
      await gate.start({
        actor: { userId: w.owner.id },
        tenantId: w.tenant.id,
        operationType: 'ROLE_DEFINITIONS_SYNC',
        surface: 'RBAC',
      }),
    );
    expect(r.outcome).toBe('SCOPE_BUSY');
    if (r.outcome !== 'SCOPE_BUSY') return;
    expect(r.activeRun.id).toBe(existing.id);
    expect(r.activeOperationType).toBe('POLICY_BACKUP');
    expect(r.message.action).toBe('WAIT_FOR_RUN');
    expect(r.message.reason).toMatch(/Policy backup/);
    expect(await jobTotal(queue.queue)).toBe(jobsBefore);
  });

  test('same operation on another target (another restore run) is SCOPE_BUSY, not DEDUPED', async ({
    db,
    queue,
    seed,
  }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'RESTORE_EXECUTION',
      target: 'restore:a',
    });
    const r = expectOk(
      await gate.start({
        actor: { userId: w.owner.id },
        tenantId: w.tenant.id,
        operationType: 'RESTORE_EXECUTION',
        surface: 'RESTORE',
        target: 'restore:b',
      }),
    );
    expect(r.outcome).toBe('SCOPE_BUSY');
  });

  test('nothing active, explicit connection → ACCEPTED with exactly one job whose id is the run id', async ({
    db,
    queue,
    seed,
  }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const second = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Backup app' });
    const jobsBefore = await jobTotal(queue.queue);
    const r = expectOk(
      await gate.start({
        actor: { userId: w.owner.id },
        tenantId: w.tenant.id,
        providerConnectionId: second.id,
        operationType: 'POLICY_BACKUP',
        surface: 'TENANT',
      }),
    );
    expect(r.outcome).toBe('ACCEPTED');
    if (r.outcome !== 'ACCEPTED') return;
    expect(r.providerConnection).toEqual({
      id: second.id,
      displayName: 'Backup app',
      entraTenantId: second.entraTenantId,
      clientId: second.clientId,
    });
    expect(r.run.status).toBe('QUEUED');
    const job = await queue.queue.getJob(r.run.id);
    expect(job?.id).toBe(r.run.id);
    expect(job?.name).toBe('POLICY_BACKUP');
    expect(job?.data).toEqual({ runId: r.run.id, operationType: 'POLICY_BACKUP' });
    expect(await jobTotal(queue.queue)).toBe(jobsBefore + 1);
    const [run] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, r.run.id));
    expect(run?.providerConnectionSnapshot).toEqual(r.providerConnection);
    expect(run?.initiatedBy).toBe(w.owner.id);
    expect(run?.providerConnectionId).toBe(second.id);
    expect(r.message.headline).toBe('Policy backup started');
    expect(r.message.actionUrl).toBe(r.runUrl);
    // The next click on the same connection points at it.
    const again = expectOk(
      await gate.start({
        actor: { userId: w.owner.id },
        tenantId: w.tenant.id,
        providerConnectionId: second.id,
        operationType: 'POLICY_BACKUP',
        surface: 'TENANT',
      }),
    );
    expect(again.outcome).toBe('DEDUPED');
    expect((again as Extract<StartResult, { outcome: 'DEDUPED' }>).run.id).toBe(r.run.id);
  });

  test('a connection-scoped start resolves the tenant from the connection', async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const r = expectOk(
      await gate.start({
        actor: { userId: w.owner.id },
        providerConnectionId: w.connection.id,
        operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
        surface: 'PROVIDER_CONNECTION',
      }),
    );
    expect(r.outcome).toBe('ACCEPTED');
    if (r.outcome === 'ACCEPTED') expect(r.run.tenantId).toBe(w.tenant.id);
  });

  test("another tenant's connection id is NOT_FOUND, like a missing one", async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const a = await seed.world();
    const b = await seed.world();
    const foreign = await gate.start({
      actor: { userId: a.owner.id },
      tenantId: a.tenant.id,
      providerConnectionId: b.connection.id,
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    });
    const missing = await gate.start({
      actor: { userId: a.owner.id },
      tenantId: a.tenant.id,
      providerConnectionId: randomUUID(),
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    });
    expect(foreign).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Provider connection not found.' } });
    expect(missing).toEqual(foreign);
  });
});

describe('idempotency keys', () => {
  test('the same key from the same user replays the first decision', async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const req = {
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'DIRECTORY_GROUPS_SYNC' as const,
      surface: 'TENANT' as const,
      idempotencyKey: 'click-123',
    };
    const first = expectOk(await gate.start(req));
    const second = expectOk(await gate.start(req));
    expect(first.outcome).toBe('ACCEPTED');
    expect(second.outcome).toBe('ACCEPTED');
    expect((second as typeof first & { run: { id: string } }).run.id).toBe(
      (first as typeof first & { run: { id: string } }).run.id,
    );
    expect(await activeRuns(db, w.connection.id)).toHaveLength(1);
    // Another user with the same key gets their own decision.
    const other = await seed.user();
    await seed.member(w.tenant.id, other.id, 'OPERATOR');
    const third = expectOk(await gate.start({ ...req, actor: { userId: other.id } }));
    expect(third.outcome).toBe('DEDUPED');
  });

  test('a blocked decision replays as blocked even after the blocker is fixed', async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world({ connection: { enabled: false } });
    const req = {
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP' as const,
      surface: 'TENANT' as const,
      idempotencyKey: 'k-blocked',
    };
    const first = expectOk(await gate.start(req));
    await db.db
      .update(schema.providerConnections)
      .set({ enabled: true })
      .where(eq(schema.providerConnections.id, w.connection.id));
    const second = expectOk(await gate.start(req));
    expect(first.outcome).toBe('BLOCKED');
    expect(second).toEqual(first);
  });

  test('reusing a key for another operation is BAD_USER_INPUT and writes nothing', async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const base = {
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      surface: 'TENANT' as const,
      idempotencyKey: 'k-1',
    };
    expectOk(await gate.start({ ...base, operationType: 'POLICY_BACKUP' }));
    const before = await db.db
      .select()
      .from(schema.operationRuns)
      .where(eq(schema.operationRuns.tenantId, w.tenant.id));
    const r = await gate.start({ ...base, operationType: 'ROLE_DEFINITIONS_SYNC' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const after = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.tenantId, w.tenant.id));
    expect(after).toHaveLength(before.length);
  });

  test('concurrent retries of one key settle on one decision', async ({ db, queue, seed }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const req = {
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP' as const,
      surface: 'TENANT' as const,
      idempotencyKey: 'k-race',
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => gate.start(req)));
    const outcomes = new Set(results.map((r) => (r.ok ? r.value.outcome : r.error.code)));
    expect([...outcomes]).toEqual(['ACCEPTED']);
    const decisions = await db.db
      .select()
      .from(schema.startDecisions)
      .where(eq(schema.startDecisions.userId, w.owner.id));
    expect(decisions).toHaveLength(1);
  });
});
