import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { OperationRow } from '../../components/OperationRow';
import { graphql } from '../../gql';
import { errorText } from '../../graphql/errors';

const TenantsQuery = graphql(`
  query OperationsTenants {
    workspaces {
      id
      name
      tenants {
        id
        name
      }
    }
  }
`);

const OperationsQuery = graphql(`
  query Operations($tenantId: ID!, $after: String) {
    operationRuns(tenantId: $tenantId, first: 50, after: $after) {
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
        ...OperationRow_OperationRunFragment
      }
    }
  }
`);

/** `/monitoring/operations`: runs, newest first, live. */
export function OperationsPage() {
  const [params, setParams] = useSearchParams();
  const [{ data: tenantsData }] = useQuery({ query: TenantsQuery });
  const tenants = tenantsData?.workspaces.flatMap((w) => w.tenants) ?? [];
  const tenantId = params.get('tenant') ?? tenants[0]?.id ?? '';
  const after = params.get('after');
  const [{ data, error }] = useQuery({
    query: OperationsQuery,
    variables: { tenantId, after },
    pause: !tenantId,
  });
  const [live] = useSubscription({ query: OperationsLive, variables: { tenantId }, pause: !tenantId });
  type Run = NonNullable<typeof live.data>['operationRunUpdated']['run'];
  // Runs created while this page is open, per list (tenant and page).
  const listKey = `${tenantId}|${after ?? ''}`;
  const [arrivedFor, setArrived] = useState<{ key: string; runs: Run[] }>({ key: listKey, runs: [] });
  const arrived = arrivedFor.key === listKey ? arrivedFor.runs : [];
  useEffect(() => {
    const update = live.data?.operationRunUpdated;
    if (update && update.previousStatus === null && !after) {
      setArrived((prev) => {
        const runs = prev.key === listKey ? prev.runs : [];
        return { key: listKey, runs: runs.some((r) => r.id === update.run.id) ? runs : [update.run, ...runs] };
      });
    }
  }, [live.data, after, listKey]);

  const page = data?.operationRuns.edges.map((e) => e.node) ?? [];
  const rows = [...arrived.filter((r) => !page.some((p) => p.id === r.id)), ...page];
  useEffect(() => {
    document.title = 'Monitoring → Operations · MSP console';
  }, []);
  return (
    <section aria-labelledby="operations-title">
      <h1 id="operations-title">Operations</h1>
      <label>
        Tenant{' '}
        <select value={tenantId} onChange={(e) => setParams({ tenant: e.target.value })}>
          {tenants.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
      <table className="runs">
        <caption className="visually-hidden">Runs, newest first</caption>
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
    </section>
  );
}
