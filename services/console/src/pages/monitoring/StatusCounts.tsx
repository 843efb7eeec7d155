import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useRefetchOnReconnect } from '../../app/context';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import { type OperationRunFilter, RunStatus } from '../../gql/graphql';
import type { RunScopeVariables } from './fleet-scope';
import { type RunListParams, runListSearch, withFilter } from './run-list';

// `last: 1`: the count is of the whole list whatever the page, so the page is the smallest; and
// not `first: 1`, whose cache entry (graphcache keys a field by its arguments) a list shown one
// run a page (`?first=1`) would share and then read without its rows.
const StatusCountQuery = graphql(`
  query OperationsStatusCount($tenantId: ID, $workspaceId: ID, $tenantIds: [ID!], $filter: OperationRunFilter) {
    operationRuns(tenantId: $tenantId, workspaceId: $workspaceId, tenantIds: $tenantIds, filter: $filter, last: 1) {
      totalCount
      totalCountIsLowerBound
    }
  }
`);

const numbers = new Intl.NumberFormat('en');

/** The API's count as a person reads it: "1,000+" when it is the cap, not the number. */
export function formatCount(count: { totalCount: number; totalCountIsLowerBound: boolean }): string {
  return `${numbers.format(count.totalCount)}${count.totalCountIsLowerBound ? '+' : ''}`;
}

function StatusCount(props: {
  label: string;
  status: string | null;
  list: RunListParams;
  scope: RunScopeVariables;
  filter: OperationRunFilter;
  version: number;
}) {
  const filter = props.status ? { ...props.filter, status: [props.status as RunStatus] } : props.filter;
  const [{ data, error }, refetch] = useQuery({
    query: StatusCountQuery,
    variables: { ...props.scope, filter },
    requestPolicy: 'cache-and-network',
  });
  useRefetchOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  // Runs came or changed status: read the count again (the page throttles `version`).
  const seen = useRef(props.version);
  useEffect(() => {
    if (props.version === seen.current) return;
    seen.current = props.version;
    refetch({ requestPolicy: 'network-only' });
  }, [props.version, refetch]);
  const count = data?.operationRuns;
  const active = props.list.status === props.status;
  return (
    <li>
      <Link
        to={{
          pathname: '/monitoring/operations',
          search: runListSearch(withFilter(props.list, 'status', props.status)),
        }}
        aria-current={active ? 'page' : undefined}
        data-count-status={props.status ?? 'ALL'}
      >
        <span>{props.label}</span>
        <span className="status-count">{count ? formatCount(count) : error ? '?' : '…'}</span>
      </Link>
    </li>
  );
}

/**
 * Runs per status for the list's scope and filters (every filter but the status itself), from
 * the API's `totalCount`: exact up to its cap, "1,000+" beyond. Each count is a link that filters
 * the list by that status. The statuses are the API's (the generated enum), not a list of ours.
 */
export function StatusCounts(props: {
  list: RunListParams;
  scope: RunScopeVariables;
  filter: OperationRunFilter;
  version: number;
}) {
  return (
    <nav className="status-counts" aria-label="Runs per status">
      <ul>
        <StatusCount label="All statuses" status={null} {...props} />
        {Object.values(RunStatus).map((status) => (
          <StatusCount key={status} label={humanize(status)} status={status} {...props} />
        ))}
      </ul>
    </nav>
  );
}
