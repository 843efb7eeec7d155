/**
 * Live streams for subscriptions, over the kit's Redis fan-out (one subscriber connection per
 * process). The channel per tenant (or per user) is the isolation boundary: a subscription only
 * ever listens on the channel of the tenant it was authorized for, and the filter re-checks the
 * tenant of every event, so an event of another tenant cannot reach it even if one were
 * published on the wrong channel.
 */
import { notificationChannel, notificationEventSchema, runEventChannel, runEventSchema } from '@msp/gate';
import type { Fanout, Listener } from '@msp/subgraph-kit';
import { AccessLost } from './access';
import type { NotificationModel, RunUpdateModel } from './model';

/** Parses a run event once per message (shared by every subscriber of the tenant). */
export function decodeRunEvent(raw: string): RunUpdateModel {
  return runEventSchema.parse(JSON.parse(raw));
}

export function decodeNotificationEvent(raw: string): NotificationModel {
  const event = notificationEventSchema.parse(JSON.parse(raw));
  return {
    id: event.id,
    userId: event.userId,
    runId: event.runId,
    title: event.title,
    body: event.body,
    createdAt: new Date(event.createdAt),
    readAt: null,
  };
}

export interface LiveEvents {
  /**
   * Changes of runs in one tenant (optionally one run). Resolves once listening. The stream ends
   * with an AccessLost item when a re-check finds the subscriber no longer allowed.
   */
  runUpdates(tenantId: string, runId?: string | null): Promise<Listener<RunUpdateModel | AccessLost>>;
  /** Notifications written for one user. Resolves once listening. */
  notifications(userId: string): Promise<Listener<NotificationModel>>;
  fanout: Fanout;
}

export function createLiveEvents(fanout: Fanout): LiveEvents {
  return {
    fanout,
    runUpdates(tenantId, runId) {
      return fanout.listen<RunUpdateModel | AccessLost>(
        runEventChannel(tenantId),
        decodeRunEvent,
        (u) => !(u instanceof AccessLost) && u.run.tenantId === tenantId && (!runId || u.run.id === runId),
      );
    },
    notifications(userId) {
      return fanout.listen(notificationChannel(userId), decodeNotificationEvent, (n) => n.userId === userId);
    },
  };
}
