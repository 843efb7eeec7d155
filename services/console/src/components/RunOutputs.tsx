import { formatDateTime } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';

export const RunOutputs_RunOutputFragment = graphql(`
  fragment RunOutputs_RunOutputFragment on RunOutput {
    counts {
      name
      value
    }
    policyBackup {
      id
      itemCount
      completedAt
    }
    restoreRun {
      id
      status
      tenant {
        id
      }
    }
  }
`);

/** What the run produced, as far as it got: its figures, the backup it stored, the restore it executed. */
export function RunOutputs(props: { output: FragmentType<typeof RunOutputs_RunOutputFragment> }) {
  const output = useFragment(RunOutputs_RunOutputFragment, props.output);
  const nothing = output.counts.length === 0 && !output.policyBackup && !output.restoreRun;
  if (nothing) return <p className="muted">Nothing yet: figures appear when the run ends.</p>;
  return (
    <dl className="facts">
      {output.counts.map((count) => (
        <div key={count.name} className="fact">
          <dt>{count.name}</dt>
          <dd>{count.value}</dd>
        </div>
      ))}
      {output.policyBackup ? (
        <div className="fact">
          <dt>Policy backup</dt>
          <dd>
            {output.policyBackup.itemCount} policies
            {output.policyBackup.completedAt
              ? `, complete ${formatDateTime(output.policyBackup.completedAt)}`
              : ', partial'}
          </dd>
        </div>
      ) : null}
      {output.restoreRun ? (
        <div className="fact">
          <dt>Restore</dt>
          <dd>
            <a href={`/tenants/${output.restoreRun.tenant.id}/restore-runs/${output.restoreRun.id}`}>
              Per-item results of the restore
            </a>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
