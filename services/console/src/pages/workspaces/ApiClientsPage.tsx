import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY, missingCapabilityText } from '../../capabilities';
import { ApiClientCredentials } from '../../components/ApiClientCredentials';
import { ApiClientItem } from '../../components/ApiClientItem';
import { ApiError } from '../../components/ApiError';
import { NotFound } from '../../components/NotFound';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import { TenantRole } from '../../gql/graphql';
import { errorText } from '../../graphql/errors';

/**
 * The workspace as the viewer sees it, with its tenants (the tenant restriction is chosen among
 * them): the API has no `workspace(id)`, so the viewer's workspaces are read and this one picked.
 */
const ApiClientsWorkspaceQuery = graphql(`
  query ApiClientsWorkspace {
    workspaces {
      id
      name
      viewerCapabilities
      tenants {
        id
        name
      }
    }
  }
`);

const ApiClientsQuery = graphql(`
  query ApiClients($workspaceId: ID!) {
    apiClients(workspaceId: $workspaceId) {
      id
      revokedAt
      ...ApiClientItem_ApiClientFragment
    }
  }
`);

const CreateApiClient = graphql(`
  mutation CreateApiClient(
    $workspaceId: ID!
    $name: String!
    $roleCeiling: TenantRole!
    $tenantIds: [ID!]
    $trustedDocumentsOnly: Boolean
  ) {
    createApiClient(
      workspaceId: $workspaceId
      name: $name
      roleCeiling: $roleCeiling
      tenantIds: $tenantIds
      trustedDocumentsOnly: $trustedDocumentsOnly
    ) {
      clientId
      clientSecret
      client {
        id
        name
      }
    }
  }
`);

type Role = (typeof TenantRole)[keyof typeof TenantRole];
/**
 * The ceilings `createApiClient` accepts: the schema's `TenantRole` but OWNER, which the API
 * refuses for a client (members and archiving stay with people; `roleCeiling`'s description).
 */
const CEILINGS = (Object.values(TenantRole) as Role[]).filter((role) => role !== TenantRole.Owner);

/** A new client: name, role ceiling, optional tenants; the answer's id and secret shown once. */
function NewApiClient(props: {
  workspaceId: string;
  tenants: ReadonlyArray<{ id: string; name: string }>;
  onCreated: () => void;
}) {
  const [created, create] = useMutation(CreateApiClient);
  const [name, setName] = useState('');
  const [roleCeiling, setRoleCeiling] = useState<Role>(TenantRole.Readonly);
  const [restrict, setRestrict] = useState(false);
  const [tenantIds, setTenantIds] = useState<string[]>([]);
  const [trustedOnly, setTrustedOnly] = useState(false);
  const [secret, setSecret] = useState<{ name: string; clientId: string; clientSecret: string } | null>(null);
  const ids = { name: useId(), role: useId(), roleHelp: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    const result = await create({
      workspaceId: props.workspaceId,
      name: name.trim(),
      roleCeiling,
      // Left out: every tenant of the workspace the creator could grant (and later ones).
      tenantIds: restrict ? tenantIds : null,
      trustedDocumentsOnly: trustedOnly,
    });
    const answer = result.data?.createApiClient;
    if (answer) {
      setSecret({ name: answer.client.name, clientId: answer.clientId, clientSecret: answer.clientSecret });
      setName('');
      setTenantIds([]);
      setRestrict(false);
      setTrustedOnly(false);
      props.onCreated();
    }
  };
  return (
    <>
      <form className="form api-client-form" onSubmit={(e) => void submit(e)} aria-labelledby="api-client-new">
        <h2 id="api-client-new">New API client</h2>
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor={ids.role}>Role ceiling</label>
        <select
          id={ids.role}
          aria-describedby={ids.roleHelp}
          value={roleCeiling}
          onChange={(e) => setRoleCeiling(e.target.value as Role)}
        >
          {CEILINGS.map((role) => (
            <option key={role} value={role}>
              {humanize(role)}
            </option>
          ))}
        </select>
        <span id={ids.roleHelp} className="muted">
          The client holds this role on each of its tenants, never more than yours there.
        </span>
        <fieldset>
          <legend>Tenants</legend>
          <label className="check">
            <input type="radio" name="api-client-scope" checked={!restrict} onChange={() => setRestrict(false)} /> Every
            tenant I can grant (and ones added later)
          </label>
          <label className="check">
            <input type="radio" name="api-client-scope" checked={restrict} onChange={() => setRestrict(true)} /> Only
            the tenants chosen
          </label>
          {restrict ? (
            <fieldset>
              <legend>Chosen tenants</legend>
              {props.tenants.map((tenant) => (
                <label key={tenant.id} className="check">
                  <input
                    type="checkbox"
                    value={tenant.id}
                    checked={tenantIds.includes(tenant.id)}
                    onChange={(e) =>
                      setTenantIds((current) =>
                        e.target.checked ? [...current, tenant.id] : current.filter((t) => t !== tenant.id),
                      )
                    }
                  />{' '}
                  {tenant.name}
                </label>
              ))}
            </fieldset>
          ) : null}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={trustedOnly} onChange={(e) => setTrustedOnly(e.target.checked)} /> Registered
          (persisted) documents only
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={created.fetching}>
            Create API client
          </button>
        </div>
        {created.error ? <ApiError error={created.error} /> : null}
      </form>
      {/* Outside the form: the credentials are wider than its fields. */}
      <div role="status">
        {secret ? (
          <ApiClientCredentials
            name={secret.name}
            clientId={secret.clientId}
            clientSecret={secret.clientSecret}
            onDismiss={() => setSecret(null)}
          />
        ) : null}
      </div>
    </>
  );
}

/**
 * `/workspaces/<id>/api-clients`: the workspace's API clients (partner tools signing in by OAuth
 * client credentials), each with its scope, use and state, rotate and revoke, and a new one; for a
 * viewer holding `workspace.api_clients.manage` (the API's `Workspace.viewerCapabilities`). Anyone
 * else in the workspace is told which capability it takes; the API refuses them anyway.
 */
export function ApiClientsPage() {
  const { workspaceId = '' } = useParams();
  const [workspaces] = useQuery({ query: ApiClientsWorkspaceQuery, requestPolicy: 'cache-and-network' });
  const workspace = workspaces.data?.workspaces.find((w) => w.id === workspaceId);
  const canManage = Boolean(workspace?.viewerCapabilities.includes(CAPABILITY.manageApiClients));
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ApiClientsQuery,
    variables: { workspaceId },
    requestPolicy: 'cache-and-network',
    pause: !canManage,
  });
  useEffect(() => {
    if (workspace) document.title = `API clients · ${workspace.name} · MSP console`;
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
  const clients = data?.apiClients;
  const active = clients?.filter((c) => !c.revokedAt);
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/tenants">{workspace.name}</Link>
      </nav>
      <h1>API clients</h1>
      <p className="muted">
        Partner tools and scripts sign in as an API client (OAuth 2.0 client credentials) and act within its role
        ceiling on its tenants; their runs name the client.
      </p>
      {!canManage ? (
        <section className="panel wide">
          <p className="disabled-reason">{missingCapabilityText(CAPABILITY.manageApiClients, 'workspace')}</p>
        </section>
      ) : (
        <>
          <section className="panel wide" aria-labelledby="api-client-list">
            <h2 id="api-client-list">
              {clients ? (clients.length === 0 ? 'No API clients' : `API clients (${clients.length})`) : 'API clients'}
            </h2>
            {active && clients && clients.length > 0 ? (
              <p className="muted">
                {active.length} active, {clients.length - active.length} revoked; oldest first.
              </p>
            ) : null}
            {fetching && !data ? <p className="muted">Loading the API clients…</p> : null}
            {error ? <ApiError error={error} /> : null}
            {clients?.length === 0 ? <p className="muted">No partner tool signs in to this workspace yet.</p> : null}
            <ul className="steps">
              {clients?.map((client) => (
                <ApiClientItem key={client.id} client={client} />
              ))}
            </ul>
          </section>
          <section className="panel wide">
            <NewApiClient
              workspaceId={workspace.id}
              tenants={workspace.tenants}
              onCreated={() => refetch({ requestPolicy: 'network-only' })}
            />
          </section>
        </>
      )}
    </article>
  );
}
