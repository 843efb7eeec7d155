import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY, missingCapabilityText } from '../../capabilities';
import { ApiError } from '../../components/ApiError';
import { NotFound } from '../../components/NotFound';
import { SigningSecret } from '../../components/SigningSecret';
import { WebhookEndpointItem } from '../../components/WebhookEndpointItem';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import { WebhookEventType } from '../../gql/graphql';
import { errorText } from '../../graphql/errors';

/**
 * The workspace as the viewer sees it: the API has no `workspace(id)`, so the workspaces the
 * viewer belongs to are read and this one picked (a few rows).
 */
const WebhooksWorkspaceQuery = graphql(`
  query WebhooksWorkspace {
    workspaces {
      id
      name
      viewerCapabilities
    }
  }
`);

const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints($workspaceId: ID!) {
    webhookEndpoints(workspaceId: $workspaceId) {
      id
      ...WebhookEndpointItem_WebhookEndpointFragment
    }
  }
`);

const CreateWebhookEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

type EventType = (typeof WebhookEventType)[keyof typeof WebhookEventType];
const EVENT_TYPES = Object.values(WebhookEventType) as EventType[];

/** A new endpoint: URL, what it is for, the event types; the answer's secret shown once. */
function NewWebhookEndpoint(props: { workspaceId: string; onCreated: () => void }) {
  const [created, create] = useMutation(CreateWebhookEndpoint);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>([WebhookEventType.RunFailed, WebhookEventType.RunBlocked]);
  const [secret, setSecret] = useState<{ secret: string; url: string } | null>(null);
  const ids = { url: useId(), urlHelp: useId(), description: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    const result = await create({
      input: {
        workspaceId: props.workspaceId,
        url: url.trim(),
        eventTypes: events,
        description: description.trim() || null,
      },
    });
    const answer = result.data?.createWebhookEndpoint;
    if (answer) {
      setSecret({ secret: answer.secret, url: answer.endpoint.url });
      setUrl('');
      setDescription('');
      props.onCreated();
    }
  };
  return (
    <>
      <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="webhook-new">
        <h2 id="webhook-new">New endpoint</h2>
        <label htmlFor={ids.url}>URL</label>
        <input
          id={ids.url}
          type="url"
          required
          className="mono"
          aria-describedby={ids.urlHelp}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <span id={ids.urlHelp} className="muted">
          Where deliveries are POSTed: https, a public address.
        </span>
        <label htmlFor={ids.description}>Description (optional)</label>
        <input
          id={ids.description}
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <fieldset>
          <legend>Event types</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                value={type}
                checked={events.includes(type)}
                onChange={(e) =>
                  setEvents((current) => (e.target.checked ? [...current, type] : current.filter((t) => t !== type)))
                }
              />{' '}
              {humanize(type)}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" className="button button-primary" disabled={created.fetching}>
            Create endpoint
          </button>
        </div>
        {created.error ? <ApiError error={created.error} /> : null}
      </form>
      {/* Outside the form: the secret is wider than its fields. */}
      <div role="status">
        {secret ? <SigningSecret secret={secret.secret} url={secret.url} onDismiss={() => setSecret(null)} /> : null}
      </div>
    </>
  );
}

/**
 * `/workspaces/<id>/webhooks`: the workspace's outbound webhook endpoints, each with its state,
 * controls and delivery log, and a new one; for a viewer holding `workspace.webhooks.manage`
 * (the API's `Workspace.viewerCapabilities`). Anyone else in the workspace is told which
 * capability it takes; the API refuses them anyway.
 */
export function WebhooksPage() {
  const { workspaceId = '' } = useParams();
  const [workspaces] = useQuery({ query: WebhooksWorkspaceQuery, requestPolicy: 'cache-and-network' });
  const workspace = workspaces.data?.workspaces.find((w) => w.id === workspaceId);
  const canManage = Boolean(workspace?.viewerCapabilities.includes(CAPABILITY.manageWebhooks));
  const [{ data, error, fetching }, refetch] = useQuery({
    query: WebhookEndpointsQuery,
    variables: { workspaceId },
    requestPolicy: 'cache-and-network',
    pause: !canManage,
  });
  useEffect(() => {
    if (workspace) document.title = `Webhooks · ${workspace.name} · MSP console`;
  }, [workspace]);
  if (workspaces.fetching && !workspaces.data) return <p className="muted">Loading the workspace…</p>;
  if (workspaces.error && !workspaces.data) {
    return (
      <p role="alert" className="error">
        {errorText(workspaces.error)}
      </p>
    );
  }
  if (!workspace) return <NotFound what="This workspace" />;
  const reread = () => refetch({ requestPolicy: 'network-only' });
  const endpoints = data?.webhookEndpoints;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/tenants">{workspace.name}</Link>
      </nav>
      <h1>Webhooks</h1>
      <p className="muted">
        Each endpoint receives the workspace’s events it subscribes to, signed with its secret (Standard Webhooks),
        retried for about a day when it does not acknowledge them.
      </p>
      {!canManage ? (
        <section className="panel wide">
          <p className="disabled-reason">{missingCapabilityText(CAPABILITY.manageWebhooks, 'workspace')}</p>
        </section>
      ) : (
        <>
          <section className="panel wide" aria-labelledby="webhook-list">
            <h2 id="webhook-list">
              {endpoints ? (endpoints.length === 0 ? 'No endpoints' : `Endpoints (${endpoints.length})`) : 'Endpoints'}
            </h2>
            {fetching && !data ? <p className="muted">Loading the endpoints…</p> : null}
            {error ? <ApiError error={error} /> : null}
            {endpoints?.length === 0 ? <p className="muted">This workspace sends no webhooks yet.</p> : null}
            <ul className="steps">
              {endpoints?.map((endpoint) => (
                <WebhookEndpointItem key={endpoint.id} endpoint={endpoint} canManage={canManage} onDeleted={reread} />
              ))}
            </ul>
          </section>
          <section className="panel wide">
            <NewWebhookEndpoint workspaceId={workspace.id} onCreated={reread} />
          </section>
        </>
      )}
    </article>
  );
}
