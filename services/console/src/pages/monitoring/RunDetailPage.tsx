import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { useRefetchOnReconnect, useRereadAfterSubscribing } from '../../app/context';
import { ConnectionIdentity } from '../../components/ConnectionIdentity';
import { NotFound } from '../../components/NotFound';
import { OperatorMessage } from '../../components/OperatorMessage';
import { RetryLineage } from '../../components/RetryLineage';
import { RunControls } from '../../components/RunControls';
import { RunOutputs } from '../../components/RunOutputs';
import { RunProgress } from '../../components/RunProgress';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { RunTimeline } from '../../components/RunTimeline';
import { formatDateTime, formatDuration, humanize } from '../../format';
import { type FragmentType, graphql, useFragment } from '../../gql';
import { RunStatus } from '../../gql/graphql';
import { errorText, isNotFound } from '../../graphql/errors';

export const RunDetail_OperationRunFragment = graphql(`
  fragment RunDetail_OperationRunFragment on OperationRun {
    id
    operationType
    initiatedFrom
    createdAt
    startedAt
    completedAt
    tenant {
      id
      name
    }
    initiatedBy {
      id
      displayName
      email
    }
    reason {
      code
      problemClass
      detail
    }
    message {
      headline
      reason
      ...OperatorMessage_OperatorMessageFragment
    }
    providerConnection {
      id
      ...ConnectionIdentity_ProviderConnectionIdentityFragment
    }
    progress {
      ...RunProgress_RunProgressFragment
    }
    output {
      ...RunOutputs_RunOutputFragment
    }
    ...RunStatusBadge_OperationRunFragment
    ...RunControls_OperationRunFragment
    ...RunTimeline_OperationRunFragment
    ...RetryLineage_OperationRunFragment
  }
`);

const RunDetailQuery = graphql(`
  query RunDetail($id: ID!) {
    operationRun(id: $id) {
      id
      status
      tenant {
        id
      }
      ...RunDetail_OperationRunFragment
    }
  }
`);

const RunDetailLive = graphql(`
  subscription RunDetailLive($tenantId: ID!, $runId: ID!) {
    operationRunUpdated(tenantId: $tenantId, runId: $runId) {
      run {
        id
        ...RunDetail_OperationRunFragment
      }
    }
  }
`);

function RunDetail(props: { run: FragmentType<typeof RunDetail_OperationRunFragment> }) {
  const run = useFragment(RunDetail_OperationRunFragment, props.run);
  useEffect(() => {
    document.title = `${run.message.headline} · MSP console`;
  }, [run.message.headline]);
  return (
    <article className="run-detail">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/monitoring/operations">Monitoring → Operations</Link> <span aria-hidden="true">/</span>{' '}
        <span>{run.tenant.name}</span>
      </nav>
      <div className="run-headline">
        <RunStatusBadge run={run} />
        <span className="muted">
          {humanize(run.operationType)} · {run.tenant.name}
        </span>
      </div>
      <OperatorMessage message={run.message} level={1} tone={run.message.reason ? 'problem' : 'neutral'} />
      <RunControls run={run} />

      <div className="panels">
        <section className="panel" aria-labelledby="run-facts">
          <h2 id="run-facts">Run</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <RunStatusBadge run={run} />
            </dd>
            <dt>Operation</dt>
            <dd>{humanize(run.operationType)}</dd>
            <dt>Tenant</dt>
            <dd>{run.tenant.name}</dd>
            <dt>Started by</dt>
            <dd>
              {run.initiatedBy
                ? (run.initiatedBy.displayName ?? run.initiatedBy.email ?? run.initiatedBy.id)
                : 'System'}
            </dd>
            <dt>Started from</dt>
            <dd>{humanize(run.initiatedFrom)}</dd>
            <dt>Admitted</dt>
            <dd>{formatDateTime(run.createdAt)}</dd>
            <dt>Worker started</dt>
            <dd>{formatDateTime(run.startedAt)}</dd>
            <dt>Completed</dt>
            <dd>
              {formatDateTime(run.completedAt)}
              {run.startedAt && run.completedAt ? ` (took ${formatDuration(run.startedAt, run.completedAt)})` : ''}
            </dd>
            {run.reason ? (
              <>
                <dt>Problem</dt>
                <dd>
                  {humanize(run.reason.problemClass)} <span className="mono muted">({run.reason.code})</span>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="panel" aria-labelledby="run-connection">
          <h2 id="run-connection">Provider connection</h2>
          {run.providerConnection ? (
            <ConnectionIdentity identity={run.providerConnection} />
          ) : (
            <p className="muted">No provider connection was chosen.</p>
          )}
        </section>
        <section className="panel" aria-labelledby="run-progress">
          <h2 id="run-progress">Progress</h2>
          {run.progress ? <RunProgress progress={run.progress} /> : <p className="muted">It never ran.</p>}
        </section>
        <section className="panel" aria-labelledby="run-outputs">
          <h2 id="run-outputs">Outputs</h2>
          <RunOutputs output={run.output} />
        </section>
        <section className="panel" aria-labelledby="run-lineage">
          <h2 id="run-lineage">Retries</h2>
          <RetryLineage run={run} />
        </section>
      </div>
      <section className="panel timeline-panel" aria-labelledby="run-timeline">
        <h2 id="run-timeline">Timeline</h2>
        <RunTimeline run={run} />
      </section>
    </article>
  );
}

/** `/monitoring/operations/<runId>`: one run, live. */
export function RunDetailPage() {
  const { runId = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({ query: RunDetailQuery, variables: { id: runId } });
  const reread = () => refetch({ requestPolicy: 'network-only' });
  useRefetchOnReconnect(reread);
  const run = data?.operationRun;
  const tenantId = run?.tenant.id ?? '';
  const [live] = useSubscription({ query: RunDetailLive, variables: { tenantId, runId }, pause: !run });
  // The subscription starts after the read (it needs the run's tenant): a change in between,
  // even the run's completion, is read again once the subscription listens.
  useRereadAfterSubscribing(
    run && run.status !== RunStatus.Completed ? `${tenantId}|${runId}` : null,
    Boolean(live.data),
    reread,
  );
  if (fetching && !data) return <p className="muted">Loading the run…</p>;
  if (!run && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!run) return <NotFound what="This run" />;
  return <RunDetail run={run} />;
}
