// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/** Notifications in-process: each user reads and marks only their own (issue 3, point 5). */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import type { Seed } from '@msp/tests/support/seed';
import { and, eq } from 'drizzle-orm';
import { errorOf, insertRun, run } from './helpers';

const MINE = /* GraphQL */ `
  query Mine($unreadOnly: Boolean, $first: Int) {
    myNotifications(unreadOnly: $unreadOnly, first: $first) { id title body readAt createdAt run { id status } }
  }
`;
const MARK = /* GraphQL */ `
  mutation Mark($id: ID!) { markNotificationRead(id: $id) { id readAt run { id } } }
`;

async function arrange(db: import('@msp/db').DbHandle, seed: Seed) {
  const w = await seed.world();
  const colleague = await seed.user();
  await seed.member(w.tenant.id, colleague.id, 'OPERATOR');
  const first = await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', initiatedBy: w.owner.id });
  const second = await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', initiatedBy: w.owner.id });
  const theirs = await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', initiatedBy: colleague.id });
  const n = schema.notifications;
  const [older] = await db.db
    .insert(n)
    .values({
      userId: w.owner.id,
      runId: first.id,
      title: 'Directory groups sync succeeded',
      body: 'Nothing to do.',
      createdAt: new Date(Date.now() - 60_000),
      readAt: new Date(Date.now() - 30_000),
    })
    .returning();
  const [newer] = await db.db
    .insert(n)
    .values({ userId: w.owner.id, runId: second.id, title: 'Directory groups sync succeeded', body: 'Nothing to do.' })
    .returning();
  const [colleagues] = await db.db
    .insert(n)
    .values({
      userId: colleague.id,
      runId: theirs.id,
      title: 'Directory groups sync succeeded',
      body: 'Nothing to do.',
    })
    .returning();
  return { w, colleague, older: older!, newer: newer!, colleagues: colleagues!, second };
}

describe('myNotifications', () => {
  test("lists the caller's own notifications only, newest first, with their run", async ({ db, seed }) => {
    const { w, colleague, older, newer, colleagues, second } = await arrange(db, seed);
    const mine = await run(db.db, w.owner, MINE);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myNotifications.map((x: any) => x.id)).toEqual([newer.id, older.id]);
    expect(mine.data!.myNotifications[0].run).toEqual({ id: second.id, status: 'COMPLETED' });

    const theirs = await run(db.db, colleague, MINE);
    expect(theirs.data!.myNotifications.map((x: any) => x.id)).toEqual([colleagues.id]);

    const unread = await run(db.db, w.owner, MINE, { unreadOnly: true });
    expect(unread.data!.myNotifications.map((x: any) => x.id)).toEqual([newer.id]);
    const one = await run(db.db, w.owner, MINE, { first: 1 });
    expect(one.data!.myNotifications.map((x: any) => x.id)).toEqual([newer.id]);
    expect(errorOf(await run(db.db, w.owner, MINE, { first: 0 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  });

  test('after leaving the tenant, its runs no longer notify', async ({ db, seed }) => {
    const { w, colleague } = await arrange(db, seed);
    await db.db
      .delete(schema.tenantMembers)
      .where(and(eq(schema.tenantMembers.tenantId, w.tenant.id), eq(schema.tenantMembers.userId, colleague.id)));
    const theirs = await run(db.db, colleague, MINE);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.myNotifications).toEqual([]);
  });
});

describe('markNotificationRead', () => {
  test('marks my own notification read, once', async ({ db, seed }) => {
    const { w, newer } = await arrange(db, seed);
    const first = await run(db.db, w.owner, MARK, { id: newer.id });
    expect(first.errors).toBeUndefined();
    const readAt = first.data!.markNotificationRead.readAt;
    expect(typeof readAt).toBe('string');
    const again = await run(db.db, w.owner, MARK, { id: newer.id });
    expect(again.data!.markNotificationRead.readAt).toBe(readAt);
    const unread = await run(db.db, w.owner, MINE, { unreadOnly: true });
    expect(unread.data!.myNotifications).toEqual([]);
  });

  test("someone else's notification is NOT_FOUND, like a missing one, and stays unread", async ({ db, seed }) => {
    const { w, colleagues } = await arrange(db, seed);
    const foreign = await run(db.db, w.owner, MARK, { id: colleagues.id });
    const missing = await run(db.db, w.owner, MARK, { id: randomUUID() });
    expect(errorOf(foreign)).toEqual({ message: 'Notification not found.', code: 'NOT_FOUND', field: undefined });
    expect(JSON.stringify(foreign)).toBe(JSON.stringify(missing));
    const [row] = await db.db.select().from(schema.notifications).where(eq(schema.notifications.id, colleagues.id));
    expect(row!.readAt).toBeNull();
  });
});

const PAGE = /* GraphQL */ `
  query Page($unreadOnly: Boolean, $first: Int, $after: String) {
    notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
      edges { cursor node { id readAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      unreadCount
    }
  }
`;

describe('notifications (cursor pages) and markAllNotificationsRead', () => {
  test('pages the caller’s own notifications newest first by cursor with no gap or repeat, counts the unread; markAll marks them and answers how many', async ({
    db,
    seed,
  }) => {
    const { w, older, newer, colleagues } = await arrange(db, seed);
    // Seven more, three of them read, some in one microsecond.
    const at = new Date(Date.now() - 10_000);
    const extra = [];
    for (let i = 0; i < 7; i++) {
      const r = await insertRun(db.db, { tenantId: w.tenant.id, status: 'COMPLETED', initiatedBy: w.owner.id });
      const [row] = await db.db
        .insert(schema.notifications)
        .values({
          userId: w.owner.id,
          runId: r.id,
          title: `n${i}`,
          body: '-',
          createdAt: i < 3 ? at : new Date(at.getTime() + i * 1000),
          readAt: i % 2 ? new Date() : null,
        })
        .returning();
      extra.push(row!);
    }
    const expected = (
      await db.sql<
        { id: string }[]
      >`select id from notifications where user_id = ${w.owner.id} order by created_at desc, id desc`
    ).map((r) => r.id);
    expect(expected).toHaveLength(9);
    const walk = async (unreadOnly: boolean) => {
      const ids: string[] = [];
      let after: string | null = null;
      let unread = -1;
      for (;;) {
        const res: any = await run(db.db, w.owner, PAGE, { unreadOnly, first: 2, after });
        expect(res.errors).toBeUndefined();
        const conn = res.data.notifications;
        expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(conn.pageInfo.startCursor).toBe(conn.edges[0]?.cursor ?? null);
        unread = conn.unreadCount;
        ids.push(...conn.edges.map((e: any) => e.node.id));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      return { ids, unread };
    };
    const all = await walk(false);
    expect(all.ids).toEqual(expected);
    expect(all.ids).not.toContain(colleagues.id);
    const unreadIds = [newer.id, ...extra.filter((_, i) => i % 2 === 0).map((e) => e.id)];
    expect(all.unread).toBe(unreadIds.length);
    const unread = await walk(true);
    expect(unread.ids.sort()).toEqual(unreadIds.sort());
    expect(unread.ids).not.toContain(older.id);

    const marked = await run(db.db, w.owner, 'mutation { markAllNotificationsRead }');
    expect(marked.errors).toBeUndefined();
    expect(marked.data!.markAllNotificationsRead).toBe(unreadIds.length);
    expect((await run(db.db, w.owner, 'mutation { markAllNotificationsRead }')).data!.markAllNotificationsRead).toBe(0);
    const after: any = await run(db.db, w.owner, PAGE, { unreadOnly: true });
    expect(after.data.notifications).toMatchObject({ edges: [], unreadCount: 0 });
    // The colleague's notification is untouched.
    const [theirs] = await db.db.select().from(schema.notifications).where(eq(schema.notifications.id, colleagues.id));
    expect(theirs!.readAt).toBeNull();
    // myNotifications stays for existing clients.
    expect((await run(db.db, w.owner, MINE)).data!.myNotifications).toHaveLength(9);
    expect(errorOf(await run(db.db, w.owner, PAGE, { after: 'bm9wZQ' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });
});
