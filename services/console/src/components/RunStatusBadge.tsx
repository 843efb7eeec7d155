import { humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';

export const RunStatusBadge_OperationRunFragment = graphql(`
  fragment RunStatusBadge_OperationRunFragment on OperationRun {
    status
    outcome
  }
`);

/**
 * A run's status, and its outcome once it has one, as the API names them. The colour follows
 * the value the API sent (a CSS class per value), never a rule of the console's own.
 */
export function RunStatusBadge(props: { run: FragmentType<typeof RunStatusBadge_OperationRunFragment> }) {
  const run = useFragment(RunStatusBadge_OperationRunFragment, props.run);
  const finished = run.status === 'COMPLETED';
  return (
    <span
      className={`badge badge-${(finished ? run.outcome : run.status).toLowerCase()}`}
      data-status={run.status}
      data-outcome={run.outcome}
    >
      {finished ? humanize(run.outcome) : humanize(run.status)}
    </span>
  );
}
