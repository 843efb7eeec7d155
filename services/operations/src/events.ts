/**
 * Live streams for subscriptions, over the kit's Redis fan-out (one subscriber connection per
 * process). The channel per tenant (or per user) is the isolation boundary: a subscription only
 * ever listens on the channel of the tenant it was authorized for, and the filter re-checks the
 * tenant of every event, so an event of another tenant cannot reach it even if one were
 * published on the wrong channel.
 */
import {
  notificationChannel,
  notificationEventSchema,
  runEventChannel,
  runEventSchema,
  runWorkspaceEventChannel,
} from '@msp/gate';
import type { Fanout, Listener } from '@msp/subgraph-kit';
import { AccessLost } from './access';
import { mergeListeners } from './merge';
import type { NotificationModel, RunUpdateModel } from './model';
import type { StreamScope } from './service/runs';

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
    kind: event.kind,
    title: event.title,
    body: event.body,
    createdAt: new Date(event.createdAt),
    readAt: null,
  };
}

export interface LiveEvents {
  /**
   * Changes of runs in a scope (one tenant: its channel; a workspace or tenant list: the channel
   * of each workspace, filtered by the scope's tenants), optionally one run, optionally filtered.
   * Resolves once listening. The stream ends with an AccessLost item when a re-check finds the
   * subscriber no longer allowed.
   */
  runUpdates(scope: StreamScope): Promise<Listener<RunUpdateModel | AccessLost>>;
  /** Notifications written for one user. Resolves once listening. */
  notifications(userId: string): Promise<Listener<NotificationModel>>;
  fanout: Fanout;
}

export function createLiveEvents(fanout: Fanout): LiveEvents {
  return {
    fanout,
    async runUpdates(scope) {
      const { tenants, runId, matches } = scope;
      // The scope's set is read per event: a tenant the caller loses stops passing at once.
      const keep = (u: RunUpdateModel | AccessLost) =>
        !(u instanceof AccessLost) &&
        tenants.has(u.run.tenantId) &&
        (!runId || u.run.id === runId) &&
        (!matches || matches(u.run));
      const channels =
        scope.kind === 'tenant' ? [...tenants].map(runEventChannel) : scope.workspaceIds.map(runWorkspaceEventChannel);
      const listeners = await Promise.all(
        channels.map((channel) => fanout.listen<RunUpdateModel | AccessLost>(channel, decodeRunEvent, keep)),
      );
      return listeners.length === 1 ? listeners[0]! : mergeListeners(listeners);
    },
    notifications(userId) {
      return fanout.listen(notificationChannel(userId), decodeNotificationEvent, (n) => n.userId === userId);
    },
  };
}
