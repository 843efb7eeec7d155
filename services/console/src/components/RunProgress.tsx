import { type FragmentType, graphql, useFragment } from '../gql';

export const RunProgress_RunProgressFragment = graphql(`
  fragment RunProgress_RunProgressFragment on RunProgress {
    total
    processed
    succeeded
    failed
  }
`);

/** Items processed so far (a progress bar once the total is known). */
export function RunProgress(props: { progress: FragmentType<typeof RunProgress_RunProgressFragment> }) {
  const p = useFragment(RunProgress_RunProgressFragment, props.progress);
  return (
    <div className="progress">
      {p.total !== null && p.total !== undefined ? (
        <progress max={Math.max(p.total, 1)} value={p.processed} aria-label="Items processed" />
      ) : null}
      <span>
        {p.processed}
        {p.total !== null && p.total !== undefined ? ` of ${p.total}` : ''} processed · {p.succeeded} succeeded ·{' '}
        {p.failed} failed
      </span>
    </div>
  );
}
