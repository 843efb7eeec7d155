import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { useRefetchOnReconnect, useRereadAfterSubscribing } from '../../app/context';
import { OperationRow } from '../../components/OperationRow';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import {
  type OperationsLiveSubscription,
  type OperationsQuery as OperationsResult,
  ProblemClass,
  ProviderOperationType,
  ReasonCode,
  RunOutcome,
  RunStatus,
} from '../../gql/graphql';
import { errorText, isNotFound } from '../../graphql/errors';
import { fleetScope, MAX_SCOPE_TENANTS } from './fleet-scope';
import {
  type FilterKey,
  hasFilter,
  isFirstPage,
  matchesList,
  parseRunList,
  type RunListParams,
  runFilter,
  runListSearch,
  runPaging,
  withFilter,
} from './run-list';
import { StatusCounts } from './StatusCounts';

const OperationsScopeQuery = graphql(`
  query OperationsScope {
    me {
      id
    }
    myTenants {
      id
      name
      workspace {
        id
      }
    }
    workspaces {
      id
    }
  }
`);

const OperationsConnectionsQuery = graphql(`
  query OperationsConnections($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      providerConnections(first: 200) {
        id
        displayName
      }
    }
  }
`);

const OperationsConnectionQuery = graphql(`
  query OperationsConnection($id: ID!) {
    providerConnection(id: $id) {
      id
      displayName
      tenant {
        id
        name
      }
    }
  }
`);

const OperationsQuery = graphql(`
  query Operations(
    $tenantId: ID
    $workspaceId: ID
    $tenantIds: [ID!]
    $filter: OperationRunFilter
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    operationRuns(
      tenantId: $tenantId
      workspaceId: $workspaceId
      tenantIds: $tenantIds
      filter: $filter
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      edges {
        node {
          id
          createdAt
          initiatedBy {
            id
            displayName
            email
          }
          ...OperationRow_OperationRunFragment
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

const OperationsLive = graphql(`
  subscription OperationsLive($tenantId: ID, $workspaceId: ID, $tenantIds: [ID!]) {
    operationRunUpdated(tenantId: $tenantId, workspaceId: $workspaceId, tenantIds: $tenantIds) {
      previousStatus
      run {
        id
        status
        outcome
        operationType
        createdAt
        tenant {
          id
        }
        providerConnection {
          id
        }
        initiatedBy {
          id
          displayName
          email
        }
        reason {
          code
          problemClass
        }
        ...OperationRow_OperationRunFragment
      }
    }
  }
`);

type LiveRun = OperationsLiveSubscription['operationRunUpdated']['run'];
type ListedNode = OperationsResult['operationRuns']['edges'][number]['node'];

/** What the live stream of one scope left: the latest state of each run it named. */
interface LiveRuns {
  /** The scope these events are of (a new scope starts over). */
  scope: string;
  /** Newest event first, one entry per run, at most KEEP_LIVE_RUNS. */
  runs: LiveRun[];
  /** When each of them was received (performance.now()). */
  receivedAt: Record<string, number>;
  /** Events that created a run or changed its status (the counts per status follow them). */
  statusChanges: number;
  /** Events received. */
  events: number;
}

/** How many runs heard live are kept for the first page (a page holds at most 200). */
const KEEP_LIVE_RUNS = 400;

/**
 * Folds each event of the scope's stream into the state (urql calls this for every event, in
 * order, so none is lost to React batching). The run's fragment data is the event's: graphcache
 * also updates the run wherever it is shown.
 */
const liveCollector =
  (scope: string) =>
  (prev: LiveRuns | undefined, data: OperationsLiveSubscription): LiveRuns => {
    const { run, previousStatus } = data.operationRunUpdated;
    const same = prev?.scope === scope ? prev : undefined;
    const runs = [run, ...(same?.runs ?? []).filter((r) => r.id !== run.id)].slice(0, KEEP_LIVE_RUNS);
    const receivedAt: Record<string, number> = {};
    for (const r of runs) receivedAt[r.id] = same?.receivedAt[r.id] ?? 0;
    receivedAt[run.id] = performance.now();
    const statusChanges = (same?.statusChanges ?? 0) + (previousStatus === run.status ? 0 : 1);
    return { scope, runs, receivedAt, statusChanges, events: (same?.events ?? 0) + 1 };
  };

/** The catch-up read after a stream's first event: at a lull this long, or this long after it at the latest. */
const CATCH_UP_QUIET_MS = 1000;
const CATCH_UP_LATEST_MS = 30_000;

/** The counts per status are read again at most this often while runs change. */
const COUNTS_EVERY_MS = 5000;

const listLink = (list: RunListParams) => ({ pathname: '/monitoring/operations', search: runListSearch(list) });

interface Option {
  value: string;
  label: string;
}

/** The API's enum values as options (the generated constants: no list of the console's own). */
const enumOptions = (values: Record<string, string>): Option[] =>
  Object.values(values).map((value) => ({ value, label: humanize(value) }));

const STATUS_OPTIONS = enumOptions(RunStatus);
const OUTCOME_OPTIONS = enumOptions(RunOutcome);
const TYPE_OPTIONS = enumOptions(ProviderOperationType);
const PROBLEM_OPTIONS = enumOptions(ProblemClass);
const REASON_OPTIONS = enumOptions(ReasonCode);

function Filter(props: {
  id: FilterKey;
  label: string;
  value: string | null;
  options: Option[];
  any: string;
  disabled?: boolean;
  onChange: (key: FilterKey, value: string | null) => void;
}) {
  return (
    <div className="filter">
      <label htmlFor={`filter-${props.id}`}>{props.label}</label>
      <select
        id={`filter-${props.id}`}
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(e) => props.onChange(props.id, e.target.value || null)}
      >
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant of the URL as a `datetime-local` value (the viewer's time zone). */
function localInput(iso: string | null): string {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return '';
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function TimeFilter(props: {
  id: 'from' | 'to';
  label: string;
  value: string | null;
  onChange: (key: FilterKey, value: string | null) => void;
}) {
  return (
    <div className="filter">
      <label htmlFor={`filter-${props.id}`}>{props.label}</label>
      <input
        id={`filter-${props.id}`}
        type="datetime-local"
        value={localInput(props.value)}
        onChange={(e) => {
          const at = e.target.value ? new Date(e.target.value) : null;
          props.onChange(props.id, at && !Number.isNaN(at.getTime()) ? at.toISOString() : null);
        }}
      />
    </div>
  );
}

const personName = (p: { id: string; displayName?: string | null; email?: string | null }) =>
  p.displayName ?? p.email ?? p.id;

/**
 * `/monitoring/operations`: every run of every tenant the user is a member of (or of the tenant
 * picked), newest first, filtered and paged by the URL, with the runs per status. Live: a run
 * created while the first page is open (a blocked attempt too) takes its place on it when the
 * filters match, and every row follows its run (graphcache updates the run each event carries,
 * wherever it is shown).
 */
export function OperationsPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const list = useMemo(() => parseRunList(params), [params]);
  const go = (next: RunListParams) => navigate({ search: runListSearch(next) });
  const onFilter = (key: FilterKey, value: string | null) => go(withFilter(list, key, value));

  const [{ data: scopeData, error: scopeError, fetching: scopeFetching }, rereadScope] = useQuery({
    query: OperationsScopeQuery,
  });
  const tenants = scopeData?.myTenants ?? [];
  const scope = useMemo(
    () =>
      scopeData
        ? fleetScope(
            scopeData.myTenants,
            scopeData.workspaces.map((w) => w.id),
            list.tenant,
          )
        : null,
    [scopeData, list.tenant],
  );
  const scopeVariables = scope && scope.kind !== 'none' ? scope.variables : null;

  const [{ data: connectionsData }] = useQuery({
    query: OperationsConnectionsQuery,
    variables: { tenantId: list.tenant ?? '' },
    pause: !list.tenant,
  });
  const connections = connectionsData?.tenant?.providerConnections ?? [];
  // A connection in the URL that is not one of the picked tenant's (no tenant picked, or deleted).
  const connectionMissing = Boolean(list.connection && !connections.some((c) => c.id === list.connection));
  const [{ data: connectionData }] = useQuery({
    query: OperationsConnectionQuery,
    variables: { id: list.connection ?? '' },
    pause: !connectionMissing,
  });

  const filter = useMemo(() => runFilter(list), [list]);
  const countFilter = useMemo(() => runFilter(list, 'status'), [list]);
  // cache-and-network: back on the list (from a run's page), runs created meanwhile are read too.
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OperationsQuery,
    variables: { ...scopeVariables, filter, ...runPaging(list) },
    pause: !scopeVariables,
    requestPolicy: 'cache-and-network',
  });
  // When the list was last asked for: a run heard live after that is at least as new as the read.
  const variablesKey = JSON.stringify([scopeVariables, filter, runPaging(list)]);
  const [readAt, setReadAt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new read is asked for whenever the variables change
  useEffect(() => setReadAt(performance.now()), [variablesKey]);
  const reread = () => {
    setReadAt(performance.now());
    refetch({ requestPolicy: 'network-only' });
  };
  useRefetchOnReconnect(reread);

  // A tenant lost since `myTenants` was read makes a tenant-list read NOT_FOUND: read the scope again (once per error).
  const scopeRetried = useRef<unknown>(null);
  useEffect(() => {
    if (error && isNotFound(error) && scope?.kind === 'tenants' && scopeRetried.current !== error) {
      scopeRetried.current = error;
      rereadScope({ requestPolicy: 'network-only' });
    }
  }, [error, scope, rereadScope]);

  const scopeKey = scopeVariables ? JSON.stringify(scopeVariables) : null;
  const collectLive = useMemo(() => liveCollector(scopeKey ?? ''), [scopeKey]);
  const [live] = useSubscription(
    { query: OperationsLive, variables: scopeVariables ?? {}, pause: !scopeVariables },
    collectLive,
  );
  const liveRuns = live.data?.scope === scopeKey ? live.data : undefined;
  // A run that changed before the stream listened (a subscription is not acknowledged) is read
  // again: after 1 s and 5 s while nothing was heard; and once the first event has proved that the
  // stream listens (earlier changes of other runs are not repeated by it, unlike on a run's page),
  // at the first lull of CATCH_UP_QUIET_MS without events, CATCH_UP_LATEST_MS at the latest: a
  // whole page read while runs stream in would hold up their events on a busy gateway.
  useRereadAfterSubscribing(scopeKey, Boolean(liveRuns), reread);
  const caughtUp = useRef<string | null>(null);
  const catchUpDeadline = useRef(0);
  const events = liveRuns?.events ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each event of the scope pushes the lull back
  useEffect(() => {
    if (!events || !scopeKey || caughtUp.current === scopeKey) return;
    if (events === 1) catchUpDeadline.current = performance.now() + CATCH_UP_LATEST_MS;
    const wait = Math.min(CATCH_UP_QUIET_MS, Math.max(0, catchUpDeadline.current - performance.now()));
    const timer = setTimeout(() => {
      caughtUp.current = scopeKey;
      reread();
    }, wait);
    return () => clearTimeout(timer);
  }, [events, scopeKey]);

  // Counts per status follow the stream, at most once every COUNTS_EVERY_MS.
  const statusChanges = liveRuns?.statusChanges ?? 0;
  const [countsVersion, setCountsVersion] = useState(0);
  const countsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (statusChanges === 0 || countsTimer.current) return;
    countsTimer.current = setTimeout(() => {
      countsTimer.current = null;
      setCountsVersion((v) => v + 1);
    }, COUNTS_EVERY_MS);
  }, [statusChanges]);
  useEffect(
    () => () => {
      if (countsTimer.current) clearTimeout(countsTimer.current);
    },
    [],
  );

  const pageInfo = data?.operationRuns.pageInfo;
  const rows = useMemo(() => {
    const nodes: Array<ListedNode | LiveRun> = data?.operationRuns.edges.map((e) => e.node) ?? [];
    if (!liveRuns || !data) return nodes;
    // A run heard after the list was asked for is shown as heard: a read in flight while it
    // changed can bring back the older state (graphcache keeps the last write), an event cannot.
    const heardById = new Map(liveRuns.runs.map((r) => [r.id, r]));
    const page = nodes.map((node) => {
      const heard = heardById.get(node.id);
      return heard && (liveRuns.receivedAt[node.id] ?? 0) > readAt ? heard : node;
    });
    if (!isFirstPage(list)) return page;
    // Runs heard live that this list would show: newer than its oldest row, or the list is complete.
    const onPage = new Set(page.map((r) => r.id));
    const oldest = page.at(-1)?.createdAt;
    const complete = !pageInfo?.hasNextPage;
    const heard = liveRuns.runs.filter(
      (r) =>
        !onPage.has(r.id) &&
        matchesList(list, r) &&
        (complete || (oldest !== undefined && Date.parse(r.createdAt) >= Date.parse(oldest))),
    );
    if (heard.length === 0) return page;
    // Newest first, as the API orders them (a stable sort keeps the API's order between equal times).
    return [...heard, ...page].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }, [list, liveRuns, data, pageInfo, readAt]);

  // "Started by": the viewer, the people on this page, and whoever the URL names.
  const me = scopeData?.me.id;
  const initiators = useMemo(() => {
    const people = new Map<string, string>();
    if (me) people.set(me, 'Me');
    for (const run of rows)
      if (run.initiatedBy && !people.has(run.initiatedBy.id))
        people.set(run.initiatedBy.id, personName(run.initiatedBy));
    if (list.initiator && !people.has(list.initiator)) people.set(list.initiator, 'The chosen user');
    return [...people].map(([value, label]) => ({ value, label }));
  }, [me, rows, list.initiator]);

  const connectionOptions = connections.map((c) => ({ value: c.id, label: c.displayName }));
  if (list.connection && connectionMissing) {
    const found = connectionData?.providerConnection;
    connectionOptions.push({
      value: list.connection,
      label: found ? `${found.displayName} (${found.tenant.name})` : 'The chosen connection',
    });
  }

  useEffect(() => {
    document.title = 'Monitoring → Operations · MSP console';
  }, []);

  const shownError = error ?? scopeError;
  const caption =
    fetching && !data
      ? 'Loading runs…'
      : `${rows.length} ${rows.length === 1 ? 'run' : 'runs'} on this page, newest first`;

  return (
    <section aria-labelledby="operations-title">
      <div className="page-head">
        <h1 id="operations-title">Operations</h1>
        <span className="muted">
          Monitoring · {list.tenant ? 'one tenant' : 'every tenant you are a member of'} · newest first · live
        </span>
      </div>
      {scopeVariables ? (
        <StatusCounts list={list} scope={scopeVariables} filter={countFilter} version={countsVersion} />
      ) : null}
      <search className="filters" aria-label="Filters">
        <Filter id="status" label="Status" value={list.status} options={STATUS_OPTIONS} any="Any" onChange={onFilter} />
        <Filter
          id="outcome"
          label="Outcome"
          value={list.outcome}
          options={OUTCOME_OPTIONS}
          any="Any"
          onChange={onFilter}
        />
        <Filter id="type" label="Operation" value={list.type} options={TYPE_OPTIONS} any="Any" onChange={onFilter} />
        <Filter
          id="tenant"
          label="Tenant"
          value={list.tenant}
          options={tenants.map((t) => ({ value: t.id, label: t.name }))}
          any="All tenants"
          onChange={(_key, value) => go({ ...withFilter(list, 'tenant', value), connection: null })}
        />
        <Filter
          id="connection"
          label="Connection"
          value={list.connection}
          options={connectionOptions}
          any={list.tenant || list.connection ? 'Any' : 'Pick a tenant first'}
          disabled={!list.tenant && !list.connection}
          onChange={onFilter}
        />
        <Filter
          id="initiator"
          label="Started by"
          value={list.initiator}
          options={initiators}
          any="Anyone"
          onChange={onFilter}
        />
        <Filter
          id="problem"
          label="Problem class"
          value={list.problem}
          options={PROBLEM_OPTIONS}
          any="Any"
          onChange={onFilter}
        />
        <Filter id="reason" label="Reason" value={list.reason} options={REASON_OPTIONS} any="Any" onChange={onFilter} />
        <TimeFilter id="from" label="Created after" value={list.from} onChange={onFilter} />
        <TimeFilter id="to" label="Created before" value={list.to} onChange={onFilter} />
        {hasFilter(list) ? (
          <Link className="button button-quiet button-small" to={listLink(parseRunList(new URLSearchParams()))}>
            Clear filters
          </Link>
        ) : null}
      </search>
      {scope?.kind === 'tenants' && scope.truncated ? (
        <p className="notice">
          You are a member of more than {MAX_SCOPE_TENANTS.toLocaleString('en')} tenants: this list covers the first{' '}
          {MAX_SCOPE_TENANTS.toLocaleString('en')} by name. Pick a tenant to see another one’s runs.
        </p>
      ) : null}
      {shownError ? (
        <p role="alert" className="error">
          {errorText(shownError)}
        </p>
      ) : null}
      {scope?.kind === 'none' && !scopeFetching ? (
        <p className="empty muted">You are not a member of any tenant yet: there are no runs to show.</p>
      ) : null}
      <table className="runs" aria-busy={fetching}>
        <caption className="runs-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Operation</th>
            <th scope="col">Tenant</th>
            <th scope="col">Connection</th>
            <th scope="col">Started by</th>
            <th scope="col">Admitted</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((run) => (
            <OperationRow key={run.id} run={run} />
          ))}
        </tbody>
      </table>
      {data && rows.length === 0 ? <p className="empty muted">No runs match these filters.</p> : null}
      <nav className="pager" aria-label="Pages">
        <span className="button-row">
          {!isFirstPage(list) ? <Link to={listLink({ ...list, after: null, before: null })}>⇤ Newest runs</Link> : null}
          {!isFirstPage(list) && pageInfo?.hasPreviousPage && pageInfo.startCursor ? (
            <Link to={listLink({ ...list, after: null, before: pageInfo.startCursor })}>← Newer runs</Link>
          ) : null}
        </span>
        {pageInfo?.hasNextPage && pageInfo.endCursor ? (
          <Link to={listLink({ ...list, after: pageInfo.endCursor, before: null })}>Older runs →</Link>
        ) : null}
      </nav>
    </section>
  );
}
