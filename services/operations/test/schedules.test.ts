// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 17, schedules through the API (in-process against the subgraph schema, the deployment's
 * default shortest interval of 300 s): who may create, read and change them (the capability
 * registry: NOT_FOUND for non-members exactly as for a missing id, FORBIDDEN without the
 * capability), and hostile input answered with a coded error and nothing written.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { count, eq, like } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { errorOf, lazyEvents, run } from './helpers';

const CREATE = /* GraphQL */ `
  mutation ($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      id operationType name cron timeZone intervalSeconds status stopReason
      tenant { id } owner { id } providerConnection { id } problem { reasonCode } lastTickAt viewerCanManage
      history { edges { node { id } } pageInfo { hasNextPage } }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateScheduleInput!) {
    updateSchedule(input: $input) { id name cron timeZone intervalSeconds providerConnection { id } }
  }
`;
const PAUSE = `mutation ($id: ID!) { pauseSchedule(id: $id) { id status } }`;
const RESUME = `mutation ($id: ID!) { resumeSchedule(id: $id) { id status owner { id } } }`;
const DELETE = `mutation ($id: ID!) { deleteSchedule(id: $id) }`;
const ONE = `query ($id: ID!) { schedule(id: $id) { id status viewerCanManage } }`;
const LIST = /* GraphQL */ `
  query ($tenantId: ID!, $first: Int, $after: String) {
    schedules(tenantId: $tenantId, first: $first, after: $after) {
      totalCount
      edges { cursor node { id name } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

async function written(db: { db: any }) {
  const [schedules] = await db.db.select({ n: count() }).from(schema.schedules);
  const [audits] = await db.db
    .select({ n: count() })
    .from(schema.auditEvents)
    .where(like(schema.auditEvents.action, 'schedule.%'));
  return { schedules: Number(schedules.n), audits: Number(audits.n) };
}

describe('schedules through the API (issue 17)', () => {
  test('an OWNER creates a schedule owned by them, with an audit record; members read it, strangers get NOT_FOUND as for a missing id', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const readonly = await seed.user();
    await seed.member(w.tenant.id, readonly.id, 'READONLY');
    const stranger = await seed.user();

    const created = await run(db.db, w.owner, CREATE, {
      input: {
        tenantId: w.tenant.id,
        operationType: 'POLICY_BACKUP',
        name: ' Nightly backup ',
        cron: '0 2 * * *',
        timeZone: 'Europe/Berlin',
        providerConnectionId: w.connection.id,
      },
    });
    expect(created.errors).toBeUndefined();
    const s = created.data!.createSchedule;
    expect(s).toMatchObject({
      operationType: 'POLICY_BACKUP',
      name: 'Nightly backup',
      cron: '0 2 * * *',
      timeZone: 'Europe/Berlin',
      intervalSeconds: null,
      status: 'ACTIVE',
      stopReason: null,
      tenant: { id: w.tenant.id },
      owner: { id: w.owner.id },
      providerConnection: { id: w.connection.id },
      problem: null,
      lastTickAt: null,
      viewerCanManage: true,
      history: { edges: [], pageInfo: { hasNextPage: false } },
    });
    const [audit] = await db.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.action, 'schedule.create'));
    expect(audit).toMatchObject({ actorId: w.owner.id, tenantId: w.tenant.id, targetType: 'schedule', targetId: s.id });

    const asReadonly = await run(db.db, readonly, ONE, { id: s.id });
    expect(asReadonly.data!.schedule).toEqual({ id: s.id, status: 'ACTIVE', viewerCanManage: false });
    const listed = await run(db.db, readonly, LIST, { tenantId: w.tenant.id });
    expect(listed.data!.schedules.totalCount).toBe(1);
    expect(listed.data!.schedules.edges[0].node.id).toBe(s.id);

    const strangerOne = errorOf(await run(db.db, stranger, ONE, { id: s.id }));
    const missingOne = errorOf(await run(db.db, w.owner, ONE, { id: randomUUID() }));
    expect(strangerOne).toEqual(missingOne);
    expect(strangerOne.code).toBe('NOT_FOUND');
    const strangerList = errorOf(await run(db.db, stranger, LIST, { tenantId: w.tenant.id }));
    const missingList = errorOf(await run(db.db, w.owner, LIST, { tenantId: randomUUID() }));
    expect(strangerList).toEqual(missingList);
    expect(strangerList.code).toBe('NOT_FOUND');
    // A stranger changes nothing either, and learns nothing more.
    for (const doc of [PAUSE, RESUME, DELETE]) {
      expect(errorOf(await run(db.db, stranger, doc, { id: s.id }))).toEqual({
        ...missingOne,
        field: undefined,
      });
    }
  });

  test('the capability registry decides: READONLY may not create, an OPERATOR may not change another member’s schedule, a MANAGER may; resuming someone else’s makes it yours', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const readonly = await seed.user();
    const operator = await seed.user();
    const manager = await seed.user();
    await seed.member(w.tenant.id, readonly.id, 'READONLY');
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    await seed.member(w.tenant.id, manager.id, 'MANAGER');
    const input = { tenantId: w.tenant.id, operationType: 'DIRECTORY_GROUPS_SYNC', intervalSeconds: 3600 };

    const before = await written(db);
    const refused = errorOf(await run(db.db, readonly, CREATE, { input }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/directory\.sync/);
    expect(await written(db)).toEqual(before);

    const own = (await run(db.db, w.owner, CREATE, { input })).data!.createSchedule.id;
    const ops = (await run(db.db, operator, CREATE, { input })).data!.createSchedule.id;
    // The operator changes their own, not the owner's.
    expect((await run(db.db, operator, PAUSE, { id: ops })).data!.pauseSchedule.status).toBe('PAUSED');
    const forbidden = errorOf(await run(db.db, operator, PAUSE, { id: own }));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.message).toMatch(/schedules\.manage/);
    expect(errorOf(await run(db.db, operator, UPDATE, { input: { id: own, name: 'mine now' } })).code).toBe(
      'FORBIDDEN',
    );
    expect((await run(db.db, operator, ONE, { id: own })).data!.schedule.viewerCanManage).toBe(false);
    // A manager looks after everyone's.
    expect((await run(db.db, manager, ONE, { id: ops })).data!.schedule.viewerCanManage).toBe(true);
    expect((await run(db.db, manager, PAUSE, { id: own })).data!.pauseSchedule.status).toBe('PAUSED');
    const resumed = (await run(db.db, manager, RESUME, { id: own })).data!.resumeSchedule;
    expect(resumed).toEqual({ id: own, status: 'ACTIVE', owner: { id: manager.id } });
    // Pausing or resuming twice changes nothing: no new version for the reconciler, no audit record.
    const versions = async () =>
      (await db.db.select({ id: schema.schedules.id, v: schema.schedules.version }).from(schema.schedules))
        .map((r: { id: string; v: number }) => `${r.id}:${r.v}`)
        .sort();
    const unchanged = { versions: await versions(), ...(await written(db)) };
    expect((await run(db.db, manager, RESUME, { id: own })).data!.resumeSchedule.status).toBe('ACTIVE');
    expect((await run(db.db, operator, PAUSE, { id: ops })).data!.pauseSchedule.status).toBe('PAUSED');
    expect({ versions: await versions(), ...(await written(db)) }).toEqual(unchanged);
  });

  test('hostile input gets a coded error naming the field and writes nothing', async ({ db, seed }) => {
    const w = await seed.world();
    const other = await seed.world();
    const base = { tenantId: w.tenant.id, operationType: 'POLICY_BACKUP' };
    const cases: Array<[string, Record<string, unknown>, string, string?]> = [
      ['not a cron expression', { ...base, cron: 'every night please' }, 'cron'],
      ['an out-of-range field', { ...base, cron: '61 * * * *' }, 'cron'],
      ['a cron expression firing every minute (shortest: 300 s)', { ...base, cron: '* * * * *' }, 'cron'],
      ['a cron expression firing every second', { ...base, cron: '* * * * * *' }, 'cron'],
      ['a cron expression that never fires', { ...base, cron: '0 0 30 2 *' }, 'cron'],
      ['seven fields', { ...base, cron: '0 0 0 1 1 * 2030' }, 'cron'],
      ['an unknown time zone', { ...base, cron: '0 2 * * *', timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['a time zone with an interval', { ...base, intervalSeconds: 3600, timeZone: 'UTC' }, 'timeZone'],
      ['an interval below the minimum', { ...base, intervalSeconds: 10 }, 'intervalSeconds'],
      ['a huge interval', { ...base, intervalSeconds: 2_000_000_000 }, 'intervalSeconds'],
      ['a negative interval', { ...base, intervalSeconds: -300 }, 'intervalSeconds'],
      ['both cron and interval', { ...base, cron: '0 2 * * *', intervalSeconds: 3600 }, 'cron'],
      ['neither cron nor interval', { ...base }, 'cron'],
      ['a very long cron', { ...base, cron: `0 2 * * * ${'1,'.repeat(200)}1` }, 'cron'],
      ['a very long name', { ...base, intervalSeconds: 3600, name: 'x'.repeat(201) }, 'name'],
      ['a restore execution', { ...base, operationType: 'RESTORE_EXECUTION', intervalSeconds: 3600 }, 'operationType'],
      ['a malformed tenant id', { ...base, tenantId: 'tenant-1', intervalSeconds: 3600 }, 'tenantId'],
      [
        'a malformed connection id',
        { ...base, intervalSeconds: 3600, providerConnectionId: "1' or '1'='1" },
        'providerConnectionId',
      ],
    ];
    const before = await written(db);
    for (const [what, input, field] of cases) {
      const error = errorOf(await run(db.db, w.owner, CREATE, { input }));
      expect(error.code, what).toBe('BAD_USER_INPUT');
      expect(error.field, what).toBe(field);
    }
    // Another tenant's connection is the same NOT_FOUND as a missing one.
    const foreign = errorOf(
      await run(db.db, w.owner, CREATE, {
        input: { ...base, intervalSeconds: 3600, providerConnectionId: other.connection.id },
      }),
    );
    const missing = errorOf(
      await run(db.db, w.owner, CREATE, {
        input: { ...base, intervalSeconds: 3600, providerConnectionId: randomUUID() },
      }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
    expect(foreign).toEqual(missing);
    expect(await written(db)).toEqual(before);

    // The same rules on update, and nothing changes.
    const id = (await run(db.db, w.owner, CREATE, { input: { ...base, cron: '0 2 * * *', timeZone: 'UTC' } })).data!
      .createSchedule.id;
    const after = await written(db);
    const updates: Array<[Record<string, unknown>, string, string]> = [
      [{ id, cron: '*/5 * * * * *' }, 'BAD_USER_INPUT', 'cron'],
      [{ id, timeZone: 'Not/AZone' }, 'BAD_USER_INPUT', 'timeZone'],
      [{ id, intervalSeconds: 99_999_999 }, 'BAD_USER_INPUT', 'intervalSeconds'],
      [
        { id, providerConnectionId: w.connection.id, useTenantDefaultConnection: true },
        'BAD_USER_INPUT',
        'useTenantDefaultConnection',
      ],
      [{ id: 'nope', name: 'x' }, 'BAD_USER_INPUT', 'id'],
    ];
    for (const [input, code, field] of updates) {
      const error = errorOf(await run(db.db, w.owner, UPDATE, { input }));
      expect(error.code, JSON.stringify(input)).toBe(code);
      expect(error.field, JSON.stringify(input)).toBe(field);
    }
    const foreignUpdate = errorOf(
      await run(db.db, w.owner, UPDATE, { input: { id, providerConnectionId: other.connection.id } }),
    );
    expect(foreignUpdate.code).toBe('NOT_FOUND');
    expect(await written(db)).toEqual(after);
    const [row] = await db.db.select().from(schema.schedules).where(eq(schema.schedules.id, id));
    expect(row).toMatchObject({
      cron: '0 2 * * *',
      timeZone: 'UTC',
      intervalSeconds: null,
      providerConnectionId: null,
      version: 1,
    });
  });

  test('update changes the timing and connection; delete answers the id once, then NOT_FOUND', async ({ db, seed }) => {
    const w = await seed.world();
    const second = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Second app' });
    const id = (
      await run(db.db, w.owner, CREATE, {
        input: {
          tenantId: w.tenant.id,
          operationType: 'ROLE_DEFINITIONS_SYNC',
          cron: '0 3 * * 1',
          timeZone: 'America/New_York',
        },
      })
    ).data!.createSchedule.id;

    const newCron = await run(db.db, w.owner, UPDATE, {
      input: { id, cron: '30 4 * * *', providerConnectionId: second.id },
    });
    expect(newCron.data!.updateSchedule).toEqual({
      id,
      name: null,
      cron: '30 4 * * *',
      timeZone: 'America/New_York',
      intervalSeconds: null,
      providerConnection: { id: second.id },
    });
    const toInterval = await run(db.db, w.owner, UPDATE, {
      input: { id, intervalSeconds: 86_400, useTenantDefaultConnection: true, name: 'daily' },
    });
    expect(toInterval.data!.updateSchedule).toEqual({
      id,
      name: 'daily',
      cron: null,
      timeZone: null,
      intervalSeconds: 86_400,
      providerConnection: null,
    });

    // Paging the tenant's list.
    await run(db.db, w.owner, CREATE, {
      input: { tenantId: w.tenant.id, operationType: 'POLICY_BACKUP', intervalSeconds: 3600 },
    });
    const first = (await run(db.db, w.owner, LIST, { tenantId: w.tenant.id, first: 1 })).data!.schedules;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await run(db.db, w.owner, LIST, { tenantId: w.tenant.id, first: 1, after: first.pageInfo.endCursor }))
      .data!.schedules;
    expect(next.edges[0].node.id).not.toBe(first.edges[0].node.id);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(errorOf(await run(db.db, w.owner, LIST, { tenantId: w.tenant.id, first: 1000 })).field).toBe('first');
    expect(errorOf(await run(db.db, w.owner, LIST, { tenantId: w.tenant.id, after: 'garbage' })).field).toBe('after');

    expect((await run(db.db, w.owner, DELETE, { id })).data!.deleteSchedule).toBe(id);
    expect(errorOf(await run(db.db, w.owner, DELETE, { id })).code).toBe('NOT_FOUND');
    expect(errorOf(await run(db.db, w.owner, ONE, { id })).code).toBe('NOT_FOUND');
    expect((await run(db.db, w.owner, LIST, { tenantId: w.tenant.id })).data!.schedules.totalCount).toBe(1);
    const actions = await db.db
      .select({ action: schema.auditEvents.action })
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, id));
    expect(actions.map((a: { action: string }) => a.action).sort()).toEqual(
      ['schedule.create', 'schedule.delete', 'schedule.update', 'schedule.update'].sort(),
    );
  });

  test('which connection a schedule fires on is said without an error: the tenant’s default, a named one, or one deleted since (providerConnectionId, providerConnectionDeleted)', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const doomed = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Short-lived app' });
    const kept = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Kept app' });
    const CONNECTION = 'id providerConnection { id } providerConnectionId providerConnectionDeleted';
    const create = async (providerConnectionId: string | null) =>
      (
        await run(db.db, w.owner, `mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`, {
          input: { tenantId: w.tenant.id, operationType: 'POLICY_BACKUP', intervalSeconds: 3600, providerConnectionId },
        })
      ).data!.createSchedule.id as string;
    const onDefault = await create(null);
    const onKept = await create(kept.id);
    const onDoomed = await create(doomed.id);
    // Deleted as deleteProviderConnection deletes it: the schedule keeps naming it (no foreign key).
    await db.db.delete(schema.providerConnections).where(eq(schema.providerConnections.id, doomed.id));

    const expected = [
      { id: onDefault, providerConnection: null, providerConnectionId: null, providerConnectionDeleted: false },
      {
        id: onKept,
        providerConnection: { id: kept.id },
        providerConnectionId: kept.id,
        providerConnectionDeleted: false,
      },
      { id: onDoomed, providerConnection: null, providerConnectionId: doomed.id, providerConnectionDeleted: true },
    ];
    const list = await run(
      db.db,
      w.owner,
      `query ($t: ID!) { schedules(tenantId: $t) { edges { node { ${CONNECTION} } } } }`,
      { t: w.tenant.id },
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.schedules.edges.map((e: any) => e.node)).toEqual(expected);
    for (const schedule of expected) {
      const one = await run(db.db, w.owner, `query ($id: ID!) { schedule(id: $id) { ${CONNECTION} } }`, {
        id: schedule.id,
      });
      expect(one.errors).toBeUndefined();
      expect(one.data!.schedule).toEqual(schedule);
    }
    // A change's answer says the same (the flag is computed in the update's returning).
    const renamed = await run(
      db.db,
      w.owner,
      `mutation ($input: UpdateScheduleInput!) { updateSchedule(input: $input) { ${CONNECTION} } }`,
      { input: { id: onDoomed, name: 'renamed' } },
    );
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data!.updateSchedule).toEqual(expected[2]);
    const paused = await run(db.db, w.owner, `mutation ($id: ID!) { pauseSchedule(id: $id) { ${CONNECTION} } }`, {
      id: onDoomed,
    });
    expect(paused.data!.pauseSchedule).toEqual(expected[2]);
    // Choosing the default again clears it.
    const repaired = await run(
      db.db,
      w.owner,
      `mutation ($input: UpdateScheduleInput!) { updateSchedule(input: $input) { ${CONNECTION} } }`,
      { input: { id: onDoomed, useTenantDefaultConnection: true } },
    );
    expect(repaired.data!.updateSchedule).toEqual({
      id: onDoomed,
      providerConnection: null,
      providerConnectionId: null,
      providerConnectionDeleted: false,
    });
  });

  test('only a change of what fires when grows the version the reconciler follows: a new name or connection, or the same timing given again, does not', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const second = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Other app' });
    const id = (
      await run(db.db, w.owner, CREATE, {
        input: {
          tenantId: w.tenant.id,
          operationType: 'POLICY_BACKUP',
          cron: '0 3 * * 1',
          timeZone: 'Europe/Berlin',
        },
      })
    ).data!.createSchedule.id;
    const version = async () => {
      const [row] = await db.db
        .select({ version: schema.schedules.version })
        .from(schema.schedules)
        .where(eq(schema.schedules.id, id));
      return row!.version as number;
    };
    const update = async (input: Record<string, unknown>) => {
      const result = await run(db.db, w.owner, UPDATE, { input: { id, ...input } });
      expect(result.errors, JSON.stringify(input)).toBeUndefined();
      return version();
    };
    expect(await version()).toBe(1);
    // Not in the job scheduler (each firing reads them from the row): nothing for the reconciler.
    expect(await update({ name: 'weekly backup' })).toBe(1);
    expect(await update({ providerConnectionId: second.id })).toBe(1);
    expect(await update({ useTenantDefaultConnection: true, name: null })).toBe(1);
    // The timing it already has, given again, is no change.
    expect(await update({ cron: '0 3 * * 1' })).toBe(1);
    expect(await update({ timeZone: 'Europe/Berlin', name: 'again' })).toBe(1);
    // Each of these changes when it fires.
    expect(await update({ timeZone: 'America/New_York' })).toBe(2);
    expect(await update({ cron: '0 4 * * 1' })).toBe(3);
    expect(await update({ intervalSeconds: 3600 })).toBe(4);
    expect(await update({ intervalSeconds: 3600, name: 'hourly' })).toBe(4);
    expect(await update({ intervalSeconds: 7200 })).toBe(5);
    // Pausing and resuming (whether a scheduler exists) do.
    expect((await run(db.db, w.owner, PAUSE, { id })).data!.pauseSchedule.status).toBe('PAUSED');
    expect(await version()).toBe(6);
    expect(await update({ name: 'paused for now' })).toBe(6);
    expect((await run(db.db, w.owner, RESUME, { id })).data!.resumeSchedule.status).toBe('ACTIVE');
    expect(await version()).toBe(7);
    // Every change is in the audit log, whether or not the reconciler has anything to do.
    const [updates] = await db.db
      .select({ n: count() })
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, id));
    expect(Number(updates!.n)).toBe(1 + 11 + 2);
  });

  test('nextFiringAt: an interval one interval after its last tick (or its creation), a cron expression in its time zone across a DST change, null when paused', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const NEXT = `query ($id: ID!) { schedule(id: $id) { status updatedAt lastTickAt nextFiringAt } }`;
    const interval = (
      await run(db.db, w.owner, CREATE, {
        input: { tenantId: w.tenant.id, operationType: 'POLICY_BACKUP', intervalSeconds: 3600 },
      })
    ).data!.createSchedule.id;
    const before = (await run(db.db, w.owner, NEXT, { id: interval })).data!.schedule;
    expect(before.lastTickAt).toBeNull();
    expect(before.nextFiringAt).toBe(new Date(Date.parse(before.updatedAt) + 3600_000).toISOString());
    // A tick recorded (as the worker does): the next is one interval after it.
    const tick = new Date(Date.parse(before.updatedAt) + 3600_000);
    await db.db.update(schema.schedules).set({ lastTickAt: tick }).where(eq(schema.schedules.id, interval));
    const after = (await run(db.db, w.owner, NEXT, { id: interval })).data!.schedule;
    expect(after.nextFiringAt).toBe(new Date(tick.getTime() + 3600_000).toISOString());

    // 03:00 in Berlin is 02:00Z in winter (CET) and 01:00Z from 29 March 2026 (CEST).
    const at = (iso: string) => ({ minIntervalSeconds: 300, now: () => new Date(iso) });
    const cron = (
      await run(
        db.db,
        w.owner,
        CREATE,
        {
          input: {
            tenantId: w.tenant.id,
            operationType: 'POLICY_BACKUP',
            cron: '0 3 * * *',
            timeZone: 'Europe/Berlin',
          },
        },
        lazyEvents().events,
        at('2026-03-27T12:00:00Z'),
      )
    ).data!.createSchedule.id;
    const winter = await run(db.db, w.owner, NEXT, { id: cron }, lazyEvents().events, at('2026-03-27T12:00:00Z'));
    expect(winter.data!.schedule.nextFiringAt).toBe('2026-03-28T02:00:00.000Z');
    const summer = await run(db.db, w.owner, NEXT, { id: cron }, lazyEvents().events, at('2026-03-28T12:00:00Z'));
    expect(summer.data!.schedule.nextFiringAt).toBe('2026-03-29T01:00:00.000Z');

    expect((await run(db.db, w.owner, PAUSE, { id: cron })).errors).toBeUndefined();
    expect((await run(db.db, w.owner, PAUSE, { id: interval })).errors).toBeUndefined();
    for (const id of [cron, interval]) {
      const paused = (await run(db.db, w.owner, NEXT, { id })).data!.schedule;
      expect(paused).toMatchObject({ status: 'PAUSED', nextFiringAt: null });
    }
  });

  test('lastFiring of every schedule of a page: the newest tick of each, null without one, in one query', async ({
    database,
    db,
    seed,
  }) => {
    const w = await seed.world();
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const created = await run(db.db, w.owner, CREATE, {
        input: { tenantId: w.tenant.id, operationType: 'POLICY_BACKUP', name, intervalSeconds: 3600 },
      });
      ids.push(created.data!.createSchedule.id);
    }
    const [a, b, c] = ids as [string, string, string];
    const t = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
    await db.db.insert(schema.scheduleFirings).values([
      { scheduleId: a, tickAt: t(1), outcome: 'ACCEPTED' },
      { scheduleId: a, tickAt: t(3), outcome: 'BLOCKED', reasonCode: 'PROVIDER_CONSENT_MISSING', detail: 'consent' },
      { scheduleId: a, tickAt: t(2), outcome: 'DEDUPED' },
      { scheduleId: b, tickAt: t(5), outcome: 'SCOPE_BUSY' },
    ]);

    const statements: string[] = [];
    const client = postgres(database.url, { max: 2, onnotice: () => {}, debug: (_c, query) => statements.push(query) });
    try {
      const recorded = drizzle(client, { schema }) as unknown as typeof db.db;
      const page = await run(
        recorded,
        w.owner,
        `query ($tenantId: ID!) { schedules(tenantId: $tenantId) { edges { node { id lastFiring { tickAt outcome reason { code } } } } } }`,
        { tenantId: w.tenant.id },
      );
      expect(page.errors).toBeUndefined();
      const byId = new Map(page.data!.schedules.edges.map((e: any) => [e.node.id, e.node.lastFiring]));
      expect(byId.get(a)).toEqual({
        tickAt: t(3).toISOString(),
        outcome: 'BLOCKED',
        reason: { code: 'PROVIDER_CONSENT_MISSING' },
      });
      expect(byId.get(b)).toEqual({ tickAt: t(5).toISOString(), outcome: 'SCOPE_BUSY', reason: null });
      expect(byId.get(c)).toBeNull();
      const firingQueries = statements.filter((q) => /schedule_firings/.test(q));
      expect(firingQueries, firingQueries.join('\n---\n')).toHaveLength(1);
    } finally {
      await client.end({ timeout: 5 });
    }
  });
});
