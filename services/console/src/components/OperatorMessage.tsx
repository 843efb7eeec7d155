import { Link, useLocation } from 'react-router';
import { humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { inAppPath } from '../links';

export const OperatorMessage_OperatorMessageFragment = graphql(`
  fragment OperatorMessage_OperatorMessageFragment on OperatorMessage {
    headline
    reason
    nextStep
    action
    actionUrl
  }
`);

/**
 * The ten-second scan as the API wrote it: headline, reason (when something is wrong), next
 * step, and the action as a button that goes where the API says. An action that points at the
 * page already open (a run's own link on its detail page) is not repeated as a button.
 */
export function OperatorMessage(props: {
  message: FragmentType<typeof OperatorMessage_OperatorMessageFragment>;
  /** The heading level of the headline on this page. */
  level?: 1 | 2 | 3;
  tone?: 'neutral' | 'problem' | 'success';
}) {
  const message = useFragment(OperatorMessage_OperatorMessageFragment, props.message);
  const location = useLocation();
  const Heading = props.level === 1 ? 'h1' : props.level === 3 ? 'h3' : 'h2';
  const path = message.actionUrl ? inAppPath(message.actionUrl) : null;
  const isHere = path !== null && path === location.pathname;
  const label = humanize(message.action);
  return (
    <section className={`scan scan-${props.tone ?? 'neutral'}`} aria-label="Summary">
      <Heading className="scan-headline">{message.headline}</Heading>
      {message.reason ? (
        <p className="scan-reason">
          <span className="scan-label">Why: </span>
          {message.reason}
        </p>
      ) : null}
      <p className="scan-next">
        <span className="scan-label">Next step: </span>
        {message.nextStep}
      </p>
      {message.actionUrl && !isHere ? (
        path !== null ? (
          <Link className="button button-primary" to={path}>
            {label}
          </Link>
        ) : (
          <a className="button button-primary" href={message.actionUrl}>
            {label}
          </a>
        )
      ) : null}
    </section>
  );
}
