/** Notification: terminal-run notices for the run's initiator, read, marked read and received live. */
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { NotificationModel } from '../model';
import { listNotifications, MAX_NOTIFICATIONS, markNotificationRead } from '../service/notifications';
import { OperationRunRef } from './operation-run';

export const NotificationRef = builder.objectRef<NotificationModel>('Notification').implement({
  description: 'A notice to the person who started a run, written once when the run completes.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The notification id.' }),
    run: t.field({
      type: OperationRunRef,
      description: 'The run it is about.',
      resolve: async (notification, _args, ctx) => unwrap(await ctx.loaders.run.load(notification.runId)),
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

builder.queryFields((t) => ({
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
