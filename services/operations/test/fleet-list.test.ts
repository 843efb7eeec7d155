// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Acceptance 1 of issue 12: fleet Monitoring lists. One workspace of three tenants, the caller a
 * member of two (and not of the workspace): a workspace-wide list is exactly the runs of those
 * two, with every filter, paged both ways with no gap or repeat, counted; read both through the
 * workspace's index and tenant by tenant (a workspace with more tenants than the caller's
 * share makes the second). A stranger's workspace is the NOT_FOUND of a missing one. (That such
 * a tenant-only member finds their tenants through `myTenants` is in services/tenant/test/queries.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { problemClassOf, type ReasonCode } from '@msp/gate';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { errorOf, run, snapshotOf } from './helpers';

const LIST = /* GraphQL */ `
  query Runs(
    $tenantId: ID
    $workspaceId: ID
    $tenantIds: [ID!]
    $filter: OperationRunFilter
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    operationRuns(
      tenantId: $tenantId
      workspaceId: $workspaceId
      tenantIds: $tenantIds
      filter: $filter
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      edges { cursor node { id tenant { id } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
      totalCountIsLowerBound
    }
  }
`;

type Row = typeof schema.operationRuns.$inferSelect;

const STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'COMPLETED', 'COMPLETED'] as const;
const TYPES = ['DIRECTORY_GROUPS_SYNC', 'POLICY_BACKUP', 'ROLE_DEFINITIONS_SYNC', 'PROVIDER_VERIFICATION'] as const;
const SURFACES = ['TENANT', 'MONITORING', 'DIRECTORY', 'SCHEDULE'] as const;
const FAILED_REASONS: ReasonCode[] = ['PROVIDER_THROTTLED', 'PROVIDER_CREDENTIALS_INVALID', 'PROVIDER_CONSENT_MISSING'];

describe('operationRuns across a workspace (acceptance 1)', () => {
  test('a member of 2 of 3 tenants: exactly their runs, every filter, both directions, no gap or repeat, counted; a stranger’s workspace is NOT_FOUND; the caller, a member of the tenants only (not of the workspace), lists them', async ({
    db,
    seed,
  }) => {
    const owner = await seed.user();
    const ws = await seed.workspace(owner.id, 'Contoso MSP');
    const [a, b, c] = [
      await seed.tenant(owner.id, { workspaceId: ws.id, name: 'A' }),
      await seed.tenant(owner.id, { workspaceId: ws.id, name: 'B' }),
      await seed.tenant(owner.id, { workspaceId: ws.id, name: 'C' }),
    ];
    const caller = await seed.user();
    await seed.member(a.id, caller.id, 'OPERATOR');
    await seed.member(b.id, caller.id, 'READONLY');
    const colleague = await seed.user();
    const connections = {
      [a.id]: [await seed.connection(a.id), await seed.connection(a.id, { isDefault: false, displayName: 'Second' })],
      [b.id]: [await seed.connection(b.id)],
      [c.id]: [await seed.connection(c.id)],
    };
    // Another workspace, the caller in none of it: its runs must never show.
    const stranger = await seed.user();
    const elsewhere = await seed.tenant(stranger.id, { name: 'Elsewhere' });

    // 90 runs over the 3 tenants (and 10 elsewhere), every attribute varied; some share a microsecond.
    const base = Date.UTC(2026, 0, 1);
    const values: (typeof schema.operationRuns.$inferInsert)[] = [];
    const tenants = [a, b, c];
    for (let i = 0; i < 100; i++) {
      const tenant = i >= 90 ? elsewhere : tenants[i % 3]!;
      const status = STATUSES[i % 5]!;
      const conns = i >= 90 ? [] : connections[tenant.id]!;
      const conn = conns.length ? conns[i % conns.length] : null;
      const outcome =
        status !== 'COMPLETED' ? 'PENDING' : (['SUCCEEDED', 'FAILED', 'BLOCKED', 'CANCELLED'] as const)[i % 4]!;
      const reason = outcome === 'FAILED' || outcome === 'BLOCKED' ? FAILED_REASONS[i % 3]! : null;
      values.push({
        tenantId: tenant.id,
        operationType: TYPES[i % 4]!,
        target: `tenant:${tenant.id}`,
        initiatedFrom: SURFACES[(i >> 1) % 4]!,
        initiatedBy: i % 7 === 0 ? null : i % 2 ? owner.id : colleague.id,
        providerConnectionSnapshot: conn ? snapshotOf(conn) : null,
        status,
        outcome,
        reasonCode: reason,
        createdAt: new Date(base + Math.floor(i / 4) * 1000),
      });
    }
    const inserted: Row[] = await db.db.insert(schema.operationRuns).values(values).returning();
    // Runs in the same second: make some share one microsecond exactly, the others differ by microseconds.
    await db.sql`update operation_runs set created_at = created_at + (interval '1 microsecond' * (abs(hashtext(id::text)) % 3)) where tenant_id in ${db.sql([a.id, b.id, c.id])}`;
    const rows: Row[] = await db.db.select().from(schema.operationRuns);
    const micros = new Map(
      (
        await db.sql<
          { id: string; k: string }[]
        >`select id, to_char(created_at at time zone 'UTC', 'YYYYMMDDHH24MISSUS') as k from operation_runs`
      ).map((r) => [r.id, r.k]),
    );
    expect(inserted).toHaveLength(100);
    const newestFirst = (x: Row, y: Row) => {
      const kx = micros.get(x.id)!;
      const ky = micros.get(y.id)!;
      return kx === ky ? (x.id < y.id ? 1 : -1) : kx < ky ? 1 : -1;
    };
    const mine = rows.filter((r) => r.tenantId === a.id || r.tenantId === b.id).sort(newestFirst);

    const filters: Array<[string, Record<string, unknown>, (r: Row) => boolean]> = [
      ['none', {}, () => true],
      ['status', { status: ['QUEUED', 'RUNNING'] }, (r) => r.status !== 'COMPLETED'],
      ['outcome', { outcome: ['FAILED'] }, (r) => r.outcome === 'FAILED'],
      [
        'operation type',
        { operationType: ['POLICY_BACKUP', 'PROVIDER_VERIFICATION'] },
        (r) => ['POLICY_BACKUP', 'PROVIDER_VERIFICATION'].includes(r.operationType),
      ],
      [
        'connection',
        { providerConnectionId: connections[a.id]![1]!.id },
        (r) => r.providerConnectionSnapshot?.id === connections[a.id]![1]!.id,
      ],
      ['initiator', { initiatedBy: colleague.id }, (r) => r.initiatedBy === colleague.id],
      ['surface', { surface: ['MONITORING'] }, (r) => r.initiatedFrom === 'MONITORING'],
      ['reason code', { reasonCode: ['PROVIDER_THROTTLED'] }, (r) => r.reasonCode === 'PROVIDER_THROTTLED'],
      [
        'problem class',
        { problemClass: ['PROVIDER_CREDENTIALS', 'PROVIDER_CONSENT'] },
        (r) =>
          r.reasonCode !== null &&
          ['PROVIDER_CREDENTIALS', 'PROVIDER_CONSENT'].includes(problemClassOf(r.reasonCode as ReasonCode)),
      ],
      [
        'created range',
        { createdAfter: new Date(base + 5000).toISOString(), createdBefore: new Date(base + 15000).toISOString() },
        (r) => r.createdAt.getTime() >= base + 5000 && r.createdAt.getTime() < base + 15000,
      ],
      [
        'combined',
        { status: ['COMPLETED'], outcome: ['FAILED', 'BLOCKED'], surface: ['TENANT', 'DIRECTORY'] },
        (r) =>
          r.status === 'COMPLETED' &&
          ['FAILED', 'BLOCKED'].includes(r.outcome) &&
          ['TENANT', 'DIRECTORY'].includes(r.initiatedFrom),
      ],
      ['nothing matches', { reasonCode: ['PROVIDER_THROTTLED'], problemClass: ['PROVIDER_CONSENT'] }, () => false],
    ];

    const walk = async (scope: Record<string, unknown>, filter: Record<string, unknown>, expected: string[]) => {
      // Forwards (older runs), 4 at a time.
      const forward: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const res: any = await run(db.db, caller, LIST, { ...scope, filter, first: 4, after });
        expect(res.errors).toBeUndefined();
        const conn = res.data.operationRuns;
        expect(conn.totalCount).toBe(expected.length);
        expect(conn.totalCountIsLowerBound).toBe(false);
        expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(conn.pageInfo.startCursor).toBe(conn.edges[0]?.cursor ?? null);
        expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
        forward.push(...conn.edges.map((e: any) => e.node.id));
        pages++;
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(forward).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 4)));
      // Backwards (newer runs) from the end, 3 at a time: the same list.
      const backward: string[][] = [];
      let before: string | null = null;
      for (;;) {
        const res: any = await run(db.db, caller, LIST, { ...scope, filter, last: 3, before });
        expect(res.errors).toBeUndefined();
        const conn = res.data.operationRuns;
        expect(conn.pageInfo.hasNextPage).toBe(before !== null);
        backward.unshift(conn.edges.map((e: any) => e.node.id));
        if (!conn.pageInfo.hasPreviousPage) break;
        before = conn.pageInfo.startCursor;
      }
      expect(backward.flat()).toEqual(expected);
    };

    const check = async () => {
      for (const [name, filter, keep] of filters) {
        const expected = mine.filter(keep).map((r) => r.id);
        if (name === 'none') expect(expected).toHaveLength(60);
        if (name !== 'nothing matches') expect(expected.length, name).toBeGreaterThan(0);
        await walk({ workspaceId: ws.id }, filter, expected);
        await walk({ tenantIds: [b.id, a.id] }, filter, expected);
        const onlyA = mine.filter((r) => r.tenantId === a.id && keep(r)).map((r) => r.id);
        await walk({ tenantId: a.id }, filter, onlyA);
      }
    };
    // 2 of 3 tenants: read through the workspace's index.
    await check();
    // 2 of 6 tenants: read tenant by tenant (the same answers).
    for (const name of ['D', 'E', 'F']) await seed.tenant(owner.id, { workspaceId: ws.id, name });
    await check();

    // Nothing of C or of the other workspace, anywhere.
    const all: any = await run(db.db, caller, LIST, { workspaceId: ws.id, first: 200 });
    const seenTenants = new Set(all.data.operationRuns.edges.map((e: any) => e.node.tenant.id));
    expect([...seenTenants].sort()).toEqual([a.id, b.id].sort());

    // A stranger's workspace, and a tenant list naming one tenant not the caller's: NOT_FOUND as for a missing id.
    const foreign = await run(db.db, caller, LIST, { workspaceId: elsewhere.workspaceId });
    const missing = await run(db.db, caller, LIST, { workspaceId: randomUUID() });
    expect(errorOf(foreign)).toEqual({ message: 'Workspace not found.', code: 'NOT_FOUND', field: undefined });
    expect(JSON.stringify(foreign)).toBe(JSON.stringify(missing));
    const withForeign = await run(db.db, caller, LIST, { tenantIds: [a.id, c.id] });
    const withMissing = await run(db.db, caller, LIST, { tenantIds: [a.id, randomUUID()] });
    expect(errorOf(withForeign)).toEqual({ message: 'Tenant not found.', code: 'NOT_FOUND', field: undefined });
    expect(JSON.stringify(withForeign)).toBe(JSON.stringify(withMissing));

    // Exactly one scope.
    for (const scope of [{}, { tenantId: a.id, workspaceId: ws.id }, { tenantIds: [a.id], tenantId: a.id }]) {
      expect(errorOf(await run(db.db, caller, LIST, scope))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'Give exactly one of tenantId, workspaceId or tenantIds.',
      });
    }
    // first with last, or a cursor the other way: BAD_USER_INPUT.
    expect(errorOf(await run(db.db, caller, LIST, { workspaceId: ws.id, first: 2, last: 2 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'last',
    });
  });

  test('totalCount is exact up to the cap, then the cap with totalCountIsLowerBound', async ({ db, seed }) => {
    const w = await seed.world();
    await db.sql`
      insert into operation_runs (tenant_id, operation_type, target, initiated_from, status, outcome, created_at)
      select ${w.tenant.id}, 'DIRECTORY_GROUPS_SYNC', 'tenant:' || ${w.tenant.id}, 'TENANT', 'COMPLETED', 'SUCCEEDED',
             now() - (g * interval '1 second')
      from generate_series(1, 1005) as g`;
    const res: any = await run(db.db, w.owner, LIST, { workspaceId: w.workspaceId, first: 1 });
    expect(res.errors).toBeUndefined();
    expect(res.data.operationRuns).toMatchObject({ totalCount: 1000, totalCountIsLowerBound: true });
    const exact: any = await run(db.db, w.owner, LIST, {
      tenantId: w.tenant.id,
      first: 1,
      filter: { createdAfter: new Date(Date.now() - 500_500).toISOString() },
    });
    expect(exact.data.operationRuns.totalCount).toBeGreaterThan(490);
    expect(exact.data.operationRuns.totalCount).toBeLessThan(510);
    expect(exact.data.operationRuns.totalCountIsLowerBound).toBe(false);
  });

  test('a workspace member with no tenant of it sees an empty list; a workspace id of nobody is NOT_FOUND', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const member = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspaceId, userId: member.id, role: 'MEMBER' });
    const res: any = await run(db.db, member, LIST, { workspaceId: w.workspaceId });
    expect(res.errors).toBeUndefined();
    expect(res.data.operationRuns).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false } });
  });
});
