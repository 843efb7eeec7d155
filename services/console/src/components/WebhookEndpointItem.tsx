import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { formatDateTime, humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { WebhookErrorClass } from '../gql/graphql';
import { runPath } from '../links';
import { ApiError } from './ApiError';
import { ConfirmButton } from './ConfirmButton';
import { CursorPager } from './CursorPager';
import { SigningSecret } from './SigningSecret';

/** Deliveries per page of an endpoint's log (the API allows 1 to 100). */
export const DELIVERIES_PAGE_SIZE = 10;

export const WebhookEndpointItem_WebhookEndpointFragment = graphql(`
  fragment WebhookEndpointItem_WebhookEndpointFragment on WebhookEndpoint {
    id
    url
    description
    eventTypes
    enabled
    disabledReason
    disabledAt
    lastSuccessAt
    previousSecretExpiresAt
    createdAt
    lastDelivery {
      id
      eventType
      status
      createdAt
      lastResponseStatus
      lastErrorClass
    }
  }
`);

const EnableWebhookEndpoint = graphql(`
  mutation EnableWebhookEndpoint($id: ID!) {
    enableWebhookEndpoint(id: $id) {
      id
      ...WebhookEndpointItem_WebhookEndpointFragment
    }
  }
`);

const DisableWebhookEndpoint = graphql(`
  mutation DisableWebhookEndpoint($id: ID!) {
    disableWebhookEndpoint(id: $id) {
      id
      ...WebhookEndpointItem_WebhookEndpointFragment
    }
  }
`);

const RotateWebhookEndpointSecret = graphql(`
  mutation RotateWebhookEndpointSecret($id: ID!) {
    rotateWebhookEndpointSecret(id: $id) {
      secret
      endpoint {
        id
        previousSecretExpiresAt
        ...WebhookEndpointItem_WebhookEndpointFragment
      }
    }
  }
`);

const DeleteWebhookEndpoint = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

const RedeliverFailedWebhookDeliveries = graphql(`
  mutation RedeliverFailedWebhookDeliveries($endpointId: ID!, $since: DateTime!) {
    redeliverFailedWebhookDeliveries(endpointId: $endpointId, since: $since)
  }
`);

/** An endpoint's delivery log, a page at a time, newest first (read when the operator opens it). */
const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!, $first: Int!, $after: String) {
    webhookEndpoint(id: $id) {
      id
      deliveries(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            messageId
            eventType
            status
            attempts
            nextAttemptAt
            lastAttemptAt
            lastResponseStatus
            lastErrorClass
            deliveredAt
            createdAt
            run {
              id
            }
            attemptLog {
              attempt
              manual
              startedAt
              durationMs
              succeeded
              responseStatus
              errorClass
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** How far back "Redeliver failed" reaches. */
const SINCE_CHOICES = [
  { label: 'the last hour', ms: 3600_000 },
  { label: 'the last day', ms: 86_400_000 },
  { label: 'the last 7 days', ms: 7 * 86_400_000 },
  { label: 'the last 30 days', ms: 30 * 86_400_000 },
] as const;

/**
 * What the receiver answered, in the fewest words: `HTTP 500` (the status says the class
 * HTTP_STATUS already), `Timeout`, or `HTTP 413 · Response too large`.
 */
function answerWords(status: number | null | undefined, errorClass: string | null | undefined): string {
  const words = [
    ...(status != null ? [`HTTP ${status}`] : []),
    ...(errorClass && !(status != null && errorClass === WebhookErrorClass.HttpStatus) ? [humanize(errorClass)] : []),
  ];
  return words.join(' · ');
}

function lastAnswer(d: { lastResponseStatus?: number | null; lastErrorClass?: string | null }): string {
  return answerWords(d.lastResponseStatus, d.lastErrorClass) || '—';
}

function WebhookDeliveries(props: { endpointId: string; canManage: boolean }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, error, fetching }, refetch] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { id: props.endpointId, first: DELIVERIES_PAGE_SIZE, after },
    requestPolicy: 'network-only',
  });
  const [redelivering, redeliver] = useMutation(RedeliverFailedWebhookDeliveries);
  const [since, setSince] = useState<number>(SINCE_CHOICES[1].ms);
  const [redelivered, setRedelivered] = useState<number | null>(null);
  const sinceId = useId();
  const deliveries = data?.webhookEndpoint.deliveries;
  const first = (cursors.length - 1) * DELIVERIES_PAGE_SIZE + 1;
  return (
    <div className="webhook-deliveries">
      {props.canManage ? (
        <form
          className="inline-fields"
          onSubmit={(e) => {
            e.preventDefault();
            setRedelivered(null);
            void redeliver({
              endpointId: props.endpointId,
              since: new Date(Date.now() - since).toISOString(),
            }).then((r) => {
              if (r.data) {
                setRedelivered(r.data.redeliverFailedWebhookDeliveries);
                refetch({ requestPolicy: 'network-only' });
              }
            });
          }}
        >
          <label htmlFor={sinceId}>Failed or skipped in</label>
          <select id={sinceId} value={since} onChange={(e) => setSince(Number(e.target.value))}>
            {SINCE_CHOICES.map((c) => (
              <option key={c.ms} value={c.ms}>
                {c.label}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={redelivering.fetching}>
            Redeliver failed
          </button>
        </form>
      ) : null}
      {redelivering.error ? <ApiError error={redelivering.error} /> : null}
      <div role="status">
        {redelivered !== null ? (
          <p className="success">
            {redelivered === 0
              ? 'Nothing failed or was skipped in that time.'
              : `${redelivered} ${redelivered === 1 ? 'delivery gets' : 'deliveries get'} one more attempt now.`}
          </p>
        ) : null}
      </div>
      <p>
        <button
          type="button"
          className="button"
          disabled={fetching}
          onClick={() => refetch({ requestPolicy: 'network-only' })}
        >
          Read the log again
        </button>
      </p>
      {error ? <ApiError error={error} /> : null}
      {fetching && !data ? <p className="muted">Loading the deliveries…</p> : null}
      {deliveries && deliveries.edges.length === 0 ? <p className="muted">Nothing was delivered to it yet.</p> : null}
      {deliveries && deliveries.edges.length > 0 ? (
        <table className="runs">
          <caption>
            Deliveries {first}–{first + deliveries.edges.length - 1}, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Last answer</th>
              <th scope="col">Attempts</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.edges.map(({ node: d }) => (
              <tr key={d.id} data-delivery-status={d.status}>
                <td>
                  {humanize(d.eventType)}
                  <br />
                  <span className="muted">{formatDateTime(d.createdAt)}</span>
                  <br />
                  <span className="muted mono">{d.messageId}</span>
                </td>
                <td>
                  <span className={`badge badge-delivery-${d.status.toLowerCase()}`} data-status={d.status}>
                    {humanize(d.status)}
                  </span>
                  {d.deliveredAt ? <span className="muted"> {formatDateTime(d.deliveredAt)}</span> : null}
                  {d.nextAttemptAt ? <span className="muted"> · next {formatDateTime(d.nextAttemptAt)}</span> : null}
                </td>
                <td>{lastAnswer(d)}</td>
                <td>
                  {d.attemptLog.length === 0 ? (
                    'None yet'
                  ) : (
                    <details>
                      <summary>
                        {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                      </summary>
                      <ul className="attempt-log">
                        {d.attemptLog.map((a) => (
                          <li key={a.attempt} data-succeeded={String(a.succeeded)}>
                            #{a.attempt}{' '}
                            {[
                              formatDateTime(a.startedAt),
                              a.succeeded ? 'Acknowledged' : 'Failed',
                              answerWords(a.responseStatus, a.errorClass),
                              `${a.durationMs} ms`,
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                            {a.manual ? ' · redelivered by hand' : ''}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
                <td>
                  <Link to={runPath(d.run.id)}>Open the run</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {deliveries && (cursors.length > 1 || deliveries.pageInfo.hasNextPage) ? (
        <CursorPager cursors={cursors} setCursors={setCursors} pageInfo={deliveries.pageInfo} busy={fetching} />
      ) : null}
    </div>
  );
}

/**
 * One webhook endpoint: its URL, what it is for, the event types it receives, whether it is
 * enabled (and why not: disabled by an owner, or automatically after failing), when it last
 * acknowledged a delivery; enable / disable, rotate the secret (the new one shown once), delete
 * (confirmed), only for a viewer who may manage the workspace's webhooks; its delivery log on
 * demand.
 */
export function WebhookEndpointItem(props: {
  endpoint: FragmentType<typeof WebhookEndpointItem_WebhookEndpointFragment>;
  canManage: boolean;
  onDeleted: () => void;
}) {
  const endpoint = useFragment(WebhookEndpointItem_WebhookEndpointFragment, props.endpoint);
  const [enabling, enable] = useMutation(EnableWebhookEndpoint);
  const [disabling, disable] = useMutation(DisableWebhookEndpoint);
  const [rotating, rotate] = useMutation(RotateWebhookEndpointSecret);
  const [deleting, remove] = useMutation(DeleteWebhookEndpoint);
  const [secret, setSecret] = useState<{ secret: string; previousUntil: string | null } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const headingId = `webhook-${endpoint.id}`;
  const deliveriesId = `webhook-deliveries-${endpoint.id}`;
  const busy = enabling.fetching || disabling.fetching || rotating.fetching || deleting.fetching;
  const error = [enabling, disabling, rotating, deleting].find((s) => s.error)?.error;
  const status = endpoint.enabled ? 'ENABLED' : 'DISABLED';
  return (
    <li className="step" aria-labelledby={headingId} data-webhook-enabled={String(endpoint.enabled)}>
      <h2 id={headingId}>
        <span className="mono">{endpoint.url}</span>{' '}
        <span className={`badge badge-${endpoint.enabled ? 'active' : 'stopped'}`} data-endpoint-status={status}>
          {endpoint.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </h2>
      <dl className="facts">
        {endpoint.description ? (
          <>
            <dt>For</dt>
            <dd>{endpoint.description}</dd>
          </>
        ) : null}
        <dt>Events</dt>
        <dd>{endpoint.eventTypes.map(humanize).join(', ')}</dd>
        {endpoint.enabled ? null : (
          <>
            <dt>Disabled</dt>
            <dd data-disabled-reason={endpoint.disabledReason ?? ''}>
              {endpoint.disabledReason === 'FAILING'
                ? 'Automatically: a delivery failed every attempt with nothing getting through meanwhile; its owners were notified.'
                : 'By an owner.'}{' '}
              <span className="muted">Since {formatDateTime(endpoint.disabledAt)}.</span> Nothing is sent to it until it
              is enabled again.
            </dd>
          </>
        )}
        <dt>Last delivery</dt>
        <dd data-last-delivery-status={endpoint.lastDelivery?.status ?? ''}>
          {endpoint.lastDelivery ? (
            <>
              <span
                className={`badge badge-delivery-${endpoint.lastDelivery.status.toLowerCase()}`}
                data-status={endpoint.lastDelivery.status}
              >
                {humanize(endpoint.lastDelivery.status)}
              </span>{' '}
              {humanize(endpoint.lastDelivery.eventType)} · {formatDateTime(endpoint.lastDelivery.createdAt)}
              {lastAnswer(endpoint.lastDelivery) === '—' ? null : (
                <span className="muted"> · {lastAnswer(endpoint.lastDelivery)}</span>
              )}
            </>
          ) : (
            'None yet'
          )}
        </dd>
        <dt>Last delivered</dt>
        <dd>{endpoint.lastSuccessAt ? formatDateTime(endpoint.lastSuccessAt) : 'Never'}</dd>
        {endpoint.previousSecretExpiresAt ? (
          <>
            <dt>Previous secret</dt>
            <dd>Still signs too, until {formatDateTime(endpoint.previousSecretExpiresAt)}</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatDateTime(endpoint.createdAt)}</dd>
      </dl>
      {secret ? (
        <SigningSecret
          secret={secret.secret}
          url={endpoint.url}
          rotated
          previousUntil={secret.previousUntil}
          onDismiss={() => setSecret(null)}
        />
      ) : null}
      <div className="button-row">
        {props.canManage && endpoint.enabled ? (
          <button type="button" className="button" disabled={busy} onClick={() => void disable({ id: endpoint.id })}>
            Disable
          </button>
        ) : null}
        {props.canManage && !endpoint.enabled ? (
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void enable({ id: endpoint.id })}
          >
            Enable
          </button>
        ) : null}
        {props.canManage ? (
          confirmRotate ? (
            <>
              <button
                type="button"
                className="button button-danger"
                disabled={busy}
                onClick={() =>
                  void rotate({ id: endpoint.id }).then((r) => {
                    setConfirmRotate(false);
                    const answer = r.data?.rotateWebhookEndpointSecret;
                    if (answer)
                      setSecret({
                        secret: answer.secret,
                        previousUntil: answer.endpoint.previousSecretExpiresAt ?? null,
                      });
                  })
                }
              >
                Confirm rotation
              </button>
              <button type="button" className="button" onClick={() => setConfirmRotate(false)}>
                Keep the secret
              </button>
            </>
          ) : (
            <button type="button" className="button" disabled={busy} onClick={() => setConfirmRotate(true)}>
              Rotate secret
            </button>
          )
        ) : null}
        {props.canManage ? (
          <ConfirmButton
            label="Delete"
            confirmLabel="Confirm delete"
            keepLabel="Keep it"
            disabled={busy}
            asking={confirmDelete}
            onAskingChange={setConfirmDelete}
            onConfirm={() =>
              void remove({ id: endpoint.id }).then((r) => {
                if (!r.error) props.onDeleted();
              })
            }
          />
        ) : null}
        <button
          type="button"
          className="button"
          aria-expanded={showDeliveries}
          aria-controls={deliveriesId}
          onClick={() => setShowDeliveries((v) => !v)}
        >
          {showDeliveries ? 'Hide deliveries' : 'Show deliveries'}
        </button>
      </div>
      {confirmRotate ? (
        <p className="muted">
          A new secret signs every delivery from now on; the current one keeps signing beside it for a while, so the
          receiver can switch.
        </p>
      ) : null}
      {confirmDelete ? (
        <p className="muted">Deleting it removes its delivery log too; nothing more is sent to it.</p>
      ) : null}
      {error ? <ApiError error={error} /> : null}
      <div id={deliveriesId}>
        {showDeliveries ? <WebhookDeliveries endpointId={endpoint.id} canManage={props.canManage} /> : null}
      </div>
    </li>
  );
}
