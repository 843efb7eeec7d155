// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Queries executed in-process against the subgraph schema, with a real database: run detail,
 * the Monitoring list (pagination, filters), authorization, and entity references.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { errorOf, insertRun, links, run, snapshotOf } from './helpers';

const RUN_DETAIL = /* GraphQL */ `
  query Run($id: ID!) {
    operationRun(id: $id) {
      id
      tenant { id }
      operationType
      status
      outcome
      initiatedFrom
      initiatedBy { id }
      providerConnection { id displayName entraTenantId clientId }
      reason { code problemClass detail }
      message { headline reason nextStep action actionUrl }
      progress { total processed succeeded failed }
      url
      createdAt
      startedAt
      completedAt
    }
  }
`;

const RUN_LIST = /* GraphQL */ `
  query Runs($tenantId: ID!, $filter: OperationRunFilter, $first: Int, $after: String) {
    operationRuns(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges { cursor node { id status outcome operationType createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

describe('operationRun', () => {
  test('a member sees run detail: click-time identity, reason, presenter message and canonical url', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const row = await insertRun(db.db, {
      tenantId: w.tenant.id,
      status: 'COMPLETED',
      outcome: 'FAILED',
      initiatedBy: w.owner.id,
      providerConnectionId: w.connection.id,
      snapshot: snapshotOf(w.connection),
      reasonCode: 'PROVIDER_CREDENTIALS_INVALID',
      reasonDetail: 'AADSTS7000215',
      progress: { total: 10, processed: 0, succeeded: 0, failed: 0 },
    });
    // A later rename must not change what the run shows.
    await db.db
      .update(schema.providerConnections)
      .set({ displayName: 'Renamed later' })
      .where(eq(schema.providerConnections.id, w.connection.id));

    const result = await run(db.db, w.owner, RUN_DETAIL, { id: row.id });
    expect(result.errors).toBeUndefined();
    const r = result.data!.operationRun;
    expect(r).toMatchObject({
      id: row.id,
      tenant: { id: w.tenant.id },
      operationType: 'DIRECTORY_GROUPS_SYNC',
      status: 'COMPLETED',
      outcome: 'FAILED',
      initiatedFrom: 'TENANT',
      initiatedBy: { id: w.owner.id },
      providerConnection: snapshotOf(w.connection),
      reason: { code: 'PROVIDER_CREDENTIALS_INVALID', problemClass: 'PROVIDER_CREDENTIALS', detail: 'AADSTS7000215' },
      message: {
        headline: 'Directory groups sync failed',
        action: 'ROTATE_PROVIDER_CREDENTIALS',
        actionUrl: `${links.publicAppUrl}/tenants/${w.tenant.id}/provider-connections/${w.connection.id}`,
      },
      progress: { total: 10, processed: 0, succeeded: 0, failed: 0 },
      url: `${links.publicAppUrl}/monitoring/operations/${row.id}`,
      createdAt: row.createdAt.toISOString(),
      startedAt: null,
    });
    expect(r.providerConnection.displayName).toBe('Primary Graph app');
  });

  test('a succeeded run has no reason; a blocked one has its reason and no progress', async ({ db, seed }) => {
    const w = await seed.world();
    const ok = await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', outcome: 'SUCCEEDED' });
    const blocked = await insertRun(db.db, {
      tenantId: w.tenant.id,
      status: 'COMPLETED',
      outcome: 'BLOCKED',
      reasonCode: 'PROVIDER_CONSENT_MISSING',
    });
    const a = (await run(db.db, w.owner, RUN_DETAIL, { id: ok.id })).data!.operationRun;
    const b = (await run(db.db, w.owner, RUN_DETAIL, { id: blocked.id })).data!.operationRun;
    expect(a.reason).toBeNull();
    expect(a.message.action).toBe('OPEN_RUN');
    expect(b.reason).toEqual({ code: 'PROVIDER_CONSENT_MISSING', problemClass: 'PROVIDER_CONSENT', detail: null });
    expect(b.message).toMatchObject({
      headline: 'Directory groups sync was blocked and never started',
      action: 'GRANT_PROVIDER_CONSENT',
    });
    expect(b.progress).toBeNull();
  });

  test('a non-member gets NOT_FOUND, identical to a missing id', async ({ db, seed }) => {
    const w = await seed.world();
    const row = await insertRun(db.db, { tenantId: w.tenant.id });
    const stranger = await seed.user();
    await seed.tenant(stranger.id); // a member elsewhere

    const foreign = await run(db.db, stranger, RUN_DETAIL, { id: row.id });
    const missing = await run(db.db, stranger, RUN_DETAIL, { id: randomUUID() });
    expect(foreign.data).toEqual({ operationRun: null });
    expect(errorOf(foreign)).toEqual({ message: 'Operation run not found.', code: 'NOT_FOUND', field: undefined });
    expect(errorOf(foreign)).toEqual(errorOf(missing));
    expect(JSON.stringify(foreign)).toBe(JSON.stringify(missing));
  });

  test('a READONLY member can view a run and the list', async ({ db, seed }) => {
    const w = await seed.world();
    const row = await insertRun(db.db, { tenantId: w.tenant.id });
    const viewer = await seed.user();
    await seed.member(w.tenant.id, viewer.id, 'READONLY');

    const detail = await run(db.db, viewer, RUN_DETAIL, { id: row.id });
    const list = await run(db.db, viewer, RUN_LIST, { tenantId: w.tenant.id });
    expect(detail.errors).toBeUndefined();
    expect(detail.data!.operationRun.id).toBe(row.id);
    expect(list.errors).toBeUndefined();
    expect(list.data!.operationRuns.edges.map((e: any) => e.node.id)).toEqual([row.id]);
  });

  // No caller never reaches a resolver: the server refuses it (subscriptions.test.ts, 401).
  test('a malformed id is BAD_USER_INPUT naming the field', async ({ db, seed }) => {
    const w = await seed.world();
    expect(errorOf(await run(db.db, w.owner, RUN_DETAIL, { id: 'not-a-uuid' }))).toEqual({
      message: 'id must be a UUID.',
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
  });
});

describe('operationRuns', () => {
  test('pages newest first over (createdAt, id) with no gap or repeat, even within one microsecond', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const base = Date.now() - 60_000;
    const same = new Date(base + 5000);
    const rows = [];
    for (let i = 0; i < 4; i++)
      rows.push(
        await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', createdAt: new Date(base + i * 1000) }),
      );
    for (let i = 0; i < 3; i++)
      rows.push(await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', createdAt: same }));
    // Microseconds a JS Date cannot hold: a millisecond cursor would skip or repeat these.
    await db.sql`update operation_runs set created_at = created_at + interval '123 microseconds' where id = ${rows[0]!.id}`;
    await db.sql`update operation_runs set created_at = ${new Date(base).toISOString()}::timestamptz + interval '456 microseconds' where id = ${rows[1]!.id}`;
    const expected = (
      await db.sql<
        { id: string }[]
      >`select id from operation_runs where tenant_id = ${w.tenant.id} order by created_at desc, id desc`
    ).map((r) => r.id);
    expect(expected).toHaveLength(7);

    const seen: string[] = [];
    let after: string | null = null;
    const pages: number[] = [];
    for (;;) {
      const page: any = await run(db.db, w.owner, RUN_LIST, { tenantId: w.tenant.id, first: 3, after });
      expect(page.errors).toBeUndefined();
      const conn = page.data.operationRuns;
      pages.push(conn.edges.length);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1).cursor);
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual(expected);
  });

  test('filters by status, outcome, operation type and provider connection', async ({ db, seed }) => {
    const w = await seed.world();
    const other = await seed.connection(w.tenant.id, { isDefault: false, displayName: 'Second app' });
    const queued = await insertRun(db.db, { tenantId: w.tenant.id, status: 'QUEUED', operationType: 'POLICY_BACKUP' });
    const failed = await insertRun(db.db, {
      tenantId: w.tenant.id,
      status: 'COMPLETED',
      outcome: 'FAILED',
      operationType: 'ROLE_DEFINITIONS_SYNC',
      snapshot: snapshotOf(other),
      reasonCode: 'PROVIDER_THROTTLED',
    });
    const succeeded = await insertRun(db.db, {
      tenantId: w.tenant.id,
      status: 'COMPLETED',
      outcome: 'SUCCEEDED',
      snapshot: snapshotOf(w.connection),
    });
    const ids = async (filter: Record<string, unknown>) => {
      const r = await run(db.db, w.owner, RUN_LIST, { tenantId: w.tenant.id, filter });
      expect(r.errors).toBeUndefined();
      return r.data!.operationRuns.edges.map((e: any) => e.node.id).sort();
    };
    expect(await ids({ status: ['QUEUED'] })).toEqual([queued.id]);
    expect(await ids({ status: ['QUEUED', 'RUNNING'] })).toEqual([queued.id]);
    expect(await ids({ outcome: ['FAILED'] })).toEqual([failed.id]);
    expect(await ids({ operationType: ['DIRECTORY_GROUPS_SYNC'] })).toEqual([succeeded.id]);
    expect(await ids({ providerConnectionId: other.id })).toEqual([failed.id]);
    expect(await ids({ status: ['COMPLETED'], outcome: ['SUCCEEDED', 'FAILED'] })).toEqual(
      [failed.id, succeeded.id].sort(),
    );
    expect(await ids({ status: [] })).toEqual([queued.id, failed.id, succeeded.id].sort());
  });

  test('first outside 1..200, a foreign cursor and a bad connection id are BAD_USER_INPUT', async ({ db, seed }) => {
    const w = await seed.world();
    const vars = { tenantId: w.tenant.id };
    expect(errorOf(await run(db.db, w.owner, RUN_LIST, { ...vars, first: 0 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    expect(errorOf(await run(db.db, w.owner, RUN_LIST, { ...vars, first: 201 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    expect(errorOf(await run(db.db, w.owner, RUN_LIST, { ...vars, after: 'bm9wZQ' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    expect(
      errorOf(await run(db.db, w.owner, RUN_LIST, { ...vars, filter: { providerConnectionId: 'x' } })),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.providerConnectionId' });
    const ok = await run(db.db, w.owner, RUN_LIST, { ...vars, first: 200 });
    expect(ok.errors).toBeUndefined();
  });

  test('a non-member gets the NOT_FOUND of a missing tenant and no runs', async ({ db, seed }) => {
    const w = await seed.world();
    await insertRun(db.db, { tenantId: w.tenant.id });
    const stranger = await seed.user();
    const foreign = await run(db.db, stranger, RUN_LIST, { tenantId: w.tenant.id });
    const missing = await run(db.db, stranger, RUN_LIST, { tenantId: randomUUID() });
    expect(foreign.data).toBeNull();
    expect(errorOf(foreign)).toEqual({ message: 'Tenant not found.', code: 'NOT_FOUND', field: undefined });
    expect(JSON.stringify(foreign)).toBe(JSON.stringify(missing));
  });
});

describe('OperationRun entity', () => {
  test('_entities resolves a batch of references with one SQL query and refuses runs of other tenants', async ({
    database,
    seed,
  }) => {
    const w = await seed.world();
    const mine = [];
    for (let i = 0; i < 20; i++)
      mine.push(await insertRun(database.handle.db, { tenantId: w.tenant.id, status: 'COMPLETED' }));
    const elsewhere = await seed.world();
    const foreign = await insertRun(database.handle.db, { tenantId: elsewhere.tenant.id });

    const queries: string[] = [];
    const counted = drizzle(database.handle.sql, { schema, logger: { logQuery: (q) => queries.push(q) } });
    const representations = [...mine, foreign].map((r) => ({ __typename: 'OperationRun', id: r.id }));
    const result = await run(
      counted,
      w.owner,
      /* GraphQL */ `
        query Entities($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on OperationRun { id status tenant { id } } }
        }
      `,
      { representations },
    );
    const entities = result.data!._entities as Array<{ id: string } | null>;
    expect(entities.slice(0, 20).map((e) => e?.id)).toEqual(mine.map((r) => r.id));
    expect(entities[20]).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['_entities', 20]);
    expect(result.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect(result.errors![0]!.message).toBe('Operation run not found.');
    expect(queries.filter((q) => q.includes('"operation_runs"'))).toHaveLength(1);
  });
});
