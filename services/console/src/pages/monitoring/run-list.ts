/**
 * The Monitoring list's state lives in the URL (`/monitoring/operations?status=RUNNING&tenant=…`):
 * a filtered, paged list is a link one can share, reload or open in a new tab. Values are the
 * API's enum values and ids, passed through as they are.
 */
import type {
  OperationRunFilter,
  ProblemClass,
  ProviderOperationType,
  ReasonCode,
  RunOutcome,
  RunStatus,
} from '../../gql/graphql';

export interface RunListParams {
  tenant: string | null;
  status: string | null;
  outcome: string | null;
  type: string | null;
  connection: string | null;
  initiator: string | null;
  problem: string | null;
  reason: string | null;
  /** ISO instants (the time-range inputs show them in local time). */
  from: string | null;
  to: string | null;
  /** Keyset paging: the cursor of the page's neighbour. */
  after: string | null;
  before: string | null;
  first: number;
}

/** The filters (every key but paging), in the order the form shows them. */
export const FILTER_KEYS = [
  'status',
  'outcome',
  'type',
  'tenant',
  'connection',
  'initiator',
  'problem',
  'reason',
  'from',
  'to',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/**
 * 50 rows a page unless `?first=` says otherwise (the API takes 1 to 200).
 * @defaultValue 50
 */
export const DEFAULT_PAGE_SIZE = 50;

export function parseRunList(params: URLSearchParams): RunListParams {
  const first = Number(params.get('first'));
  return {
    tenant: params.get('tenant'),
    status: params.get('status'),
    outcome: params.get('outcome'),
    type: params.get('type'),
    connection: params.get('connection'),
    initiator: params.get('initiator'),
    problem: params.get('problem'),
    reason: params.get('reason'),
    from: params.get('from'),
    to: params.get('to'),
    after: params.get('after'),
    before: params.get('before'),
    first: Number.isInteger(first) && first >= 1 && first <= 200 ? first : DEFAULT_PAGE_SIZE,
  };
}

/** The URL search of a list state; empty values are left out, paging only when set. */
export function runListSearch(list: RunListParams): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = list[key];
    if (value) params.set(key, value);
  }
  if (list.first !== DEFAULT_PAGE_SIZE) params.set('first', String(list.first));
  if (list.after) params.set('after', list.after);
  if (list.before) params.set('before', list.before);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The same filters on the first page (a changed filter starts from the newest run). */
export function withFilter(list: RunListParams, key: FilterKey, value: string | null): RunListParams {
  return { ...list, [key]: value || null, after: null, before: null };
}

export function hasFilter(list: RunListParams): boolean {
  return FILTER_KEYS.some((key) => list[key]);
}

/** A time-range bound of the URL as the API's DateTime, or nothing when it is not a date. */
function instant(value: string | null): string | undefined {
  if (!value) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * The API's filter input for these params. The tenant is the list's scope, not a filter; `omit`
 * leaves one filter out (the counts per status are read with every filter but the status).
 */
export function runFilter(list: RunListParams, omit?: 'status'): OperationRunFilter {
  const filter: OperationRunFilter = {};
  if (list.status && omit !== 'status') filter.status = [list.status as RunStatus];
  if (list.outcome) filter.outcome = [list.outcome as RunOutcome];
  if (list.type) filter.operationType = [list.type as ProviderOperationType];
  if (list.connection) filter.providerConnectionId = list.connection;
  if (list.initiator) filter.initiatedBy = list.initiator;
  if (list.problem) filter.problemClass = [list.problem as ProblemClass];
  if (list.reason) filter.reasonCode = [list.reason as ReasonCode];
  const after = instant(list.from);
  const before = instant(list.to);
  if (after) filter.createdAfter = after;
  if (before) filter.createdBefore = before;
  return filter;
}

/** Keyset paging: `first`/`after` towards older runs, `last`/`before` towards newer ones. */
export function runPaging(list: RunListParams): { first?: number; after?: string; last?: number; before?: string } {
  if (list.before) return { last: list.first, before: list.before };
  return list.after ? { first: list.first, after: list.after } : { first: list.first };
}

/** The first page (no cursor): the one where runs that appear live are added. */
export function isFirstPage(list: RunListParams): boolean {
  return !list.after && !list.before;
}

/** What a run on the list is matched on, for a run that appears while the list is open. */
export interface ListedRun {
  status: string;
  outcome: string;
  operationType: string;
  createdAt: string;
  tenant: { id: string };
  providerConnection?: { id: string } | null;
  initiatedBy?: { id: string } | null;
  reason?: { code: string; problemClass: string } | null;
}

/**
 * Whether a run that appeared live belongs on this list (the list was read with the same filter
 * by the API; a new run is matched here so that it shows up without a reload).
 */
export function matchesList(list: RunListParams, run: ListedRun): boolean {
  if (list.tenant && run.tenant.id !== list.tenant) return false;
  if (list.status && run.status !== list.status) return false;
  if (list.outcome && run.outcome !== list.outcome) return false;
  if (list.type && run.operationType !== list.type) return false;
  if (list.connection && run.providerConnection?.id !== list.connection) return false;
  if (list.initiator && run.initiatedBy?.id !== list.initiator) return false;
  if (list.problem && run.reason?.problemClass !== list.problem) return false;
  if (list.reason && run.reason?.code !== list.reason) return false;
  const after = instant(list.from);
  const before = instant(list.to);
  if (after && Date.parse(run.createdAt) < Date.parse(after)) return false;
  if (before && Date.parse(run.createdAt) >= Date.parse(before)) return false;
  return true;
}
