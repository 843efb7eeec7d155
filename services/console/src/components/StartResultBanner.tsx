import { type FragmentType, graphql, useFragment } from '../gql';
import { OperatorMessage } from './OperatorMessage';

/**
 * On the union, one inline fragment per member: the normalized cache has no schema, so it matches
 * fragments by concrete type name (a fragment on the interface would not match a member).
 */
export const StartResultBanner_ProviderOperationStartResultFragment = graphql(`
  fragment StartResultBanner_ProviderOperationStartResultFragment on ProviderOperationStartResult {
    ... on ProviderOperationAccepted {
      outcome
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
    }
    ... on ProviderOperationDeduped {
      outcome
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
    }
    ... on ProviderOperationScopeBusy {
      outcome
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
    }
    ... on ProviderOperationBlocked {
      outcome
      message {
        reason
        ...OperatorMessage_OperatorMessageFragment
      }
    }
  }
`);

/**
 * The start gate's answer to a click (ACCEPTED, DEDUPED, SCOPE_BUSY or BLOCKED), announced to
 * screen readers: the API's message as it comes, its action as the button (open the run, the
 * page where the blocker is fixed).
 */
export function StartResultBanner(props: {
  result: FragmentType<typeof StartResultBanner_ProviderOperationStartResultFragment>;
}) {
  const result = useFragment(StartResultBanner_ProviderOperationStartResultFragment, props.result);
  if (!('message' in result) || !result.message) return null;
  return (
    <div role={result.message.reason ? 'alert' : 'status'} className="start-result" data-outcome={result.outcome}>
      <OperatorMessage message={result.message} tone={result.message.reason ? 'problem' : 'success'} />
    </div>
  );
}
