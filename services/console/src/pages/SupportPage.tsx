import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { runPath } from '../links';

const SupportRunQuery = graphql(`
  query SupportRun($id: ID!) {
    operationRun(id: $id) {
      id
      url
      operationType
      tenant {
        id
        name
      }
      reason {
        code
        problemClass
        detail
      }
      message {
        headline
        nextStep
      }
    }
  }
`);

/**
 * `/support?run=<id>`, where CONTACT_SUPPORT points: what to send support (the run's canonical
 * link and its reason code), read from the API.
 */
export function SupportPage() {
  const [params] = useSearchParams();
  const runId = params.get('run');
  const [{ data }] = useQuery({ query: SupportRunQuery, variables: { id: runId ?? '' }, pause: !runId });
  const run = data?.operationRun;
  useEffect(() => {
    document.title = 'Support · MSP console';
  }, []);
  return (
    <article aria-labelledby="support-title">
      <h1 id="support-title">Contact support</h1>
      <p>Send your support contact the run link below and the problem it shows; they can open the same run.</p>
      {run ? (
        <section className="panel" aria-labelledby="support-run">
          <h2 id="support-run">The run</h2>
          <dl className="facts">
            <dt>Run link</dt>
            <dd className="mono">
              <Link to={runPath(run.id)}>{run.url}</Link>
            </dd>
            <dt>Tenant</dt>
            <dd>{run.tenant.name}</dd>
            {run.reason ? (
              <>
                <dt>Reason code</dt>
                <dd className="mono">{run.reason.code}</dd>
                <dt>Detail</dt>
                <dd>{run.reason.detail ?? '—'}</dd>
              </>
            ) : null}
          </dl>
          <p>
            <strong>{run.message.headline}</strong> {run.message.nextStep}
          </p>
        </section>
      ) : runId ? (
        <p className="muted">The run {runId} is not one you can open; send support its id.</p>
      ) : (
        <p className="muted">Include the link of the run that went wrong, from Monitoring → Operations.</p>
      )}
    </article>
  );
}
