import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY } from '../../capabilities';
import { NotFound } from '../../components/NotFound';
import { CapabilityButton } from '../../components/StartButton';
import { StartResultBanner } from '../../components/StartResultBanner';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText, isNotFound } from '../../graphql/errors';
import { useStart } from '../../graphql/start';
import { TenantNav } from './TenantNav';

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
      health
      lastHealthCheckAt
      recordedPermissions
      permissionDrift {
        missingPermissions
        extraPermissions
        detectedAt
      }
      adminConsentUrl
      blockers
      tenant {
        id
        name
        viewerCapabilities
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
      blockers
    }
  }
`);

const SetDefaultProviderConnection = graphql(`
  mutation SetDefaultProviderConnection($id: ID!) {
    setDefaultProviderConnection(id: $id) {
      id
      isDefault
      blockers
      tenant {
        id
      }
    }
  }
`);

const EnableProviderConnection = graphql(`
  mutation EnableProviderConnection($id: ID!) {
    enableProviderConnection(id: $id) {
      id
      enabled
      blockers
    }
  }
`);

const DisableProviderConnection = graphql(`
  mutation DisableProviderConnection($id: ID!) {
    disableProviderConnection(id: $id) {
      id
      enabled
      blockers
    }
  }
`);

const RecordProviderConsent = graphql(`
  mutation RecordProviderConsent($id: ID!, $status: ConsentStatus!) {
    recordProviderConsent(id: $id, status: $status) {
      id
      consentStatus
      blockers
    }
  }
`);

const DeleteProviderConnection = graphql(`
  mutation DeleteProviderConnection($id: ID!) {
    deleteProviderConnection(id: $id)
  }
`);

const StartConnectionHealthCheck = graphql(`
  mutation StartProviderConnectionHealthCheck($providerConnectionId: ID!, $idempotencyKey: String) {
    startProviderConnectionHealthCheck(providerConnectionId: $providerConnectionId, idempotencyKey: $idempotencyKey) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

const StartConnectionVerification = graphql(`
  mutation StartProviderConnectionVerification($providerConnectionId: ID!, $idempotencyKey: String) {
    startProviderConnectionVerification(providerConnectionId: $providerConnectionId, idempotencyKey: $idempotencyKey) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

/** Health check and verification of one connection, answered in the start-result banner. */
export function ConnectionStarts(props: { connectionId: string; capabilities: readonly string[] }) {
  const [health, startHealth] = useStart(StartConnectionHealthCheck);
  const [verification, startVerification] = useStart(StartConnectionVerification);
  const [last, setLast] = useState<'health' | 'verification' | null>(null);
  const busy = health.fetching || verification.fetching;
  const result =
    last === 'health'
      ? health.data?.startProviderConnectionHealthCheck
      : last === 'verification'
        ? verification.data?.startProviderConnectionVerification
        : undefined;
  const error = (last === 'health' ? health : verification).error;
  return (
    <div className="starts">
      <div className="button-row">
        <CapabilityButton
          label="Check health"
          capability={CAPABILITY.start.PROVIDER_CONNECTION_HEALTH_CHECK}
          capabilities={props.capabilities}
          busy={busy}
          onClick={() => {
            setLast('health');
            void startHealth({ providerConnectionId: props.connectionId });
          }}
        />
        <CapabilityButton
          label="Verify connection"
          capability={CAPABILITY.start.PROVIDER_VERIFICATION}
          capabilities={props.capabilities}
          busy={busy}
          onClick={() => {
            setLast('verification');
            void startVerification({ providerConnectionId: props.connectionId });
          }}
        />
      </div>
      {error && !busy ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
      {result && !busy ? <StartResultBanner result={result} /> : null}
    </div>
  );
}

/**
 * What Entra grants the connection's app against what was recorded at its verification, as the
 * latest health check found it: a drift names the permissions missing (operations needing them are
 * blocked) and those granted beyond the verified set.
 */
function PermissionState(props: {
  drift: { missingPermissions: readonly string[]; extraPermissions: readonly string[]; detectedAt: string } | null;
  recorded: readonly string[] | null;
}) {
  const { drift, recorded } = props;
  if (drift) {
    return (
      <>
        <strong>Changed in Entra</strong> (found {formatDateTime(drift.detectedAt)})
        {drift.missingPermissions.length > 0 ? (
          <>
            <br />
            No longer granted: <span className="mono">{drift.missingPermissions.join(', ')}</span>
          </>
        ) : null}
        {drift.extraPermissions.length > 0 ? (
          <>
            <br />
            Granted beyond the verified set: <span className="mono">{drift.extraPermissions.join(', ')}</span>
          </>
        ) : null}
      </>
    );
  }
  if (recorded === null) return <>Not verified yet</>;
  return <>As verified ({recorded.length} granted)</>;
}

/**
 * `/tenants/<id>/provider-connections/<id>`: the connection's identity, state and blockers, its
 * lifecycle (default, enable/disable, admin consent with the real Entra page, secret rotation,
 * delete) where the viewer holds provider_connection.manage, and its health check and
 * verification starts.
 */
export function ProviderConnectionPage() {
  const { tenantId = '', connectionId = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, error, fetching }] = useQuery({ query: ProviderConnectionQuery, variables: { id: connectionId } });
  const [rotation, rotate] = useMutation(RotateProviderCredentials);
  const [lifecycle, setDefault] = useMutation(SetDefaultProviderConnection);
  const [enabling, enable] = useMutation(EnableProviderConnection);
  const [disabling, disable] = useMutation(DisableProviderConnection);
  const [consenting, recordConsent] = useMutation(RecordProviderConsent);
  const [deleting, remove] = useMutation(DeleteProviderConnection);
  const [secret, setSecret] = useState('');
  const [expires, setExpires] = useState('');
  const [done, setDone] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
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
  // A connection of another tenant under this tenant's URL is not here either.
  if (!connection || (tenantId && connection.tenant.id !== tenantId))
    return <NotFound what="This provider connection" />;
  const capabilities = connection.tenant.viewerCapabilities;
  const manage = CAPABILITY.manageConnections;
  const lifecycleError = [lifecycle, enabling, disabling, consenting, deleting].find((s) => s.error)?.error;

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
  const list = `/tenants/${encodeURIComponent(connection.tenant.id)}/provider-connections`;

  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/tenants/${encodeURIComponent(connection.tenant.id)}`}>{connection.tenant.name}</Link>{' '}
        <span aria-hidden="true">/</span> <Link to={list}>Provider connections</Link>
      </nav>
      <h1>{connection.displayName}</h1>
      <TenantNav tenantId={connection.tenant.id} />
      <section className="panel starts" aria-labelledby="connection-starts">
        <h2 id="connection-starts">Check this connection</h2>
        <ConnectionStarts connectionId={connection.id} capabilities={capabilities} />
      </section>
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
            <dt>Health</dt>
            <dd>
              {humanize(connection.health)}
              {connection.lastHealthCheckAt ? `, checked ${formatDateTime(connection.lastHealthCheckAt)}` : ''}
            </dd>
            <dt>Application permissions</dt>
            <dd data-permission-drift={connection.permissionDrift ? 'true' : 'false'}>
              <PermissionState
                drift={connection.permissionDrift ?? null}
                recorded={connection.recordedPermissions ?? null}
              />
            </dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="connection-blockers">
          <h2 id="connection-blockers">Blockers</h2>
          {connection.blockers.length === 0 ? (
            <p className="muted">Nothing blocks a start on this connection.</p>
          ) : (
            <ul className="plain-list">
              {connection.blockers.map((code) => (
                <li key={code} data-reason-code={code}>
                  {humanize(code)}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">Start an operation to read the full reason and next step.</p>
        </section>
        <section className="panel" aria-labelledby="connection-consent">
          <h2 id="connection-consent">Admin consent</h2>
          <p>
            A Global Administrator of the customer’s directory grants consent on Entra’s own page; record it here
            afterwards.
          </p>
          <p>
            <a href={connection.adminConsentUrl} target="_blank" rel="noreferrer noopener">
              Open the Entra admin-consent page
            </a>
          </p>
          <div className="button-row">
            <CapabilityButton
              label="Record consent granted"
              capability={manage}
              capabilities={capabilities}
              busy={consenting.fetching}
              disabled={connection.consentStatus === 'GRANTED'}
              onClick={() => void recordConsent({ id: connection.id, status: 'GRANTED' })}
            />
            <CapabilityButton
              label="Record consent revoked"
              capability={manage}
              capabilities={capabilities}
              busy={consenting.fetching}
              disabled={connection.consentStatus === 'REVOKED'}
              tone="plain"
              onClick={() => void recordConsent({ id: connection.id, status: 'REVOKED' })}
            />
          </div>
        </section>
      </div>
      <div className="panels">
        <section className="panel" aria-labelledby="connection-lifecycle">
          <h2 id="connection-lifecycle">Lifecycle</h2>
          <div className="button-row">
            <CapabilityButton
              label="Make default"
              capability={manage}
              capabilities={capabilities}
              busy={lifecycle.fetching}
              disabled={connection.isDefault}
              onClick={() => void setDefault({ id: connection.id })}
            />
            {connection.enabled ? (
              <CapabilityButton
                label="Disable"
                capability={manage}
                capabilities={capabilities}
                busy={disabling.fetching}
                tone="plain"
                onClick={() => void disable({ id: connection.id })}
              />
            ) : (
              <CapabilityButton
                label="Enable"
                capability={manage}
                capabilities={capabilities}
                busy={enabling.fetching}
                onClick={() => void enable({ id: connection.id })}
              />
            )}
            {confirmDelete ? (
              <>
                <button
                  type="button"
                  className="button button-danger"
                  disabled={deleting.fetching}
                  onClick={() =>
                    void remove({ id: connection.id }).then((r) => {
                      if (!r.error) navigate(list);
                    })
                  }
                >
                  Confirm delete
                </button>
                <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <CapabilityButton
                label="Delete"
                capability={manage}
                capabilities={capabilities}
                tone="danger"
                onClick={() => setConfirmDelete(true)}
              />
            )}
          </div>
          {lifecycleError ? (
            <p role="alert" className="error">
              {errorText(lifecycleError)}
            </p>
          ) : null}
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
              disabled={!capabilities.includes(manage)}
              onChange={(e) => setSecret(e.target.value)}
            />
            <label htmlFor={expiresId}>Expires on (optional)</label>
            <input
              id={expiresId}
              type="date"
              value={expires}
              disabled={!capabilities.includes(manage)}
              onChange={(e) => setExpires(e.target.value)}
            />
            <div>
              <CapabilityButton
                type="submit"
                label="Rotate secret"
                capability={manage}
                capabilities={capabilities}
                busy={rotation.fetching}
                disabled={!secret}
              />
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
