import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useRefetchOnReconnect } from '../../app/context';
import { NotFound } from '../../components/NotFound';
import { OperatorMessage } from '../../components/OperatorMessage';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { StartResultBanner } from '../../components/StartResultBanner';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText, isNotFound } from '../../graphql/errors';
import { useStart } from '../../graphql/start';
import { runPath } from '../../links';

const OnboardingSessionQuery = graphql(`
  query OnboardingSessionPage($id: ID!) {
    onboardingSession(id: $id) {
      id
      status
      currentStep
      createdAt
      completedAt
      cancelledAt
      workspace {
        id
        name
      }
      tenant {
        id
        name
        entraTenantId
        primaryDomain
        status
      }
      providerConnection {
        id
        displayName
        clientId
        consentStatus
        adminConsentUrl
      }
      steps {
        key
        status
        lastStartOutcome
        pendingOperations
        completedOperations
        message {
          headline
          ...OperatorMessage_OperatorMessageFragment
        }
        run {
          id
          operationType
          ...RunStatusBadge_OperationRunFragment
        }
      }
    }
  }
`);

const OnboardingLive = graphql(`
  subscription OnboardingLive($tenantId: ID!) {
    operationRunUpdated(tenantId: $tenantId) {
      run {
        id
        status
        ...RunStatusBadge_OperationRunFragment
      }
    }
  }
`);

const ConnectOnboardingProvider = graphql(`
  mutation ConnectOnboardingProvider($sessionId: ID!, $input: CreateProviderConnectionInput!) {
    connectOnboardingProvider(sessionId: $sessionId, input: $input) {
      id
      currentStep
    }
  }
`);

const RecordOnboardingConsent = graphql(`
  mutation RecordOnboardingConsent($id: ID!) {
    recordProviderConsent(id: $id, status: GRANTED) {
      id
      consentStatus
    }
  }
`);

const StartOnboardingVerification = graphql(`
  mutation StartOnboardingVerification($sessionId: ID!, $idempotencyKey: String) {
    startOnboardingVerification(sessionId: $sessionId, idempotencyKey: $idempotencyKey) {
      ... on ProviderOperationStart {
        message {
          headline
        }
      }
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

const StartOnboardingBootstrap = graphql(`
  mutation StartOnboardingBootstrap($sessionId: ID!, $operations: [ProviderOperationType!], $idempotencyKey: String) {
    startOnboardingBootstrap(sessionId: $sessionId, operations: $operations, idempotencyKey: $idempotencyKey) {
      ... on ProviderOperationStart {
        message {
          headline
        }
      }
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

const CompleteOnboarding = graphql(`
  mutation CompleteOnboarding($sessionId: ID!) {
    completeOnboarding(sessionId: $sessionId) {
      id
      status
      currentStep
    }
  }
`);

const CancelOnboarding = graphql(`
  mutation CancelOnboarding($sessionId: ID!) {
    cancelOnboarding(sessionId: $sessionId) {
      id
      status
    }
  }
`);

/** The operations bootstrap may run, in the order the API admits them. */
const BOOTSTRAP_OPERATIONS = ['DIRECTORY_GROUPS_SYNC', 'ROLE_DEFINITIONS_SYNC', 'POLICY_BACKUP'] as const;

function ConnectProvider(props: { sessionId: string; entraTenantId: string; tenantId: string; onDone: () => void }) {
  const [connected, connect] = useMutation(ConnectOnboardingProvider);
  const [name, setName] = useState('Graph app');
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const ids = { name: useId(), client: useId(), secret: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await connect({
      sessionId: props.sessionId,
      input: {
        tenantId: props.tenantId,
        displayName: name.trim(),
        entraTenantId: props.entraTenantId,
        clientId: clientId.trim(),
        clientSecret: secret,
        makeDefault: true,
      },
    });
    // Never kept on the page: the secret is stored encrypted and never shown again.
    setSecret('');
    if (!result.error) props.onDone();
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={ids.name}>Connection name</label>
      <input id={ids.name} required value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={ids.client}>Client (application) ID</label>
      <input id={ids.client} required value={clientId} onChange={(e) => setClientId(e.target.value)} />
      <label htmlFor={ids.secret}>Client secret</label>
      <input
        id={ids.secret}
        type="password"
        autoComplete="off"
        required
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
      />
      <div>
        <button type="submit" className="button button-primary" disabled={connected.fetching}>
          Connect provider
        </button>
      </div>
      {connected.error ? (
        <p role="alert" className="error">
          {errorText(connected.error)}
        </p>
      ) : null}
    </form>
  );
}

/**
 * `/onboarding/<sessionId>`: the wizard for one session, every step on one page in order: the
 * tenant, its provider connection and admin consent, verification, bootstrap (one run admitted
 * at a time, the remaining work visible on the step), then complete, or cancel.
 */
export function OnboardingPage() {
  const { sessionId = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OnboardingSessionQuery,
    variables: { id: sessionId },
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useRefetchOnReconnect(reload);
  const session = data?.onboardingSession;
  const [live] = useSubscription({
    query: OnboardingLive,
    variables: { tenantId: session?.tenant?.id ?? '' },
    pause: !session?.tenant,
  });
  const liveRun = live.data?.operationRunUpdated.run;
  const liveKey = liveRun ? `${liveRun.id}:${liveRun.status}` : '';
  // A run of this tenant moved: the steps (their status, the remaining work) are read again.
  useEffect(() => {
    if (liveKey) refetch({ requestPolicy: 'network-only' });
  }, [liveKey, refetch]);
  const [consenting, recordConsent] = useMutation(RecordOnboardingConsent);
  const [verification, startVerification] = useStart(StartOnboardingVerification);
  const [bootstrap, startBootstrap] = useStart(StartOnboardingBootstrap);
  const [completing, complete] = useMutation(CompleteOnboarding);
  const [cancelling, cancel] = useMutation(CancelOnboarding);
  const [selection, setSelection] = useState<string[]>([...BOOTSTRAP_OPERATIONS]);
  const [confirmCancel, setConfirmCancel] = useState(false);
  useEffect(() => {
    if (session) document.title = `Onboarding ${session.tenant?.name ?? ''} · MSP console`;
  }, [session]);

  if (fetching && !data) return <p className="muted">Loading the onboarding session…</p>;
  if (!session && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!session) return <NotFound what="This onboarding session" />;
  const open = session.status === 'ACTIVE';
  const step = (key: string) => session.steps.find((s) => s.key === key);
  const connection = session.providerConnection;
  const tenant = session.tenant;
  const stepError = [consenting, verification, bootstrap, completing, cancelling].find((s) => s.error)?.error;
  // A click's answer stays in its banner; the step's own message (how its run ended, what
  // remains) is shown besides it unless it says the same thing. Both are the API's messages.
  const answers: Record<string, string | undefined> = {
    VERIFICATION: verification.data?.startOnboardingVerification.message.headline,
    BOOTSTRAP: bootstrap.data?.startOnboardingBootstrap.message.headline,
  };
  const repeats = (key: string, headline: string) => answers[key] === headline;

  const body = (key: string) => {
    switch (key) {
      case 'TENANT_DETAILS':
        return tenant ? (
          <p>
            {tenant.name} · {tenant.primaryDomain ?? '—'} · <span className="mono">{tenant.entraTenantId}</span> ·{' '}
            {humanize(tenant.status)}
          </p>
        ) : null;
      case 'PROVIDER_CONNECTION':
        if (!tenant) return null;
        if (!connection) {
          return open ? (
            <ConnectProvider
              sessionId={session.id}
              tenantId={tenant.id}
              entraTenantId={tenant.entraTenantId}
              onDone={reload}
            />
          ) : null;
        }
        return (
          <>
            <p>
              <Link to={`/tenants/${encodeURIComponent(tenant.id)}/provider-connections/${connection.id}`}>
                {connection.displayName}
              </Link>{' '}
              <span className="mono muted">{connection.clientId}</span> · admin consent{' '}
              {humanize(connection.consentStatus).toLowerCase()}
            </p>
            {connection.consentStatus === 'GRANTED' ? null : (
              <>
                <p>
                  <a href={connection.adminConsentUrl} target="_blank" rel="noreferrer noopener">
                    Open the Entra admin-consent page
                  </a>{' '}
                  for a Global Administrator of the customer’s directory, then record it here.
                </p>
                <button
                  type="button"
                  className="button button-primary"
                  disabled={!open || consenting.fetching}
                  onClick={() => void recordConsent({ id: connection.id }).then(reload)}
                >
                  Record consent granted
                </button>
              </>
            )}
          </>
        );
      case 'VERIFICATION':
        return (
          <>
            <button
              type="button"
              className="button button-primary"
              disabled={!open || !connection || verification.fetching}
              onClick={() => void startVerification({ sessionId: session.id }).then(reload)}
            >
              Start verification
            </button>
            {verification.data && !verification.fetching ? (
              <StartResultBanner result={verification.data.startOnboardingVerification} />
            ) : null}
          </>
        );
      case 'BOOTSTRAP': {
        const s = step('BOOTSTRAP');
        return (
          <>
            <fieldset disabled={!open}>
              <legend>Operations to bootstrap (admitted one at a time)</legend>
              {BOOTSTRAP_OPERATIONS.map((op) => (
                <label key={op} className="check">
                  <input
                    type="checkbox"
                    checked={selection.includes(op)}
                    onChange={(e) =>
                      setSelection((prev) => (e.target.checked ? [...prev, op] : prev.filter((o) => o !== op)))
                    }
                  />{' '}
                  {humanize(op)}
                </label>
              ))}
            </fieldset>
            {s ? (
              <dl className="facts" aria-label="Bootstrap work">
                <dt>Remaining</dt>
                <dd data-testid="bootstrap-remaining">
                  {s.pendingOperations.length ? s.pendingOperations.map((o) => humanize(o)).join(', ') : 'None'}
                </dd>
                <dt>Done</dt>
                <dd>
                  {s.completedOperations.length ? s.completedOperations.map((o) => humanize(o)).join(', ') : 'None'}
                </dd>
              </dl>
            ) : null}
            <button
              type="button"
              className="button button-primary"
              disabled={!open || selection.length === 0 || bootstrap.fetching}
              onClick={() =>
                void startBootstrap({
                  sessionId: session.id,
                  operations: BOOTSTRAP_OPERATIONS.filter((o) => selection.includes(o)),
                }).then(reload)
              }
            >
              Start bootstrap
            </button>
            {bootstrap.data && !bootstrap.fetching ? (
              <StartResultBanner result={bootstrap.data.startOnboardingBootstrap} />
            ) : null}
          </>
        );
      }
      case 'COMPLETE':
        return open ? (
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={completing.fetching}
              onClick={() => void complete({ sessionId: session.id }).then(reload)}
            >
              Complete onboarding
            </button>
            {confirmCancel ? (
              <>
                <button
                  type="button"
                  className="button button-danger"
                  disabled={cancelling.fetching}
                  onClick={() => void cancel({ sessionId: session.id }).then(reload)}
                >
                  Confirm cancel
                </button>
                <button type="button" className="button" onClick={() => setConfirmCancel(false)}>
                  Keep onboarding
                </button>
              </>
            ) : (
              <button type="button" className="button button-danger" onClick={() => setConfirmCancel(true)}>
                Cancel onboarding
              </button>
            )}
          </div>
        ) : (
          <p>
            {session.completedAt ? `Completed ${formatDateTime(session.completedAt)}. ` : ''}
            {session.cancelledAt ? `Cancelled ${formatDateTime(session.cancelledAt)}.` : ''}
            {tenant && session.completedAt ? (
              <>
                {' '}
                <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>Open {tenant.name}</Link>
              </>
            ) : null}
          </p>
        );
      default:
        return null;
    }
  };

  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/workspaces/${encodeURIComponent(session.workspace.id)}/onboarding`}>
          {session.workspace.name} · Onboarding
        </Link>
      </nav>
      <h1>Onboarding {tenant?.name ?? ''}</h1>
      <p className="muted">
        {humanize(session.status)} · now at {humanize(session.currentStep).toLowerCase()} · started{' '}
        {formatDateTime(session.createdAt)}
      </p>
      {stepError ? (
        <p role="alert" className="error">
          {errorText(stepError)}
        </p>
      ) : null}
      <ol className="steps">
        {session.steps.map((s) => (
          <li
            key={s.key}
            className="step"
            aria-labelledby={`step-${s.key}`}
            aria-current={session.currentStep === s.key ? 'step' : undefined}
            data-step={s.key}
            data-status={s.status}
          >
            <h2 id={`step-${s.key}`}>
              {humanize(s.key)} <span className="badge">{humanize(s.status)}</span>
            </h2>
            {s.message && !repeats(s.key, s.message.headline) ? (
              <OperatorMessage message={s.message} tone="neutral" />
            ) : null}
            {s.run ? (
              <p>
                Run: <RunStatusBadge run={s.run} /> <Link to={runPath(s.run.id)}>{humanize(s.run.operationType)}</Link>
              </p>
            ) : null}
            {body(s.key)}
          </li>
        ))}
      </ol>
    </article>
  );
}
