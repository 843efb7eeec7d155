import { type Database, schema } from '@msp/db';
import type { Links, Result, TenantRole } from '@msp/gate';
import { type BaseContext, type BaseContextOptions, baseContext, batchLoader } from '@msp/subgraph-kit';
import type DataLoader from 'dataloader';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AccessWatch } from './access';
import type { LiveEvents } from './events';
import type { RunModel } from './model';
import type { RunControl } from './service/control';
import { loadRuns, runColumns } from './service/runs';
import {
  DEFAULT_MIN_INTERVAL_SECONDS,
  type FiringModel,
  lastFiringsOf,
  loadSchedules,
  type ScheduleModel,
  type ScheduleSettings,
} from './service/schedules';
import { type EventRow, loadEventRows } from './service/timeline';

export interface OperationsLoaders {
  /** Runs by id for the caller, authorized, batched into one query per tick. */
  run: DataLoader<string, Result<RunModel>>;
  /** The event rows of runs the caller already loaded (authorized with the run), oldest first. */
  runEvents: DataLoader<string, EventRow[]>;
  /** The retries of runs the caller already loaded (same tenant, so the same membership), oldest first. */
  retries: DataLoader<string, RunModel[]>;
  /** The caller's role on tenants (null: not a member), for `viewerCan…`. */
  tenantRole: DataLoader<string, TenantRole | null>;
  /** Schedules by id for the caller, authorized (schedules.view), batched. */
  schedule: DataLoader<string, Result<ScheduleModel>>;
  /** The last firing of schedules the caller already loaded (null: none yet), one query per tick. */
  lastFiring: DataLoader<string, FiringModel | null>;
}

export interface OperationsContext extends BaseContext {
  links: Links;
  events: LiveEvents;
  access: AccessWatch;
  loaders: OperationsLoaders;
  /** Cancel and retry (the run lifecycle, the queue and the gate behind them). */
  control: RunControl;
  /** What schedules may be created: the shortest interval. */
  scheduleSettings: ScheduleSettings;
}

export interface OperationsContextOptions extends BaseContextOptions {
  links: Links;
  events: LiveEvents;
  access: AccessWatch;
  control: RunControl;
  /** @defaultValue `{ minIntervalSeconds: DEFAULT_MIN_INTERVAL_SECONDS }` (300) */
  scheduleSettings?: ScheduleSettings;
  /**
   * Cache loaded runs for the life of the context. True for an HTTP request; false for a
   * graphql-ws subscription, whose context lives as long as the subscription and must not
   * serve stale runs.
   * @defaultValue true
   */
  cache?: boolean;
}

export function createOperationsContext(options: OperationsContextOptions): OperationsContext {
  const { actor, db } = options;
  return {
    ...baseContext(options),
    links: options.links,
    events: options.events,
    access: options.access,
    control: options.control,
    scheduleSettings: options.scheduleSettings ?? { minIntervalSeconds: DEFAULT_MIN_INTERVAL_SECONDS },
    loaders: {
      run: batchLoader((ids) => loadRuns(db, actor, ids), { cache: options.cache }),
      runEvents: batchLoader((ids) => loadEventRows(db, ids), { cache: options.cache }),
      retries: batchLoader((ids) => loadRetries(db, ids), { cache: options.cache }),
      tenantRole: batchLoader((ids) => loadRoles(db, actor.userId, ids), { cache: options.cache }),
      schedule: batchLoader((ids) => loadSchedules(db, actor, ids), { cache: options.cache }),
      lastFiring: batchLoader((ids) => lastFiringsOf(db, ids), { cache: options.cache }),
    },
  };
}

async function loadRetries(db: Database, ids: readonly string[]): Promise<RunModel[][]> {
  const r = schema.operationRuns;
  const rows = await db
    .select(runColumns)
    .from(r)
    .where(inArray(r.retryOf, [...ids]))
    .orderBy(asc(r.createdAt), asc(r.id));
  return ids.map((id) => rows.filter((row) => row.retryOf === id));
}

async function loadRoles(
  db: Database,
  userId: string,
  tenantIds: readonly string[],
): Promise<Array<TenantRole | null>> {
  const m = schema.tenantMembers;
  const rows = await db
    .select({ tenantId: m.tenantId, role: m.role })
    .from(m)
    .where(and(eq(m.userId, userId), inArray(m.tenantId, [...tenantIds])));
  const byTenant = new Map(rows.map((row) => [row.tenantId, row.role]));
  return tenantIds.map((id) => byTenant.get(id) ?? null);
}
