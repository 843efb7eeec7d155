// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 6, acceptance 2 (restore): READONLY cannot prepare (create, preview, rerun: FORBIDDEN),
 * OPERATOR can prepare but cannot execute (FORBIDDEN, whatever phrase it typed), and strangers
 * get NOT_FOUND with the same text as an id that does not exist. Plus the input rules: a backup
 * of another tenant is NOT_FOUND, items of another backup are BAD_USER_INPUT.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { eq } from 'drizzle-orm';
import { backupWorld, clientFor, dataOf, describe, errorOf, expect, START, test } from './helpers';

const CREATE = `mutation($tenantId: ID!, $backupId: ID!, $itemIds: [ID!]) {
  createRestoreRun(tenantId: $tenantId, backupId: $backupId, itemIds: $itemIds) { id status } }`;
const PREVIEW = `mutation($id: ID!) { previewRestoreRun(id: $id) { id status } }`;
const RERUN = `mutation($id: ID!) { rerunRestoreRun(restoreRunId: $id) { id status } }`;
const GET = `query($id: ID!) { restoreRun(id: $id) { id status confirmationPhrase } }`;

describe('acceptance 2: restore authorization', () => {
  test('READONLY cannot prepare, OPERATOR cannot execute, strangers get NOT_FOUND', async ({
    db,
    seed,
    sim,
    gate,
    subgraph,
    runtime: _runtime,
  }) => {
    const w = await backupWorld({ seed, gate, db: db.db, sim }, 2);
    const [item] = w.items as [any];
    const readonly = await seed.user();
    const operator = await seed.user();
    const stranger = await seed.user();
    await seed.member(w.tenant.id, readonly.id, 'READONLY');
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const asOwner = await clientFor(subgraph, w.owner);
    const asReadonly = await clientFor(subgraph, readonly);
    const asOperator = await clientFor(subgraph, operator);
    const asStranger = await clientFor(subgraph, stranger);

    const restore = dataOf(await asOwner(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id })).createRestoreRun;

    // READONLY: may read, may not prepare.
    expect(dataOf(await asReadonly(GET, { id: restore.id })).restoreRun).toMatchObject({ id: restore.id });
    for (const [doc, vars] of [
      [CREATE, { tenantId: w.tenant.id, backupId: w.backup.id }],
      [PREVIEW, { id: restore.id }],
      [RERUN, { id: restore.id }],
    ] as const) {
      const error = errorOf(await asReadonly(doc, vars));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('restore.prepare');
    }
    expect(errorOf(await asReadonly(START, { id: restore.id, confirmation: 'Fabrikam' })).code).toBe('FORBIDDEN');

    // OPERATOR: may prepare (create, preview, rerun), may not execute.
    const mine = dataOf(
      await asOperator(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id, itemIds: [item.id] }),
    ).createRestoreRun;
    expect(dataOf(await asOperator(PREVIEW, { id: mine.id })).previewRestoreRun.status).toBe('PREVIEWED');
    expect(dataOf(await asOperator(RERUN, { id: mine.id })).rerunRestoreRun.status).toBe('DRAFT');
    const runsBefore = await db.db
      .select()
      .from(schema.operationRuns)
      .where(eq(schema.operationRuns.tenantId, w.tenant.id));
    for (const confirmation of ['Fabrikam', 'wrong']) {
      const error = errorOf(await asOperator(START, { id: mine.id, confirmation }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('restore.execute');
    }
    const runsAfter = await db.db
      .select()
      .from(schema.operationRuns)
      .where(eq(schema.operationRuns.tenantId, w.tenant.id));
    expect(runsAfter).toHaveLength(runsBefore.length);
    // The owner can execute what the operator prepared.
    expect(dataOf(await asOwner(START, { id: mine.id, confirmation: 'Fabrikam' })).startRestoreExecution.outcome).toBe(
      'ACCEPTED',
    );

    // Strangers: NOT_FOUND, word for word the same as for an id that does not exist.
    const missing = randomUUID();
    const notFound = errorOf(await asOwner(GET, { id: missing }));
    expect(notFound).toMatchObject({ code: 'NOT_FOUND', message: 'Restore run not found.' });
    for (const [doc, vars] of [
      [GET, { id: restore.id }],
      [PREVIEW, { id: restore.id }],
      [RERUN, { id: restore.id }],
      [START, { id: restore.id, confirmation: 'Fabrikam' }],
    ] as const) {
      expect(errorOf(await asStranger(doc, vars))).toMatchObject({ code: 'NOT_FOUND', message: notFound.message });
    }
    expect(errorOf(await asStranger(CREATE, { tenantId: w.tenant.id, backupId: w.backup.id }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Tenant not found.',
    });
    expect(errorOf(await asStranger(START, { id: missing, confirmation: 'x' })).message).toBe(notFound.message);
  });

  test('a backup of another tenant is NOT_FOUND; items of another backup are BAD_USER_INPUT', async ({
    db,
    seed,
    sim,
    gate,
    subgraph,
    runtime: _runtime,
  }) => {
    const a = await backupWorld({ seed, gate, db: db.db, sim }, 1);
    const b = await backupWorld({ seed, gate, db: db.db, sim }, 1);
    // The owner of A is also an owner of B: still, B's backup is not A's.
    await seed.member(b.tenant.id, a.owner.id, 'OWNER');
    const gql = await clientFor(subgraph, a.owner);
    expect(errorOf(await gql(CREATE, { tenantId: a.tenant.id, backupId: b.backup.id }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Policy backup not found.',
    });
    expect(
      errorOf(await gql(CREATE, { tenantId: a.tenant.id, backupId: a.backup.id, itemIds: [(b.items[0] as any).id] })),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemIds' });
    expect(errorOf(await gql(CREATE, { tenantId: a.tenant.id, backupId: a.backup.id, itemIds: [] }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'itemIds',
    });
  });
});
