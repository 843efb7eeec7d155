import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useConsole } from '../app/context';
import { type DevSession, type DevUser, listDevUsers } from './dev-session';
import { safeReturnTo } from './session';

/**
 * Development sign-in: the seeded users, one button each. Only offered when the console's
 * server has development sign-in on (never in production, where sign-in is OpenID Connect).
 */
export function SignInPage() {
  const { session, config } = useConsole();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [users, setUsers] = useState<DevUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const returnTo = safeReturnTo(params.get('returnTo'));

  useEffect(() => {
    if (config.auth.mode !== 'development') {
      session.signIn(returnTo);
      return;
    }
    listDevUsers().then(setUsers, (e: Error) => setError(e.message));
  }, [config.auth.mode, session, returnTo]);

  const signIn = async (subject: string) => {
    setBusy(subject);
    setError(null);
    try {
      await (session as DevSession).signInAs(subject);
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError((e as Error).message);
      setBusy(null);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Sign in</h1>
      <p className="muted">Development sign-in: choose one of the seeded users.</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {users === null && !error ? <p className="muted">Loading users…</p> : null}
      <ul className="dev-users">
        {users?.map((u) => (
          <li key={u.subject}>
            <button
              type="button"
              className="button button-primary"
              disabled={busy !== null}
              onClick={() => void signIn(u.subject)}
            >
              Sign in as {u.subject}
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
