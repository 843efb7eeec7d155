import { randomUUID } from 'node:crypto';
import { type DbHandle, schema } from '@msp/db';
import { adminConsentUrl } from '@msp/microsoft-graph';
import { testEnv } from '@msp/tests/support/env';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { testLogger } from '@msp/tests/support/logger';
import type { Seed } from '@msp/tests/support/seed';
import type { Queue } from 'bullmq';
import { eq, getTableColumns } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { createGate, type ReasonCode, runEventChannel, runEventSchema, type StartResult } from '../src';
import { activeRuns, gateFor, jobTotal, links } from './helpers';

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

/** Narrows a start result to one outcome, failing the test with the actual result otherwise. */
function as<O extends StartResult['outcome']>(r: StartResult, outcome: O): Extract<StartResult, { outcome: O }> {
  if (r.outcome !== outcome) throw new Error(`expected ${outcome}, got ${JSON.stringify(r)}`);
  return r as Extract<StartResult, { outcome: O }>;
}

/** Everything a start could write for a tenant and user: run rows, idempotency decisions, jobs. */
async function writesOf(db: DbHandle, queue: Queue, tenantId: string, userId: string) {
  const runs = await db.db
    .select({ id: schema.operationRuns.id, status: schema.operationRuns.status })
    .from(schema.operationRuns)
    .where(eq(schema.operationRuns.tenantId, tenantId));
  const decisions = await db.db
    .select({ key: schema.startDecisions.idempotencyKey })
    .from(schema.startDecisions)
    .where(eq(schema.startDecisions.userId, userId));
  return {
    runs: runs.sort((a, b) => a.id.localeCompare(b.id)),
    decisions,
    jobs: await jobTotal(queue),
  };
}

describe('order of checks: provider blockers come before dedupe and scope busy', () => {
  const BLOCKERS = [
    ['disabled', 'PROVIDER_CONNECTION_DISABLED', 'ENABLE_PROVIDER_CONNECTION', { enabled: false }],
    ['consent missing', 'PROVIDER_CONSENT_MISSING', 'GRANT_PROVIDER_CONSENT', { consentStatus: 'MISSING' }],
  ] as const;
  // [what is active, its operation type, what the start would answer without the blocker]
  const ACTIVE = [
    ['the same operation', 'DIRECTORY_GROUPS_SYNC', 'DEDUPED'],
    ['a different operation', 'POLICY_BACKUP', 'SCOPE_BUSY'],
  ] as const;
  const STATUSES = ['QUEUED', 'RUNNING'] as const;
  // Without a key, a start that sees an active run may answer from the unlocked read (the fast
  // path); with one, it goes on to the locked admission. Either way the blocker read first wins.
  // (A blocker that appears between that read and the lock: connection-race.test.ts.)
  const PATHS = [
    ['no idempotency key', null],
    ['with an idempotency key', 'order-key'],
  ] as const;

  for (const [blockerName, reasonCode, action, overrides] of BLOCKERS) {
    for (const [activeName, activeType, shadowed] of ACTIVE) {
      for (const status of STATUSES) {
        for (const [pathName, key] of PATHS) {
          test(`${blockerName} + ${activeName} ${status} → BLOCKED ${reasonCode}, not ${shadowed} (${pathName})`, async ({
            db,
            queue,
            seed,
          }) => {
            const gate = gateFor(db, queue.queue);
            const w = await seed.world({ connection: { ...overrides } });
            const active = await seed.run({
              tenantId: w.tenant.id,
              providerConnectionId: w.connection.id,
              operationType: activeType,
              status,
            });
            const jobsBefore = await jobTotal(queue.queue);
            const r = as(
              expectOk(
                await gate.start({
                  actor: { userId: w.owner.id },
                  tenantId: w.tenant.id,
                  operationType: 'DIRECTORY_GROUPS_SYNC',
                  surface: 'DIRECTORY',
                  idempotencyKey: key,
                }),
              ),
              'BLOCKED',
            );
            expect(r.reasonCode).toBe(reasonCode);
            expect(r.message.action).toBe(action);
            expect(r.message.actionUrl).toBe(
              action === 'GRANT_PROVIDER_CONSENT'
                ? // Consent is given on Entra's admin-consent page for the connection's app.
                  adminConsentUrl('global', w.connection.entraTenantId, w.connection.clientId)
                : `https://app.example.test/tenants/${w.tenant.id}/provider-connections/${w.connection.id}`,
            );
            // Its own blocked attempt, not the active run.
            expect(r.run?.id).toBeDefined();
            expect(r.run?.id).not.toBe(active.id);
            const [row] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, r.run!.id));
            expect(row).toMatchObject({ status: 'COMPLETED', outcome: 'BLOCKED', reasonCode });
            // The active run is untouched and still the only one; nothing queued.
            expect((await activeRuns(db, w.connection.id)).map((a) => [a.id, a.status])).toEqual([[active.id, status]]);
            expect(await queue.queue.getJob(r.run!.id)).toBeUndefined();
            expect(await jobTotal(queue.queue)).toBe(jobsBefore);
            if (key) {
              const decisions = await db.db
                .select()
                .from(schema.startDecisions)
                .where(eq(schema.startDecisions.userId, w.owner.id));
              expect(decisions).toMatchObject([{ outcome: 'BLOCKED', runId: r.run!.id }]);
            }
          });
        }
      }
    }
  }

  for (const [blockerName, reasonCode, , overrides] of BLOCKERS) {
    for (const [activeName, activeType, shadowed] of [
      ['the same operation', 'PROVIDER_CONNECTION_HEALTH_CHECK', 'DEDUPED'],
      ['a different operation', 'ROLE_DEFINITIONS_SYNC', 'SCOPE_BUSY'],
    ] as const) {
      test(`connection surface: ${blockerName} + ${activeName} RUNNING → BLOCKED ${reasonCode}, not ${shadowed}`, async ({
        db,
        queue,
        seed,
      }) => {
        const gate = gateFor(db, queue.queue);
        const w = await seed.world({ connection: { ...overrides } });
        const active = await seed.run({
          tenantId: w.tenant.id,
          providerConnectionId: w.connection.id,
          operationType: activeType,
          surface: 'PROVIDER_CONNECTION',
        });
        const jobsBefore = await jobTotal(queue.queue);
        const r = as(
          expectOk(
            await gate.start({
              actor: { userId: w.owner.id },
              providerConnectionId: w.connection.id,
              operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
              surface: 'PROVIDER_CONNECTION',
            }),
          ),
          'BLOCKED',
        );
        expect(r.reasonCode).toBe(reasonCode);
        expect(r.run?.id).not.toBe(active.id);
        expect((await activeRuns(db, w.connection.id)).map((a) => a.id)).toEqual([active.id]);
        expect(await jobTotal(queue.queue)).toBe(jobsBefore);
      });
    }
  }

  test('the blocker removed, the same click answers what the blocker was hiding (DEDUPED / SCOPE_BUSY)', async ({
    db,
    queue,
    seed,
  }) => {
    // Control for the cases above: the seeded active run is what would have been reported.
    const gate = gateFor(db, queue.queue);
    const w = await seed.world({ connection: { enabled: false } });
    const active = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
    });
    const click = (operationType: 'DIRECTORY_GROUPS_SYNC' | 'POLICY_BACKUP') =>
      gate.start({ actor: { userId: w.owner.id }, tenantId: w.tenant.id, operationType, surface: 'TENANT' });
    expect(expectOk(await click('DIRECTORY_GROUPS_SYNC')).outcome).toBe('BLOCKED');
    expect(expectOk(await click('POLICY_BACKUP')).outcome).toBe('BLOCKED');
    await db.db
      .update(schema.providerConnections)
      .set({ enabled: true })
      .where(eq(schema.providerConnections.id, w.connection.id));
    expect(as(expectOk(await click('DIRECTORY_GROUPS_SYNC')), 'DEDUPED').run.id).toBe(active.id);
    expect(as(expectOk(await click('POLICY_BACKUP')), 'SCOPE_BUSY').activeRun.id).toBe(active.id);
  });
});

describe('order of checks: membership and capability come before blockers, dedupe and scope busy', () => {
  type World = Awaited<ReturnType<Seed['world']>>;
  // Each arranges a tenant whose start, by a member allowed to start, would not be ACCEPTED.
  const STATES: Array<[string, (s: Seed) => Promise<World | { tenantId: string }>]> = [
    ['a disabled connection', (s) => s.world({ connection: { enabled: false } })],
    ['consent missing', (s) => s.world({ connection: { consentStatus: 'MISSING' } })],
    ['credentials expired', (s) => s.world({ connection: { clientSecretExpiresAt: past } })],
    [
      'no provider connection',
      async (s) => {
        const owner = await s.user();
        return { tenantId: (await s.tenant(owner.id)).id };
      },
    ],
    [
      'an archived tenant',
      async (s) => {
        const owner = await s.user();
        const tenant = await s.tenant(owner.id, { status: 'ARCHIVED' });
        await s.connection(tenant.id);
        return { tenantId: tenant.id };
      },
    ],
    [
      'an active run of the same operation',
      async (s) => {
        const w = await s.world();
        await s.run({ tenantId: w.tenant.id, providerConnectionId: w.connection.id, operationType: 'POLICY_BACKUP' });
        return w;
      },
    ],
    [
      'an active run of a different operation',
      async (s) => {
        const w = await s.world();
        await s.run({
          tenantId: w.tenant.id,
          providerConnectionId: w.connection.id,
          operationType: 'ROLE_DEFINITIONS_SYNC',
          status: 'QUEUED',
        });
        return w;
      },
    ],
  ];
  const tenantOf = (x: World | { tenantId: string }) => ('tenant' in x ? x.tenant.id : x.tenantId);

  for (const [state, arrange] of STATES) {
    test(`READONLY member, ${state} → FORBIDDEN (as on a usable idle tenant), nothing written`, async ({
      db,
      queue,
      seed,
    }) => {
      const gate = gateFor(db, queue.queue);
      const tenantId = tenantOf(await arrange(seed));
      const reader = await seed.user();
      await seed.member(tenantId, reader.id, 'READONLY');
      // The same role on a tenant where nothing stands in the way: the answer must not differ.
      const idle = await seed.world();
      await seed.member(idle.tenant.id, reader.id, 'READONLY');

      const before = await writesOf(db, queue.queue, tenantId, reader.id);
      const click = (t: string) =>
        gate.start({
          actor: { userId: reader.id },
          tenantId: t,
          operationType: 'POLICY_BACKUP',
          surface: 'TENANT',
          idempotencyKey: 'readonly-click',
        });
      const r = await click(tenantId);
      expect(r).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Your role on this tenant does not include policy.backup.' },
      });
      expect(await click(idle.tenant.id)).toEqual(r);
      expect(await writesOf(db, queue.queue, tenantId, reader.id)).toEqual(before);
    });

    test(`non-member, ${state} → NOT_FOUND exactly as for a tenant id that does not exist, nothing written`, async ({
      db,
      queue,
      seed,
    }) => {
      const gate = gateFor(db, queue.queue);
      const tenantId = tenantOf(await arrange(seed));
      const stranger = await seed.user();
      const before = await writesOf(db, queue.queue, tenantId, stranger.id);
      const click = (t: string) =>
        gate.start({
          actor: { userId: stranger.id },
          tenantId: t,
          operationType: 'POLICY_BACKUP',
          surface: 'TENANT',
          idempotencyKey: 'stranger-click',
        });
      const r = await click(tenantId);
      expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Tenant not found.' } });
      expect(await click(randomUUID())).toEqual(r);
      expect(await writesOf(db, queue.queue, tenantId, stranger.id)).toEqual(before);
    });
  }

  test('OPERATOR starting a restore execution (needs restore.execute) on a blocked connection → FORBIDDEN', async ({
    db,
    queue,
    seed,
  }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world({ connection: { enabled: false } });
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const before = await writesOf(db, queue.queue, w.tenant.id, operator.id);
    const r = await gate.start({
      actor: { userId: operator.id },
      tenantId: w.tenant.id,
      operationType: 'RESTORE_EXECUTION',
      surface: 'RESTORE',
      target: 'restore:1',
      precondition: { reasonCode: 'RESTORE_NOT_READY', detail: 'Not previewed.' },
    });
    expect(r).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Your role on this tenant does not include restore.execute.' },
    });
    expect(await writesOf(db, queue.queue, w.tenant.id, operator.id)).toEqual(before);
  });

  for (const [state, overrides, activeType] of [
    ['disabled', { enabled: false }, null],
    ['consent missing', { consentStatus: 'MISSING' }, null],
    ['busy with the same operation', {}, 'PROVIDER_CONNECTION_HEALTH_CHECK'],
    ['busy with a different operation', {}, 'POLICY_BACKUP'],
  ] as const) {
    test(`connection surface, ${state}: READONLY → FORBIDDEN, non-member → NOT_FOUND as for a missing id; nothing written`, async ({
      db,
      queue,
      seed,
    }) => {
      const gate = gateFor(db, queue.queue);
      const w = await seed.world({ connection: { ...overrides } });
      if (activeType) {
        await seed.run({ tenantId: w.tenant.id, providerConnectionId: w.connection.id, operationType: activeType });
      }
      const reader = await seed.user();
      await seed.member(w.tenant.id, reader.id, 'READONLY');
      const stranger = await seed.user();
      const click = (userId: string, providerConnectionId: string) =>
        gate.start({
          actor: { userId },
          providerConnectionId,
          operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
          surface: 'PROVIDER_CONNECTION',
          idempotencyKey: 'connection-click',
        });
      const beforeReader = await writesOf(db, queue.queue, w.tenant.id, reader.id);
      const beforeStranger = await writesOf(db, queue.queue, w.tenant.id, stranger.id);

      expect(await click(reader.id, w.connection.id)).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'Your role on this tenant does not include provider_connection.health_check.',
        },
      });
      const hidden = await click(stranger.id, w.connection.id);
      expect(hidden).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Provider connection not found.' } });
      expect(await click(stranger.id, randomUUID())).toEqual(hidden);

      expect(await writesOf(db, queue.queue, w.tenant.id, reader.id)).toEqual(beforeReader);
      expect(await writesOf(db, queue.queue, w.tenant.id, stranger.id)).toEqual(beforeStranger);
    });
  }
});

describe('a run has one definition: the table', () => {
  test('the QUEUED event of an admitted run carries the stored row, every column, decoded as the query builder reads it', async ({
    db,
    queue,
    seed,
  }) => {
    const w = await seed.world();
    const publisher = new Redis(testEnv.redisUrl);
    const subscriber = new Redis(testEnv.redisUrl);
    try {
      await subscriber.subscribe(runEventChannel(w.tenant.id));
      const message = new Promise<string>((resolve) => subscriber.once('message', (_channel, raw) => resolve(raw)));
      const gate = createGate({ db: db.db, queue: queue.queue, links, logger: testLogger, publisher });
      const result = expectOk(
        await gate.start({
          actor: { userId: w.owner.id },
          tenantId: w.tenant.id,
          operationType: 'POLICY_BACKUP',
          surface: 'TENANT',
          input: { note: 'kept' },
        }),
      );
      expect(result.outcome).toBe('ACCEPTED');
      const event = runEventSchema.parse(JSON.parse(await message));
      const r = schema.operationRuns;
      const [stored] = await db.db.select().from(r).where(eq(r.id, event.run.id));
      expect(Object.keys(event.run).sort()).toEqual(Object.keys(getTableColumns(r)).sort());
      expect(event.run).toEqual(stored);
      expect(event.run.createdAt).toBeInstanceOf(Date);
      expect(event.run.input).toEqual({ note: 'kept' });
    } finally {
      subscriber.disconnect();
      publisher.disconnect();
    }
  });
});
