import { humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { ConnectionIdentity } from './ConnectionIdentity';
import { OperatorMessage } from './OperatorMessage';

/**
 * On the union, one inline fragment per member: each member carries what its outcome points at
 * (the new run and the connection chosen at click time, the run already doing it, the operation
 * holding the connection, the blocker's problem class).
 */
export const StartResultBanner_ProviderOperationStartResultFragment = graphql(`
  fragment StartResultBanner_ProviderOperationStartResultFragment on ProviderOperationStartResult {
    ... on ProviderOperationAccepted {
      outcome
      operationType
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
      run {
        id
      }
      providerConnection {
        id
        ...ConnectionIdentity_ProviderConnectionIdentityFragment
      }
    }
    ... on ProviderOperationDeduped {
      outcome
      operationType
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
      run {
        id
      }
    }
    ... on ProviderOperationScopeBusy {
      outcome
      operationType
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
      activeOperationType
      activeRun {
        id
      }
    }
    ... on ProviderOperationBlocked {
      outcome
      operationType
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
      reasonCode
      problemClass
    }
  }
`);

/**
 * The start gate's answer to a click, the same on every page that starts something: the API's
 * message as it comes (headline, reason, next step, the action as a button that goes where the
 * API says: open the run, the run already doing it, the run holding the connection, the page
 * where the blocker is fixed), announced to screen readers. Besides the message it shows only
 * values the API sent (the connection chosen, the operation holding the connection, the problem
 * class); the console has no outcome or reason copy of its own (tests/guards/console.test.ts).
 */
export function StartResultBanner(props: {
  result: FragmentType<typeof StartResultBanner_ProviderOperationStartResultFragment>;
}) {
  const result = useFragment(StartResultBanner_ProviderOperationStartResultFragment, props.result);
  if (!('message' in result) || !result.message) return null;
  const problem = Boolean(result.message.reason);
  const runId = 'run' in result ? result.run?.id : 'activeRun' in result ? result.activeRun.id : undefined;
  return (
    <div
      role={problem ? 'alert' : 'status'}
      className="start-result"
      data-outcome={result.outcome}
      data-run-id={runId}
      data-problem-class={'problemClass' in result ? result.problemClass : undefined}
    >
      <p className="start-result-outcome">
        <span className={`badge badge-${result.outcome.toLowerCase()}`}>{humanize(result.outcome)}</span>{' '}
        <span className="muted">{humanize(result.operationType)}</span>
      </p>
      <OperatorMessage message={result.message} tone={problem ? 'problem' : 'success'} />
      {'problemClass' in result ? (
        <p className="fact">
          <span className="scan-label">Problem class: </span>
          {humanize(result.problemClass)}
        </p>
      ) : null}
      {'activeOperationType' in result ? (
        <p className="fact">
          <span className="scan-label">Holding the connection: </span>
          {humanize(result.activeOperationType)}
        </p>
      ) : null}
      {'providerConnection' in result ? (
        <div className="fact">
          <span className="scan-label">Provider connection chosen: </span>
          <ConnectionIdentity identity={result.providerConnection} />
        </div>
      ) : null}
    </div>
  );
}
