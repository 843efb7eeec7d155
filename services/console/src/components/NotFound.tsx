import { Link } from 'react-router';

/**
 * The one not-found page: a run that does not exist and one of a tenant the user is not a
 * member of look the same (the API answers NOT_FOUND for both).
 */
export function NotFound(props: { what?: string }) {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Not found</h1>
      <p>
        {props.what ?? 'This page'} does not exist, or you do not have access to it. If someone sent you this link, ask
        them to check that you are a member of the tenant.
      </p>
      <p>
        <Link to="/monitoring/operations">Go to Monitoring → Operations</Link>
      </p>
    </section>
  );
}
