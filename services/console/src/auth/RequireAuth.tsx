import { type ReactNode, useEffect } from 'react';
import { useLocation } from 'react-router';
import { useConsole, useToken } from '../app/context';

/** Signed-in pages: without a token, sign-in first, then back to the very same URL. */
export function RequireAuth(props: { children: ReactNode }) {
  const token = useToken();
  const { session } = useConsole();
  const location = useLocation();
  const returnTo = `${location.pathname}${location.search}${location.hash}`;
  useEffect(() => {
    if (!token) session.signIn(returnTo);
  }, [token, session, returnTo]);
  if (!token) return <p className="muted centered">Signing in…</p>;
  return <>{props.children}</>;
}
