import { type FormEvent, useId, useState } from 'react';
import { useMutation } from 'urql';
import { type FragmentType, graphql, useFragment } from '../gql';
import { errorText } from '../graphql/errors';
import { StartResultBanner } from './StartResultBanner';

export const RunControls_OperationRunFragment = graphql(`
  fragment RunControls_OperationRunFragment on OperationRun {
    id
    viewerCanCancel
    viewerCanRetry
    cancelRequestedAt
  }
`);

const CancelOperationRun = graphql(`
  mutation CancelOperationRun($id: ID!, $reason: String) {
    cancelOperationRun(id: $id, reason: $reason) {
      id
      status
      outcome
      cancelRequestedAt
      viewerCanCancel
      viewerCanRetry
    }
  }
`);

const RetryOperationRun = graphql(`
  mutation RetryOperationRun($id: ID!, $idempotencyKey: String) {
    retryOperationRun(id: $id, idempotencyKey: $idempotencyKey) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

/**
 * Cancel and Retry, shown only where the API says the viewer may (`viewerCanCancel`,
 * `viewerCanRetry`); the API still decides. A retry is a new start through the gate: its answer
 * is shown like any start's.
 */
export function RunControls(props: { run: FragmentType<typeof RunControls_OperationRunFragment> }) {
  const run = useFragment(RunControls_OperationRunFragment, props.run);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [cancelled, cancel] = useMutation(CancelOperationRun);
  const [retried, retry] = useMutation(RetryOperationRun);
  // One key per retry click: a resent request (a reconnect) replays the same decision.
  const [retryKey, setRetryKey] = useState(() => crypto.randomUUID());
  const reasonId = useId();

  const submitCancel = async (event: FormEvent) => {
    event.preventDefault();
    const result = await cancel({ id: run.id, reason: reason.trim() || null });
    if (!result.error) setConfirming(false);
  };

  if (!run.viewerCanCancel && !run.viewerCanRetry && !retried.data && !retried.error && !cancelled.error) return null;
  return (
    <section className="controls" aria-label="Run controls">
      {run.cancelRequestedAt && run.viewerCanCancel ? (
        <p className="muted">Cancellation requested; the run stops at its next step.</p>
      ) : null}
      {run.viewerCanCancel && !confirming ? (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Cancel run
        </button>
      ) : null}
      {run.viewerCanCancel && confirming ? (
        <form className="form" onSubmit={(e) => void submitCancel(e)} aria-label="Cancel this run">
          <label htmlFor={reasonId}>Why (optional, the initiator sees it)</label>
          <input id={reasonId} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="button-row">
            <button type="submit" className="button button-danger" disabled={cancelled.fetching}>
              Confirm cancel
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Keep it running
            </button>
          </div>
        </form>
      ) : null}
      {run.viewerCanRetry ? (
        <button
          type="button"
          className="button button-primary"
          disabled={retried.fetching}
          onClick={() =>
            void retry({ id: run.id, idempotencyKey: retryKey }).then(() => setRetryKey(crypto.randomUUID()))
          }
        >
          Retry
        </button>
      ) : null}
      {cancelled.error ? (
        <p role="alert" className="error">
          {errorText(cancelled.error)}
        </p>
      ) : null}
      {retried.error ? (
        <p role="alert" className="error">
          {errorText(retried.error)}
        </p>
      ) : null}
      {retried.data ? <StartResultBanner result={retried.data.retryOperationRun} /> : null}
    </section>
  );
}
