import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { DevSession } from './auth/dev-session';
import { OidcSession } from './auth/oidc-session';
import type { Session } from './auth/session';
import { loadConfig } from './config';
import { createApi } from './graphql/client';
import './styles.css';

async function boot() {
  const root = createRoot(document.getElementById('root')!);
  try {
    const config = await loadConfig();
    let session: Session;
    if (config.auth.mode === 'oidc') {
      const oidc = new OidcSession(config.auth);
      const returnTo = await oidc.start();
      if (returnTo) window.history.replaceState(null, '', returnTo);
      session = oidc;
    } else {
      // Before the router exists: a full navigation is fine, the sign-in page is a route.
      session = new DevSession((path) => {
        window.history.pushState(null, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      });
    }
    const api = createApi(config.graphqlUrl, session);
    root.render(
      <StrictMode>
        <App config={config} session={session} api={api} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main id="main" className="sign-in">
        <h1>The console could not start</h1>
        <p role="alert">{(error as Error).message}</p>
      </main>,
    );
  }
}

void boot();
