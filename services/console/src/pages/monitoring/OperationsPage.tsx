import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { useRefetchOnReconnect } from '../../app/context';
import { OperationRow } from '../../components/OperationRow';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import { ProviderOperationType, RunOutcome, RunStatus } from '../../gql/graphql';
import { errorText } from '../../graphql/errors';
import {
  type FilterKey,
  hasFilter,
  matchesList,
  parseRunList,
  type RunListParams,
  runFilter,
  runListSearch,
  withFilter,
} from './run-list';

const OperationsScopeQuery = graphql(`
  query OperationsScope {
    myTenants {
      id
      name
    }
  }
`);

const OperationsConnectionsQuery = graphql(`
  query OperationsConnections($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      providerConnections {
        id
        displayName
      }
    }
  }
`);

const OperationsQuery = graphql(`
  query Operations($tenantId: ID!, $filter: OperationRunFilter, $first: Int, $after: String) {
    operationRuns(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          ...OperationRow_OperationRunFragment
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const OperationsLive = graphql(`
  subscription OperationsLive($tenantId: ID!) {
    operationRunUpdated(tenantId: $tenantId) {
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
        }
        ...OperationRow_OperationRunFragment
      }
    }
  }
`);

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

function Filter(props: {
  id: FilterKey;
  label: string;
  value: string | null;
  options: Option[];
  any?: string;
  onChange: (key: FilterKey, value: string | null) => void;
}) {
  return (
    <div className="filter">
      <label htmlFor={`filter-${props.id}`}>{props.label}</label>
      <select
        id={`filter-${props.id}`}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(props.id, e.target.value || null)}
      >
        {props.any !== undefined ? <option value="">{props.any}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * `/monitoring/operations`: runs, newest first, filtered and paged by the URL, live: a run
 * started while the list is open appears at the top of its first page, and every row follows its
 * run's status (graphcache updates the run each event carries, wherever it is shown).
 */
export function OperationsPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const list = useMemo(() => parseRunList(params), [params]);
  const go = (next: RunListParams) => navigate({ search: runListSearch(next) });
  const onFilter = (key: FilterKey, value: string | null) => go(withFilter(list, key, value));

  const [{ data: scopeData, error: scopeError }] = useQuery({ query: OperationsScopeQuery });
  const tenants = scopeData?.myTenants ?? [];
  const tenantId = list.tenant ?? tenants[0]?.id ?? '';
  const [{ data: connectionsData }] = useQuery({
    query: OperationsConnectionsQuery,
    variables: { tenantId },
    pause: !tenantId,
  });
  const connections = connectionsData?.tenant?.providerConnections ?? [];

  const variables = { tenantId, filter: runFilter(list), first: list.first, after: list.after };
  const [{ data, error, fetching }, refetch] = useQuery({ query: OperationsQuery, variables, pause: !tenantId });
  useRefetchOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  const [live] = useSubscription({ query: OperationsLive, variables: { tenantId }, pause: !tenantId });

  type Run = NonNullable<typeof live.data>['operationRunUpdated']['run'];
  // Runs that appeared while this list is open, per list (scope, filters and page).
  const listKey = `${tenantId}|${runListSearch(list)}`;
  const [arrivedFor, setArrived] = useState<{ key: string; runs: Run[] }>({ key: listKey, runs: [] });
  const arrived = arrivedFor.key === listKey ? arrivedFor.runs : [];
  useEffect(() => {
    const update = live.data?.operationRunUpdated;
    if (!update || update.previousStatus !== null || list.after || list.before) return;
    if (!matchesList({ ...list, tenant: tenantId }, update.run)) return;
    setArrived((prev) => {
      const runs = prev.key === listKey ? prev.runs : [];
      return { key: listKey, runs: runs.some((r) => r.id === update.run.id) ? runs : [update.run, ...runs] };
    });
  }, [live.data, list, listKey, tenantId]);

  const page = data?.operationRuns.edges.map((e) => e.node) ?? [];
  const rows = [...arrived.filter((r) => !page.some((p) => p.id === r.id)), ...page];
  const pageInfo = data?.operationRuns.pageInfo;
  useEffect(() => {
    document.title = 'Monitoring → Operations · MSP console';
  }, []);

  return (
    <section aria-labelledby="operations-title">
      <div className="page-head">
        <h1 id="operations-title">Operations</h1>
        <span className="muted">Monitoring · newest first · live</span>
      </div>
      <search className="filters" aria-label="Filters">
        <Filter
          id="tenant"
          label="Tenant"
          value={tenantId}
          options={tenants.map((t) => ({ value: t.id, label: t.name }))}
          onChange={(_key, value) => go({ ...withFilter(list, 'tenant', value), connection: null })}
        />
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
          id="connection"
          label="Connection"
          value={list.connection}
          options={connections.map((c) => ({ value: c.id, label: c.displayName }))}
          any="Any"
          onChange={onFilter}
        />
        {hasFilter(list) ? (
          <Link
            className="button button-quiet button-small"
            to={listLink({ ...parseRunList(new URLSearchParams()), tenant: list.tenant })}
          >
            Clear filters
          </Link>
        ) : null}
      </search>
      {error || scopeError ? (
        <p role="alert" className="error">
          {errorText((error ?? scopeError)!)}
        </p>
      ) : null}
      <table className="runs" aria-busy={fetching}>
        <caption className="runs-caption">
          {fetching && !data
            ? 'Loading runs…'
            : `${rows.length} ${rows.length === 1 ? 'run' : 'runs'} on this page, newest first`}
        </caption>
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
        {list.after ? <Link to={listLink({ ...list, after: null, before: null })}>← Newest runs</Link> : <span />}
        {pageInfo?.hasNextPage && pageInfo.endCursor ? (
          <Link to={listLink({ ...list, after: pageInfo.endCursor, before: null })}>Older runs →</Link>
        ) : null}
      </nav>
    </section>
  );
}
