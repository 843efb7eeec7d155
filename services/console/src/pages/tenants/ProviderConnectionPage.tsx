import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { NotFound } from '../../components/NotFound';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText, isNotFound } from '../../graphql/errors';

const ProviderConnectionQuery = graphql(`
  query ProviderConnectionPage($id: ID!) {
    providerConnection(id: $id) {
      id
      displayName
      clientId
      entraTenantId
      isDefault
      enabled
      consentStatus
      credentialStatus
      credentialExpiresAt
      tenant {
        id
        name
      }
    }
  }
`);

const RotateProviderCredentials = graphql(`
  mutation RotateProviderCredentials($id: ID!, $clientSecret: String!, $expiresAt: DateTime) {
    rotateProviderCredentials(id: $id, clientSecret: $clientSecret, expiresAt: $expiresAt) {
      id
      credentialStatus
      credentialExpiresAt
    }
  }
`);

/**
 * `/tenants/<id>/provider-connections/<id>`, where a run's "rotate credentials" action points:
 * the connection's identity and state, and the secret rotation. (The full connection pages with
 * every lifecycle action come with the action pages.)
 */
export function ProviderConnectionPage() {
  const { connectionId = '' } = useParams();
  const [{ data, error, fetching }] = useQuery({ query: ProviderConnectionQuery, variables: { id: connectionId } });
  const [rotation, rotate] = useMutation(RotateProviderCredentials);
  const [secret, setSecret] = useState('');
  const [expires, setExpires] = useState('');
  const [done, setDone] = useState(false);
  const secretId = useId();
  const expiresId = useId();
  const connection = data?.providerConnection;
  useEffect(() => {
    if (connection) document.title = `${connection.displayName} · MSP console`;
  }, [connection]);

  if (fetching && !data) return <p className="muted">Loading the provider connection…</p>;
  if (!connection && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!connection) return <NotFound what="This provider connection" />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const result = await rotate({
      id: connection.id,
      clientSecret: secret,
      expiresAt: expires ? new Date(`${expires}T23:59:59Z`).toISOString() : null,
    });
    if (!result.error) {
      setSecret('');
      setDone(true);
    }
  };

  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <span>{connection.tenant.name}</span> <span aria-hidden="true">/</span> <span>Provider connections</span>
      </nav>
      <h1>{connection.displayName}</h1>
      <div className="panels">
        <section className="panel" aria-labelledby="connection-identity">
          <h2 id="connection-identity">Identity</h2>
          <dl className="facts">
            <dt>Client ID</dt>
            <dd className="mono">{connection.clientId}</dd>
            <dt>Entra tenant</dt>
            <dd className="mono">{connection.entraTenantId}</dd>
            <dt>Default</dt>
            <dd>{connection.isDefault ? 'Yes' : 'No'}</dd>
            <dt>Enabled</dt>
            <dd>{connection.enabled ? 'Yes' : 'No'}</dd>
            <dt>Admin consent</dt>
            <dd>{humanize(connection.consentStatus)}</dd>
            <dt>Client secret</dt>
            <dd>
              {humanize(connection.credentialStatus)}
              {connection.credentialExpiresAt ? `, expires ${formatDateTime(connection.credentialExpiresAt)}` : ''}
            </dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="connection-rotate">
          <h2 id="connection-rotate">Rotate the client secret</h2>
          <p className="muted">
            Create a new client secret for the app registration in Entra, then paste it here. It is stored encrypted and
            never shown again.
          </p>
          <form className="form" onSubmit={(e) => void submit(e)}>
            <label htmlFor={secretId}>New client secret</label>
            <input
              id={secretId}
              type="password"
              autoComplete="off"
              required
              maxLength={1024}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
            <label htmlFor={expiresId}>Expires on (optional)</label>
            <input id={expiresId} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
            <div>
              <button type="submit" className="button button-primary" disabled={rotation.fetching || !secret}>
                Rotate secret
              </button>
            </div>
          </form>
          {rotation.error ? (
            <p role="alert" className="error">
              {errorText(rotation.error)}
            </p>
          ) : null}
          <div role="status">
            {done ? (
              <p className="success">
                The new secret is stored. Start the operation again from{' '}
                <Link to="/monitoring/operations">Monitoring</Link> or the tenant.
              </p>
            ) : null}
          </div>
        </section>
      </div>
    </article>
  );
}
