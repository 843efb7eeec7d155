import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY, missingCapabilityText } from '../../capabilities';
import { NotFound } from '../../components/NotFound';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText, isNotFound } from '../../graphql/errors';
import { ConnectionStarts } from './ProviderConnectionPage';
import { TenantNav } from './TenantNav';

const ProviderConnectionsQuery = graphql(`
  query ProviderConnectionsPage($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      name
      entraTenantId
      viewerCapabilities
      providerConnections {
        id
        displayName
        clientId
        isDefault
        enabled
        consentStatus
        credentialStatus
        health
        blockers
      }
    }
  }
`);

const CreateProviderConnection = graphql(`
  mutation CreateProviderConnection($input: CreateProviderConnectionInput!) {
    createProviderConnection(input: $input) {
      id
      displayName
    }
  }
`);

/** Create a connection: the client secret goes to the API once and is never shown again. */
function CreateConnection(props: { tenantId: string; entraTenantId: string; onCreated: () => void }) {
  const [created, create] = useMutation(CreateProviderConnection);
  const [name, setName] = useState('');
  const [entra, setEntra] = useState(props.entraTenantId);
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [expires, setExpires] = useState('');
  const [makeDefault, setMakeDefault] = useState(false);
  const [stored, setStored] = useState<{ id: string; displayName: string } | null>(null);
  const ids = { name: useId(), entra: useId(), client: useId(), secret: useId(), expires: useId(), def: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStored(null);
    const result = await create({
      input: {
        tenantId: props.tenantId,
        displayName: name.trim(),
        entraTenantId: entra.trim(),
        clientId: clientId.trim(),
        clientSecret: secret || null,
        clientSecretExpiresAt: expires ? new Date(`${expires}T23:59:59Z`).toISOString() : null,
        makeDefault,
      },
    });
    // The secret leaves the page either way: it is never shown again.
    setSecret('');
    if (result.data) {
      setStored(result.data.createProviderConnection);
      setName('');
      setClientId('');
      props.onCreated();
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="connection-create">
      <h2 id="connection-create">Add a provider connection</h2>
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={ids.entra}>Entra tenant (directory) ID</label>
      <input id={ids.entra} required value={entra} onChange={(e) => setEntra(e.target.value)} />
      <label htmlFor={ids.client}>Client (application) ID</label>
      <input id={ids.client} required value={clientId} onChange={(e) => setClientId(e.target.value)} />
      <label htmlFor={ids.secret}>Client secret</label>
      <input
        id={ids.secret}
        type="password"
        autoComplete="off"
        maxLength={1024}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
      />
      <label htmlFor={ids.expires}>Secret expires on (optional)</label>
      <input id={ids.expires} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      <label>
        <input type="checkbox" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} /> Make it the
        tenant’s default
      </label>
      <div>
        <button type="submit" className="button button-primary" disabled={created.fetching}>
          Add connection
        </button>
      </div>
      {created.error ? (
        <p role="alert" className="error">
          {errorText(created.error)}
        </p>
      ) : null}
      <div role="status">
        {stored ? (
          <p className="secret-once">
            <Link to={`/tenants/${encodeURIComponent(props.tenantId)}/provider-connections/${stored.id}`}>
              {stored.displayName}
            </Link>{' '}
            is added. Its client secret is stored encrypted and will never be shown again; record admin consent next.
          </p>
        ) : null}
      </div>
    </form>
  );
}

/**
 * `/tenants/<id>/provider-connections`: every connection with its state and blockers, its health
 * check and verification starts, and (with provider_connection.manage) a new connection.
 */
export function ProviderConnectionsPage() {
  const { tenantId = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ProviderConnectionsQuery,
    variables: { tenantId },
    requestPolicy: 'cache-and-network',
  });
  const tenant = data?.tenant;
  useEffect(() => {
    if (tenant) document.title = `Provider connections · ${tenant.name} · MSP console`;
  }, [tenant]);
  if (fetching && !data) return <p className="muted">Loading the provider connections…</p>;
  if (!tenant && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!tenant) return <NotFound what="This tenant" />;
  const canManage = tenant.viewerCapabilities.includes(CAPABILITY.manageConnections);
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
      </nav>
      <h1>Provider connections</h1>
      <TenantNav tenantId={tenant.id} />
      {tenant.providerConnections.length === 0 ? (
        <p className="muted">This tenant has no provider connection.</p>
      ) : null}
      <ul className="steps">
        {tenant.providerConnections.map((c) => (
          <li key={c.id} className="step" aria-labelledby={`pc-${c.id}`}>
            <h2 id={`pc-${c.id}`}>
              <Link to={`/tenants/${encodeURIComponent(tenant.id)}/provider-connections/${c.id}`}>{c.displayName}</Link>
              {c.isDefault ? <span className="badge">Default</span> : null}
              {c.enabled ? null : <span className="badge">Disabled</span>}
            </h2>
            <p className="muted">
              <span className="mono">{c.clientId}</span> · consent {humanize(c.consentStatus).toLowerCase()} · secret{' '}
              {humanize(c.credentialStatus).toLowerCase()} · health {humanize(c.health).toLowerCase()}
            </p>
            <p>
              <span className="scan-label">Blockers: </span>
              {c.blockers.length === 0 ? 'none' : c.blockers.map((b) => humanize(b)).join(', ')}
            </p>
            <ConnectionStarts connectionId={c.id} capabilities={tenant.viewerCapabilities} />
          </li>
        ))}
      </ul>
      <section className="panel wide">
        {canManage ? (
          <CreateConnection
            tenantId={tenant.id}
            entraTenantId={tenant.entraTenantId}
            onCreated={() => refetch({ requestPolicy: 'network-only' })}
          />
        ) : (
          <>
            <h2>Add a provider connection</h2>
            <p className="disabled-reason">{missingCapabilityText(CAPABILITY.manageConnections)}</p>
          </>
        )}
      </section>
    </article>
  );
}
