import { memo } from 'react';
import { Link } from 'react-router';
import { formatDateTime, humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { runPath } from '../links';
import { RunStatusBadge } from './RunStatusBadge';

export const OperationRow_OperationRunFragment = graphql(`
  fragment OperationRow_OperationRunFragment on OperationRun {
    id
    operationType
    createdAt
    tenant {
      id
      name
    }
    initiatedBy {
      id
      displayName
      email
    }
    providerConnection {
      id
      displayName
    }
    message {
      headline
    }
    ...RunStatusBadge_OperationRunFragment
  }
`);

/** One run in the Monitoring list: a link to its detail page, and its status, live. */
export const OperationRow = memo(function OperationRow(props: {
  run: FragmentType<typeof OperationRow_OperationRunFragment>;
}) {
  const run = useFragment(OperationRow_OperationRunFragment, props.run);
  return (
    <tr data-run-id={run.id}>
      <td>
        <RunStatusBadge run={run} />
      </td>
      <td>
        <Link to={runPath(run.id)}>{humanize(run.operationType)}</Link>
        <div className="row-headline">{run.message.headline}</div>
      </td>
      <td>{run.tenant.name}</td>
      <td>{run.providerConnection?.displayName ?? '—'}</td>
      <td>{run.initiatedBy ? (run.initiatedBy.displayName ?? run.initiatedBy.email) : 'System'}</td>
      <td>
        <time dateTime={run.createdAt}>{formatDateTime(run.createdAt)}</time>
      </td>
    </tr>
  );
});
