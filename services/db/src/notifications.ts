/**
 * Notifications are written through `recordNotification`, inside the transaction of what they
 * report, so that both commit or neither does. Each names a run and a kind; a second one for the
 * same run, recipient and kind is dropped (the unique index), so retries and replicas never
 * notify twice. Publishing the written row to the recipient's live stream (`notificationReceived`)
 * is `publishNotification` in @msp/gate, after the commit.
 */

import type { DbOrTx } from './client';
import type { NotificationRow } from './rows';
import { notifications } from './schema';
import type { NotificationKind } from './vocabulary';

export interface NotificationInput {
  userId: string;
  runId: string;
  /** @defaultValue 'RUN_COMPLETED' */
  kind?: NotificationKind;
  title: string;
  body: string;
}

/** Inserts the notifications; returns those written (not those already there). */
export async function recordNotifications(db: DbOrTx, inputs: NotificationInput[]): Promise<NotificationRow[]> {
  if (inputs.length === 0) return [];
  return db
    .insert(notifications)
    .values(inputs.map((n) => ({ ...n, kind: n.kind ?? 'RUN_COMPLETED' })))
    .onConflictDoNothing({ target: [notifications.runId, notifications.userId, notifications.kind] })
    .returning();
}
