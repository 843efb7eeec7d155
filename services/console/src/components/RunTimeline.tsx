import { formatDateTime, humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';

export const RunTimeline_OperationRunFragment = graphql(`
  fragment RunTimeline_OperationRunFragment on OperationRun {
    events {
      at
      kind
      detail
      attempt
      actor {
        id
        displayName
        email
      }
      reason {
        code
        problemClass
        detail
      }
    }
  }
`);

/** The run's timeline as the API records it, oldest first. */
export function RunTimeline(props: { run: FragmentType<typeof RunTimeline_OperationRunFragment> }) {
  const { events } = useFragment(RunTimeline_OperationRunFragment, props.run);
  if (events.length === 0) return <p className="muted">Nothing happened yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {events.map((event, index) => (
        // Events have no id: their order is their identity (oldest first, appended only).
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={index} className={`timeline-event timeline-${event.kind.toLowerCase()}`}>
          <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          <span className="timeline-kind">
            {humanize(event.kind)}
            {event.attempt ? ` (attempt ${event.attempt})` : ''}
          </span>
          {event.actor ? (
            <span className="timeline-actor">by {event.actor.displayName ?? event.actor.email ?? event.actor.id}</span>
          ) : null}
          {event.detail ? <span className="timeline-detail">{event.detail}</span> : null}
          {event.reason ? (
            <span className="timeline-detail">
              {humanize(event.reason.problemClass)}
              {event.reason.detail ? `: ${event.reason.detail}` : ''}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
