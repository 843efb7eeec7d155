import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY, missingCapabilityText } from '../../capabilities';
import { NotFound } from '../../components/NotFound';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText } from '../../graphql/errors';

const OnboardingSessionsQuery = graphql(`
  query OnboardingSessionsPage {
    workspaces {
      id
      name
      viewerCanOnboard
      onboardingSessions {
        id
        status
        currentStep
        createdAt
        tenant {
          id
          name
        }
      }
    }
  }
`);

const CreateOnboardingSession = graphql(`
  mutation CreateOnboardingSession($workspaceId: ID!, $tenantName: String!, $entraTenantId: String!, $primaryDomain: String) {
    createOnboardingSession(
      workspaceId: $workspaceId
      tenantName: $tenantName
      entraTenantId: $entraTenantId
      primaryDomain: $primaryDomain
    ) {
      id
    }
  }
`);

/**
 * `/workspaces/<id>/onboarding`: the workspace's onboarding sessions and a new one (for whoever
 * the API says may onboard: `viewerCanOnboard`).
 */
export function OnboardingSessionsPage() {
  const { workspaceId = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, error, fetching }] = useQuery({ query: OnboardingSessionsQuery, requestPolicy: 'cache-and-network' });
  const [created, create] = useMutation(CreateOnboardingSession);
  const [name, setName] = useState('');
  const [entra, setEntra] = useState('');
  const [domain, setDomain] = useState('');
  const ids = { name: useId(), entra: useId(), domain: useId() };
  const workspace = data?.workspaces.find((w) => w.id === workspaceId);
  useEffect(() => {
    if (workspace) document.title = `Onboarding · ${workspace.name} · MSP console`;
  }, [workspace]);
  if (fetching && !data) return <p className="muted">Loading…</p>;
  if (error && !data) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!workspace) return <NotFound what="This workspace" />;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      workspaceId: workspace.id,
      tenantName: name.trim(),
      entraTenantId: entra.trim(),
      primaryDomain: domain.trim() || null,
    });
    if (result.data) navigate(`/onboarding/${result.data.createOnboardingSession.id}`);
  };
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/tenants">Tenants</Link> <span aria-hidden="true">/</span> <span>{workspace.name}</span>
      </nav>
      <h1>Onboarding</h1>
      <section className="panel wide" aria-labelledby="onboarding-sessions">
        <h2 id="onboarding-sessions">Sessions</h2>
        {workspace.onboardingSessions.length === 0 ? <p className="muted">No onboarding session yet.</p> : null}
        <ul className="plain-list">
          {workspace.onboardingSessions.map((s) => (
            <li key={s.id}>
              <Link to={`/onboarding/${s.id}`}>{s.tenant?.name ?? 'A new tenant'}</Link>{' '}
              <span className="muted">
                {humanize(s.status)} · at {humanize(s.currentStep).toLowerCase()} · started{' '}
                {formatDateTime(s.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel wide">
        {workspace.viewerCanOnboard ? (
          <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="onboarding-new">
            <h2 id="onboarding-new">Onboard a tenant</h2>
            <label htmlFor={ids.name}>Tenant name</label>
            <input id={ids.name} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            <label htmlFor={ids.entra}>Entra tenant (directory) ID</label>
            <input id={ids.entra} required value={entra} onChange={(e) => setEntra(e.target.value)} />
            <label htmlFor={ids.domain}>Primary domain (optional)</label>
            <input id={ids.domain} value={domain} onChange={(e) => setDomain(e.target.value)} />
            <div>
              <button type="submit" className="button button-primary" disabled={created.fetching}>
                Start onboarding
              </button>
            </div>
            {created.error ? (
              <p role="alert" className="error">
                {errorText(created.error)}
              </p>
            ) : null}
          </form>
        ) : (
          <>
            <h2>Onboard a tenant</h2>
            <p className="disabled-reason">{missingCapabilityText(CAPABILITY.onboard, 'workspace')}</p>
          </>
        )}
      </section>
    </article>
  );
}
