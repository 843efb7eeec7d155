/** Notification: terminal-run notices for the run's initiator, read, marked read and received live. */
import type { NotificationKind } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { NotificationModel } from '../model';
import {
  listNotifications,
  MAX_NOTIFICATIONS,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationPage,
  pageNotifications,
} from '../service/notifications';
import { OperationRunRef } from './operation-run';
import { shared } from './shared';

const NotificationKindRef = builder.enumType('NotificationKind', {
  description: 'What a notification is about. Every notification names a run (`Notification.run`).',
  values: {
    RUN_COMPLETED: { description: 'A run the recipient started completed (`run` is that run).' },
    SCHEDULE_BLOCKED: {
      description:
        "A schedule of the recipient's was blocked; `run` is the first blocked attempt. Once per problem, not per tick.",
    },
    CREDENTIALS_EXPIRING: {
      description: "A connection's client secret expires soon; `run` is the health check that found it.",
    },
    CONNECTION_HEALTH_CHANGED: {
      description:
        "A connection's health changed (consent or granted permissions drifted); `run` is the check that found it.",
    },
    WEBHOOK_ENDPOINT_DISABLED: {
      description:
        'A webhook endpoint was disabled after failing persistently; `run` is the run whose event it failed to take.',
    },
  } satisfies Record<NotificationKind, { description: string }>,
});

export const NotificationRef = builder.objectRef<NotificationModel>('Notification').implement({
  description:
    'A notice to one person about a run: its completion for the person who started it, or a problem found by or about it (`kind`).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The notification id.' }),
    run: t.field({
      type: OperationRunRef,
      description: 'The run it is about.',
      resolve: async (notification, _args, ctx) => unwrap(await ctx.loaders.run.load(notification.runId)),
    }),
    kind: t.field({
      type: NotificationKindRef,
      description: 'What it is about.',
      resolve: (n) => n.kind,
    }),
    title: t.exposeString('title', { description: 'One line: what happened.' }),
    body: t.exposeString('body', { description: 'What happened and what to do next.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was written.', resolve: (n) => n.createdAt }),
    readAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the recipient marked it read; null while unread.',
      resolve: (n) => n.readAt,
    }),
  }),
});

type NotificationEdgeShape = NotificationPage['edges'][number];

const NotificationEdge = builder.objectRef<NotificationEdgeShape>('NotificationEdge').implement({
  description: 'A notification in a page of notifications.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque position of this notification, for `after`.' }),
    node: t.field({ type: NotificationRef, description: 'The notification.', resolve: (edge) => edge.node }),
  }),
});

const NotificationConnection = builder.objectRef<NotificationPage>('NotificationConnection').implement({
  description: "A page of the caller's notifications, newest first.",
  fields: (t) => ({
    edges: t.field({
      type: [NotificationEdge],
      description: 'The notifications of this page.',
      resolve: (p) => p.edges,
    }),
    pageInfo: t.field({
      type: shared.PageInfo,
      description: 'Where this page starts and ends.',
      resolve: (p) => p.pageInfo,
    }),
    unreadCount: t.int({
      description: "How many of the caller's notifications are unread (all of them, not only this page's).",
      resolve: (p) => p.unreadCount(),
    }),
  }),
});

builder.queryFields((t) => ({
  notifications: t.field({
    type: NotificationConnection,
    description: `The caller's notifications, newest first, by cursor. \`first\` is 1 to ${MAX_NOTIFICATIONS} (50 when not given).`,
    args: {
      unreadOnly: t.arg.boolean({ description: 'Only those not marked read.' }),
      first: t.arg.int({ description: `Page size, 1 to ${MAX_NOTIFICATIONS}.` }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await pageNotifications(ctx.db, ctx.actor, {
          unreadOnly: args.unreadOnly ?? false,
          first: args.first ?? 50,
          after: args.after,
        }),
      ),
  }),
  myNotifications: t.field({
    type: [NotificationRef],
    description: `The caller's notifications, newest first. \`first\` is 1 to ${MAX_NOTIFICATIONS}.`,
    args: {
      unreadOnly: t.arg.boolean({ defaultValue: false, description: 'Only those not marked read.' }),
      first: t.arg.int({ defaultValue: 50, description: `How many, 1 to ${MAX_NOTIFICATIONS}.` }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await listNotifications(ctx.db, ctx.actor, {
          unreadOnly: args.unreadOnly ?? false,
          first: args.first ?? 50,
        }),
      ),
  }),
}));

builder.mutationFields((t) => ({
  markAllNotificationsRead: t.int({
    description:
      'Marks every unread notification of the caller read; answers how many it marked (0 when none was unread).',
    resolve: async (_root, _args, ctx) => unwrap(await markAllNotificationsRead(ctx.db, ctx.actor)),
  }),
  markNotificationRead: t.field({
    type: NotificationRef,
    description: "Marks one of the caller's notifications read. Anyone else's is NOT_FOUND.",
    args: { id: t.arg.id({ required: true, description: 'The notification id.' }) },
    resolve: async (_root, args, ctx) => unwrap(await markNotificationRead(ctx.db, ctx.actor, String(args.id))),
  }),
}));

builder.subscriptionFields((t) => ({
  notificationReceived: t.field({
    type: NotificationRef,
    description: 'Terminal notifications for runs the caller initiated.',
    subscribe: (_root, _args, ctx) => ctx.events.notifications(ctx.actor.userId),
    resolve: (notification) => notification,
  }),
}));
