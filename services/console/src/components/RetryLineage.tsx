import { Link } from 'react-router';
import { formatDateTime } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { runPath } from '../links';
import { RunStatusBadge } from './RunStatusBadge';

export const RetryLineage_OperationRunFragment = graphql(`
  fragment RetryLineage_OperationRunFragment on OperationRun {
    retryOf {
      id
      createdAt
      ...RunStatusBadge_OperationRunFragment
    }
    retries {
      id
      createdAt
      ...RunStatusBadge_OperationRunFragment
    }
  }
`);

/** The run this one retries, and the retries started from it. */
export function RetryLineage(props: { run: FragmentType<typeof RetryLineage_OperationRunFragment> }) {
  const run = useFragment(RetryLineage_OperationRunFragment, props.run);
  if (!run.retryOf && run.retries.length === 0) return <p className="muted">A first start; not retried.</p>;
  return (
    <ul className="lineage">
      {run.retryOf ? (
        <li>
          Retries <Link to={runPath(run.retryOf.id)}>the run of {formatDateTime(run.retryOf.createdAt)}</Link>{' '}
          <RunStatusBadge run={run.retryOf} />
        </li>
      ) : null}
      {run.retries.map((retry) => (
        <li key={retry.id}>
          Retried by <Link to={runPath(retry.id)}>the run of {formatDateTime(retry.createdAt)}</Link>{' '}
          <RunStatusBadge run={retry} />
        </li>
      ))}
    </ul>
  );
}
