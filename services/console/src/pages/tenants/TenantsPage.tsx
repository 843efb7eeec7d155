import { useEffect } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { CAPABILITY } from '../../capabilities';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText } from '../../graphql/errors';

const TenantsPageQuery = graphql(`
  query TenantsPage {
    workspaces {
      id
      name
      viewerCanOnboard
      viewerCapabilities
      tenants {
        id
        name
        primaryDomain
        status
      }
    }
  }
`);

/** `/tenants`: the tenants of every workspace the user belongs to, and onboarding where allowed. */
export function TenantsPage() {
  const [{ data, error }] = useQuery({ query: TenantsPageQuery });
  useEffect(() => {
    document.title = 'Tenants · MSP console';
  }, []);
  return (
    <section aria-labelledby="tenants-title">
      <h1 id="tenants-title">Tenants</h1>
      {error ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
      {data?.workspaces.map((workspace) => (
        <section key={workspace.id} className="panel wide" aria-labelledby={`ws-${workspace.id}`}>
          <h2 id={`ws-${workspace.id}`}>{workspace.name}</h2>
          {workspace.tenants.length === 0 ? <p className="muted">No tenants yet.</p> : null}
          <ul className="plain-list">
            {workspace.tenants.map((t) => (
              <li key={t.id}>
                <Link to={`/tenants/${encodeURIComponent(t.id)}`}>{t.name}</Link>{' '}
                <span className="muted">
                  {t.primaryDomain ?? ''} · {humanize(t.status)}
                </span>
              </li>
            ))}
          </ul>
          {workspace.viewerCanOnboard ||
          workspace.viewerCapabilities.includes(CAPABILITY.manageWebhooks) ||
          workspace.viewerCapabilities.includes(CAPABILITY.manageApiClients) ? (
            <nav aria-label={`Workspace ${workspace.name}`} className="button-row">
              {workspace.viewerCanOnboard ? (
                <Link to={`/workspaces/${encodeURIComponent(workspace.id)}/onboarding`}>Onboarding</Link>
              ) : null}
              {workspace.viewerCapabilities.includes(CAPABILITY.manageWebhooks) ? (
                <Link to={`/workspaces/${encodeURIComponent(workspace.id)}/webhooks`}>Webhooks</Link>
              ) : null}
              {workspace.viewerCapabilities.includes(CAPABILITY.manageApiClients) ? (
                <Link to={`/workspaces/${encodeURIComponent(workspace.id)}/api-clients`}>API clients</Link>
              ) : null}
            </nav>
          ) : null}
        </section>
      ))}
    </section>
  );
}
