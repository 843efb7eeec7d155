/**
 * The caller's own notifications (action `notifications.own`: a user scope, no tenant role).
 * Notifications of runs in tenants the caller is no longer a member of are hidden, so leaving a
 * tenant ends what its runs can tell you.
 */
import { type Database, schema } from '@msp/db';
import { type Actor, decodeCursor, fail, keysetPage, ok, parseInput, type Result, uuid } from '@msp/gate';
import { and, desc, eq, exists, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { NotificationModel } from '../model';

const n = schema.notifications;

export const NOTIFICATION_NOT_FOUND = 'Notification not found.';
export const MAX_NOTIFICATIONS = 200;

const columns = {
  id: n.id,
  userId: n.userId,
  runId: n.runId,
  kind: n.kind,
  title: n.title,
  body: n.body,
  createdAt: n.createdAt,
  readAt: n.readAt,
};

/** The run of the notification is in a tenant the notification's user is still a member of. */
const stillMember = (db: Database) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(schema.operationRuns)
      .innerJoin(
        schema.tenantMembers,
        and(
          eq(schema.tenantMembers.tenantId, schema.operationRuns.tenantId),
          eq(schema.tenantMembers.userId, n.userId),
        ),
      )
      .where(eq(schema.operationRuns.id, n.runId)),
  );

const listSchema = z.object({
  unreadOnly: z.boolean(),
  first: z
    .number()
    .int()
    .min(1, { message: `must be between 1 and ${MAX_NOTIFICATIONS}` })
    .max(MAX_NOTIFICATIONS, { message: `must be between 1 and ${MAX_NOTIFICATIONS}` }),
});

export async function listNotifications(
  db: Database,
  actor: Actor,
  input: { unreadOnly: boolean; first: number },
): Promise<Result<NotificationModel[]>> {
  const parsed = parseInput(listSchema, input);
  if (!parsed.ok) return parsed;
  const rows = await db
    .select(columns)
    .from(n)
    .where(and(eq(n.userId, actor.userId), parsed.value.unreadOnly ? isNull(n.readAt) : undefined, stillMember(db)))
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(parsed.value.first);
  return ok(rows);
}

/** Marks one of the caller's notifications read (idempotent: the first read time stays). */
export async function markNotificationRead(db: Database, actor: Actor, id: string): Promise<Result<NotificationModel>> {
  if (!uuid.safeParse(id).success) return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
  const [row] = await db
    .update(n)
    .set({ readAt: sql`coalesce(${n.readAt}, now())` })
    .where(and(eq(n.id, id), eq(n.userId, actor.userId), stillMember(db)))
    .returning(columns);
  return row ? ok(row) : fail('NOT_FOUND', NOTIFICATION_NOT_FOUND);
}

const pageSchema = z.object({
  unreadOnly: z.boolean(),
  first: z
    .number()
    .int()
    .min(1, { message: `must be between 1 and ${MAX_NOTIFICATIONS}` })
    .max(MAX_NOTIFICATIONS, { message: `must be between 1 and ${MAX_NOTIFICATIONS}` }),
  after: z
    .string()
    .nullish()
    .refine((c) => c == null || decodeCursor(c) !== null, { message: 'is not a cursor of this list' }),
});

export interface NotificationPage {
  edges: Array<{ cursor: string; node: NotificationModel }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** The caller's unread notifications (all of them, not the page's): counted when asked for. */
  unreadCount(): Promise<number>;
}

/**
 * A page of the caller's notifications, newest first, keyset-paginated over (createdAt, id) with
 * the runs' cursor format; `unreadOnly` reads the partial index of unread ones.
 */
export async function pageNotifications(
  db: Database,
  actor: Actor,
  input: { unreadOnly: boolean; first: number; after?: string | null },
): Promise<Result<NotificationPage>> {
  const parsed = parseInput(pageSchema, input);
  if (!parsed.ok) return parsed;
  const { unreadOnly, first, after } = parsed.value;
  const where = [eq(n.userId, actor.userId), unreadOnly ? isNull(n.readAt) : undefined, stillMember(db)];
  if (after) {
    const [createdAt, id] = decodeCursor(after) as [string, string];
    where.push(sql`(${n.createdAt}, ${n.id}) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select({
      ...columns,
      createdAtMicros: sql<string>`to_char(${n.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(n)
    .where(and(...where))
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(first + 1);
  return ok({
    ...keysetPage(rows, { size: first, from: after }, ({ createdAtMicros, ...node }) => ({
      micros: createdAtMicros,
      node,
    })),
    unreadCount: async () => {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(n)
        .where(and(eq(n.userId, actor.userId), isNull(n.readAt), stillMember(db)));
      return Number(row?.count ?? 0);
    },
  });
}

/** Marks every unread notification of the caller read; answers how many it marked. */
export async function markAllNotificationsRead(db: Database, actor: Actor): Promise<Result<number>> {
  const rows = await db
    .update(n)
    .set({ readAt: sql`now()` })
    .where(and(eq(n.userId, actor.userId), isNull(n.readAt), stillMember(db)))
    .returning({ id: n.id });
  return ok(rows.length);
}
