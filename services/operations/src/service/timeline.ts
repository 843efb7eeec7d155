/**
 * A run's timeline, attempts and outputs, read from the run and its `run_events` (written by the
 * run lifecycle with every transition). The admission itself is the run row (when, by whom, from
 * where), so QUEUED is told from it; everything after is an event row. Loaded for many runs in
 * one query (the context's loader batches a page of runs).
 */
import { type Database, schema } from '@msp/db';
import { OPERATION_LABELS, REASON_CODES, type ReasonCode } from '@msp/gate';
import { asc, inArray } from 'drizzle-orm';
import type { RunModel } from '../model';

export const RUN_EVENT_KINDS = [
  'QUEUED',
  'DISPATCHED',
  'STARTED',
  'PROGRESS',
  'ATTEMPT_FAILED',
  'RETRY_SCHEDULED',
  'CANCEL_REQUESTED',
  'CANCELLED',
  'COMPLETED',
] as const;
export type RunEventKind = (typeof RUN_EVENT_KINDS)[number];

export interface RunEventModel {
  at: Date;
  kind: RunEventKind;
  /** Who caused it, when a person did (the start, a cancellation). */
  actorId: string | null;
  reason: { code: ReasonCode; detail: string | null } | null;
  detail: string | null;
  /** The attempt it belongs to, when it belongs to one. */
  attempt: number | null;
}

export interface RunAttemptModel {
  number: number;
  startedAt: Date;
  endedAt: Date | null;
  /** Why it ended without finishing the run (a retry followed, or the worker died). */
  reason: { code: ReasonCode; detail: string | null } | null;
}

export type EventRow = typeof schema.runEvents.$inferSelect;

/** Every event row of each run, oldest first, in one query. */
export async function loadEventRows(db: Database, runIds: readonly string[]): Promise<EventRow[][]> {
  const e = schema.runEvents;
  const rows =
    runIds.length === 0
      ? []
      : await db
          .select()
          .from(e)
          .where(inArray(e.runId, [...runIds]))
          .orderBy(asc(e.createdAt), asc(e.id));
  const byRun = new Map<string, EventRow[]>();
  for (const row of rows) {
    const list = byRun.get(row.runId) ?? [];
    list.push(row);
    byRun.set(row.runId, list);
  }
  return runIds.map((id) => byRun.get(id) ?? []);
}

const SURFACES: Record<RunModel['initiatedFrom'], string> = {
  TENANT: 'the tenant page',
  PROVIDER_CONNECTION: 'the provider connection',
  DIRECTORY: 'the directory groups page',
  RBAC: 'the RBAC page',
  RESTORE: 'the restore run page',
  ONBOARDING: 'the onboarding wizard',
  MONITORING: 'Monitoring (a retry)',
  SCHEDULE: 'a schedule',
};

const reasonCode = (value: unknown): ReasonCode =>
  (REASON_CODES as readonly string[]).includes(value as string) ? (value as ReasonCode) : 'INTERNAL_ERROR';
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The timeline of one run, oldest first: the admission from the row, then its event rows. */
export function timelineOf(run: RunModel, rows: readonly EventRow[]): RunEventModel[] {
  const label = OPERATION_LABELS[run.operationType];
  if (run.outcome === 'BLOCKED') {
    // A blocked attempt never ran: the gate recorded it completed at the click.
    return [
      {
        at: run.completedAt ?? run.createdAt,
        kind: 'COMPLETED',
        actorId: run.initiatedBy,
        reason: { code: reasonCode(run.reasonCode), detail: run.reasonDetail },
        detail: `${label} was blocked at the start from ${SURFACES[run.initiatedFrom]}; nothing was queued.`,
        attempt: null,
      },
    ];
  }
  const events: RunEventModel[] = [
    {
      at: run.createdAt,
      kind: 'QUEUED',
      actorId: run.initiatedBy,
      reason: null,
      detail: `Admitted from ${SURFACES[run.initiatedFrom]}${run.retryOf ? ', retrying an earlier run' : ''}.`,
      attempt: null,
    },
  ];
  for (const row of rows) {
    const data = row.data ?? {};
    const attempt = int(data.attempt);
    const base = { at: row.createdAt, actorId: row.actorId, reason: null, detail: null, attempt };
    switch (row.type) {
      case 'dispatched':
        events.push({ ...base, kind: 'DISPATCHED', detail: 'Handed to the queue.' });
        break;
      case 'started':
        events.push({ ...base, kind: 'STARTED', detail: `Attempt ${attempt ?? 1} started.` });
        break;
      case 'retried':
        events.push({ ...base, kind: 'STARTED', detail: `Attempt ${attempt ?? '?'} started.` });
        break;
      case 'progress': {
        const total = int(data.total);
        const processed = int(data.processed) ?? 0;
        const failed = int(data.failed) ?? 0;
        events.push({
          ...base,
          kind: 'PROGRESS',
          attempt: null,
          detail: `${processed}${total !== null ? ` of ${total}` : ''} processed${failed > 0 ? `, ${failed} failed` : ''}.`,
        });
        break;
      }
      case 'attempt_failed':
        events.push({
          ...base,
          kind: 'ATTEMPT_FAILED',
          reason: { code: reasonCode(data.reasonCode), detail: text(data.detail) },
          detail: `Attempt ${attempt ?? '?'} failed.`,
        });
        break;
      case 'retry_scheduled': {
        const wait = int(data.retryInMs);
        events.push({
          ...base,
          kind: 'RETRY_SCHEDULED',
          detail: `Attempt ${attempt ?? '?'} scheduled${wait !== null ? ` in ${seconds(wait)}` : ''}.`,
        });
        break;
      }
      case 'cancel_requested':
        events.push({ ...base, kind: 'CANCEL_REQUESTED', attempt: null, detail: text(data.reason) });
        break;
      case 'completed':
        if (row.outcome === 'CANCELLED') {
          events.push({ ...base, kind: 'CANCELLED', attempt: null, detail: text(data.detail) });
        } else {
          const code = text(data.reasonCode);
          events.push({
            ...base,
            kind: 'COMPLETED',
            attempt: null,
            reason: code
              ? { code: reasonCode(code), detail: row.outcome === run.outcome ? run.reasonDetail : null }
              : null,
            detail: `Outcome ${row.outcome ?? run.outcome}.`,
          });
        }
        break;
      default:
        // An event kind this version does not know (written by a newer worker): left out.
        break;
    }
  }
  return events;
}

/** A run's attempts, from its timeline: each STARTED opens one, its failure or the end closes it. */
export function attemptsOf(run: RunModel, timeline: readonly RunEventModel[]): RunAttemptModel[] {
  const attempts: RunAttemptModel[] = [];
  for (const event of timeline) {
    const current = attempts.at(-1);
    if (event.kind === 'STARTED') {
      if (current && !current.endedAt) current.endedAt = event.at;
      attempts.push({ number: event.attempt ?? attempts.length + 1, startedAt: event.at, endedAt: null, reason: null });
    } else if (event.kind === 'ATTEMPT_FAILED' && current && !current.endedAt) {
      current.endedAt = event.at;
      current.reason = event.reason;
    } else if ((event.kind === 'COMPLETED' || event.kind === 'CANCELLED') && current && !current.endedAt) {
      current.endedAt = run.completedAt ?? event.at;
    }
  }
  return attempts;
}

/**
 * What the run reports it did, as named counts: the integer fields of its stored result (a
 * directory sync's `groups`, `pages`, `removed`; a backup's `items`; a restore's `created`,
 * `updated`, `unchanged`, `failed`...).
 */
export function outputCounts(run: RunModel): Array<{ name: string; value: number }> {
  return Object.entries(run.result ?? {})
    .filter((entry): entry is [string, number] => Number.isInteger(entry[1]))
    .map(([name, value]) => ({ name, value }));
}
