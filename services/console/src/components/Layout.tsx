import { NavLink, Outlet, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { useConsole } from '../app/context';
import { graphql } from '../gql';
import { ErrorBoundary } from './ErrorBoundary';
import { LiveIndicator } from './LiveIndicator';
import { NotificationBell } from './NotificationBell';

const LayoutQuery = graphql(`
  query Layout {
    me {
      id
      displayName
      email
    }
  }
`);

/** The frame of every signed-in page: navigation, live indicator, notifications, the user. */
export function Layout() {
  const { session } = useConsole();
  const [{ data }] = useQuery({ query: LayoutQuery });
  const location = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">MSP console</span>
        <nav aria-label="Main">
          <NavLink to="/monitoring/operations" end={false}>
            Monitoring → Operations
          </NavLink>
          <NavLink to="/tenants">Tenants</NavLink>
        </nav>
        <div className="topbar-end">
          <LiveIndicator />
          <NotificationBell />
          <span className="user" title={data?.me.email ?? undefined}>
            {data?.me.displayName ?? data?.me.email ?? ''}
          </span>
          <button type="button" className="button button-quiet" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </>
  );
}
