import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useRefetchOnReconnect } from '../../app/context';
import { CAPABILITY } from '../../capabilities';
import { ConnectionPicker } from '../../components/ConnectionPicker';
import { NotFound } from '../../components/NotFound';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { CapabilityButton } from '../../components/StartButton';
import { StartResultBanner } from '../../components/StartResultBanner';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText, isNotFound } from '../../graphql/errors';
import { useStart } from '../../graphql/start';
import { runPath } from '../../links';
import { TenantNav } from './TenantNav';

const RestoreRunQuery = graphql(`
  query RestoreRunPage($id: ID!) {
    restoreRun(id: $id) {
      id
      status
      createdAt
      previewedAt
      warnings
      confirmationPhrase
      selectedItemIds
      tenant {
        id
        name
        viewerCapabilities
        providerConnections {
          id
          ...ConnectionPicker_ProviderConnectionFragment
        }
      }
      backup {
        id
        createdAt
        itemCount
      }
      preview {
        creates
        updates
        unchanged
        items {
          itemId
          displayName
          action
          diffSummary
        }
      }
      operationRun {
        id
        message {
          headline
        }
        ...RunStatusBadge_OperationRunFragment
      }
      rerunOf {
        id
      }
      itemResults {
        itemId
        displayName
        action
        succeeded
        reasonCode
        detail
      }
    }
  }
`);

const RestoreRunLive = graphql(`
  subscription RestoreRunLive($tenantId: ID!, $runId: ID!) {
    operationRunUpdated(tenantId: $tenantId, runId: $runId) {
      run {
        id
        status
        message {
          headline
        }
        ...RunStatusBadge_OperationRunFragment
      }
    }
  }
`);

const PreviewRestoreRun = graphql(`
  mutation PreviewRestoreRun($id: ID!) {
    previewRestoreRun(id: $id) {
      id
      status
      previewedAt
      warnings
      preview {
        creates
        updates
        unchanged
        items {
          itemId
          displayName
          action
          diffSummary
        }
      }
    }
  }
`);

const StartRestoreExecution = graphql(`
  mutation StartRestoreExecution(
    $restoreRunId: ID!
    $confirmation: String!
    $providerConnectionId: ID
    $idempotencyKey: String
  ) {
    startRestoreExecution(
      restoreRunId: $restoreRunId
      confirmation: $confirmation
      providerConnectionId: $providerConnectionId
      idempotencyKey: $idempotencyKey
    ) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

const RerunRestoreRun = graphql(`
  mutation RerunRestoreRun($restoreRunId: ID!) {
    rerunRestoreRun(restoreRunId: $restoreRunId) {
      id
    }
  }
`);

/**
 * `/tenants/<id>/restore-runs/<id>`: preview (create / update / unchanged, each item's
 * difference), warnings, the typed confirmation, execute (answered in the start-result banner;
 * the server checks the phrase), the execution run live, per-item results, and rerun (a new
 * draft of the same backup and selection).
 */
export function RestoreRunPage() {
  const { tenantId = '', restoreRunId = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: RestoreRunQuery,
    variables: { id: restoreRunId },
    // The execution may have ended while another page was open: read the results again.
    requestPolicy: 'cache-and-network',
  });
  useRefetchOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  const [previewing, preview] = useMutation(PreviewRestoreRun);
  const [execution, execute] = useStart(StartRestoreExecution);
  const [rerunning, rerun] = useMutation(RerunRestoreRun);
  const [phrase, setPhrase] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const phraseId = useId();
  const restore = data?.restoreRun;
  const runId = restore?.operationRun?.id ?? '';
  const [live] = useSubscription({
    query: RestoreRunLive,
    variables: { tenantId: restore?.tenant.id ?? '', runId },
    pause: !runId,
  });
  const liveStatus = live.data?.operationRunUpdated.run.status;
  // The execution finished: read the per-item results and the restore's status again.
  useEffect(() => {
    if (liveStatus === 'COMPLETED') refetch({ requestPolicy: 'network-only' });
  }, [liveStatus, refetch]);
  useEffect(() => {
    if (restore) document.title = `Restore · ${restore.tenant.name} · MSP console`;
  }, [restore]);

  if (fetching && !data) return <p className="muted">Loading the restore run…</p>;
  if (!restore && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!restore || (tenantId && restore.tenant.id !== tenantId)) return <NotFound what="This restore run" />;
  const capabilities = restore.tenant.viewerCapabilities;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await execute({
      restoreRunId: restore.id,
      confirmation: phrase,
      providerConnectionId: connectionId || null,
    });
    if (!result.error) refetch({ requestPolicy: 'network-only' });
  };
  const started = execution.data?.startRestoreExecution;
  const tenantPath = `/tenants/${encodeURIComponent(restore.tenant.id)}`;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={tenantPath}>{restore.tenant.name}</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={`${tenantPath}/restore-runs`}>Restore runs</Link>
      </nav>
      <h1>Restore of the backup of {formatDateTime(restore.backup.createdAt)}</h1>
      <TenantNav tenantId={restore.tenant.id} />
      <p>
        <span className="badge" data-restore-status={restore.status}>
          {humanize(restore.status)}
        </span>{' '}
        <span className="muted">
          {restore.selectedItemIds ? `${restore.selectedItemIds.length} of ` : 'all '}
          {restore.backup.itemCount} items · prepared {formatDateTime(restore.createdAt)}
          {restore.rerunOf ? (
            <>
              {' '}
              · a rerun of <Link to={`${tenantPath}/restore-runs/${restore.rerunOf.id}`}>an earlier restore</Link>
            </>
          ) : null}
        </span>
      </p>

      <section className="panel wide" aria-labelledby="restore-preview">
        <h2 id="restore-preview">Preview</h2>
        <CapabilityButton
          label={restore.preview ? 'Preview again' : 'Preview'}
          capability={CAPABILITY.prepareRestore}
          capabilities={capabilities}
          busy={previewing.fetching}
          tone={restore.preview ? 'plain' : 'primary'}
          disabled={Boolean(restore.operationRun)}
          onClick={() => void preview({ id: restore.id })}
        />
        {previewing.error ? (
          <p role="alert" className="error">
            {errorText(previewing.error)}
          </p>
        ) : null}
        {restore.preview ? (
          <>
            <p>
              {restore.preview.creates} to create · {restore.preview.updates} to update · {restore.preview.unchanged}{' '}
              unchanged <span className="muted">(previewed {formatDateTime(restore.previewedAt)})</span>
            </p>
            <table className="runs">
              <caption className="visually-hidden">What the restore would do, per item</caption>
              <thead>
                <tr>
                  <th scope="col">Policy</th>
                  <th scope="col">Action</th>
                  <th scope="col">Difference</th>
                </tr>
              </thead>
              <tbody>
                {restore.preview.items.map((item) => (
                  <tr key={item.itemId} data-action={item.action}>
                    <td>{item.displayName}</td>
                    <td>{humanize(item.action)}</td>
                    <td>
                      <pre className="diff">{item.diffSummary ?? '—'}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">
            Not previewed yet: the preview reads the tenant’s current policies from Microsoft Graph.
          </p>
        )}
      </section>

      {restore.warnings.length > 0 ? (
        <section className="panel wide notice" aria-labelledby="restore-warnings">
          <h2 id="restore-warnings">Warnings</h2>
          <ul className="plain-list">
            {restore.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel wide" aria-labelledby="restore-execute">
        <h2 id="restore-execute">Execute</h2>
        {restore.operationRun ? (
          <p>
            Execution run: <RunStatusBadge run={restore.operationRun} />{' '}
            <Link to={runPath(restore.operationRun.id)}>{restore.operationRun.message.headline}</Link>
          </p>
        ) : (
          <form className="form" onSubmit={(e) => void submit(e)}>
            <p>
              This writes the backed-up policies into {restore.tenant.name}. To confirm, type{' '}
              <strong className="mono">{restore.confirmationPhrase}</strong>.
            </p>
            <label htmlFor={phraseId}>Confirmation</label>
            <input
              id={phraseId}
              autoComplete="off"
              value={phrase}
              onChange={(e) => setPhrase(e.target.value)}
              disabled={!capabilities.includes(CAPABILITY.start.RESTORE_EXECUTION)}
            />
            <ConnectionPicker
              connections={restore.tenant.providerConnections}
              value={connectionId}
              onChange={setConnectionId}
            />
            <div>
              <CapabilityButton
                type="submit"
                label="Execute restore"
                capability={CAPABILITY.start.RESTORE_EXECUTION}
                capabilities={capabilities}
                tone="danger"
                busy={execution.fetching}
                disabled={!phrase}
              />
            </div>
          </form>
        )}
        {execution.error && !execution.fetching ? (
          <p role="alert" className="error">
            {errorText(execution.error)}
          </p>
        ) : null}
        {started && !execution.fetching ? <StartResultBanner result={started} /> : null}
      </section>

      {restore.itemResults.length > 0 ? (
        <section className="panel wide" aria-labelledby="restore-results">
          <h2 id="restore-results">Results</h2>
          <table className="runs">
            <caption className="visually-hidden">What the restore did, per item</caption>
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Action</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {restore.itemResults.map((r) => (
                <tr key={r.itemId} data-succeeded={r.succeeded}>
                  <td>{r.displayName}</td>
                  <td>{humanize(r.action)}</td>
                  <td>
                    {r.succeeded ? 'Done' : `Failed${r.reasonCode ? ` (${humanize(r.reasonCode)})` : ''}`}
                    {r.detail ? <div className="muted">{r.detail}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="panel wide" aria-labelledby="restore-rerun">
        <h2 id="restore-rerun">Rerun</h2>
        <p className="muted">Drafts a new restore of the same backup and selection, to preview and execute again.</p>
        <CapabilityButton
          label="Rerun"
          capability={CAPABILITY.prepareRestore}
          capabilities={capabilities}
          tone="plain"
          busy={rerunning.fetching}
          onClick={() =>
            void rerun({ restoreRunId: restore.id }).then((r) => {
              if (r.data) navigate(`${tenantPath}/restore-runs/${r.data.rerunRestoreRun.id}`);
            })
          }
        />
        {rerunning.error ? (
          <p role="alert" className="error">
            {errorText(rerunning.error)}
          </p>
        ) : null}
      </section>
    </article>
  );
}
