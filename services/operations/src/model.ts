/**
 * The shapes behind the GraphQL types. A run read from Postgres and a run rebuilt from a live
 * event snapshot are the same `RunModel`, so every OperationRun field resolves the same way
 * whether it came from a query, an entity reference or a subscription event.
 */
import type { NotificationRow, RunRow } from '@msp/db';
import type { RunEvent } from '@msp/gate';

/** A run row, whether read from Postgres or decoded from a live event (the same shape). */
export type RunModel = RunRow;

/** A change of a run, as the live event carries it (`run` is the row after the change). */
export type RunUpdateModel = RunEvent;

/** A notification row, whether read from Postgres or decoded from a live event. */
export type NotificationModel = NotificationRow;
