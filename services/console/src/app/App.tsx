import { useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { RequireAuth } from '../auth/RequireAuth';
import { SignInPage } from '../auth/SignInPage';
import type { Session } from '../auth/session';
import { Layout } from '../components/Layout';
import { NotFound } from '../components/NotFound';
import type { ConsoleConfig } from '../config';
import type { Api } from '../graphql/client';
import { OperationsPage } from '../pages/monitoring/OperationsPage';
import { RunDetailPage } from '../pages/monitoring/RunDetailPage';
import { ProviderConnectionPage } from '../pages/tenants/ProviderConnectionPage';
import { ConsoleContext } from './context';

/**
 * Routes mirror the URLs the API's presenter builds (`/monitoring/operations/<runId>`, …): a
 * deep link renders without a prior page, after sign-in when needed.
 */
export function App(props: { config: ConsoleConfig; session: Session; api: Api }) {
  const context = useMemo(
    () => ({ config: props.config, session: props.session, live: props.api.live }),
    [props.config, props.session, props.api],
  );
  return (
    <ConsoleContext.Provider value={context}>
      <Provider value={props.api.client}>
        <BrowserRouter>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route
              element={
                <RequireAuth>
                  <Layout />
                </RequireAuth>
              }
            >
              <Route index element={<Navigate to="/monitoring/operations" replace />} />
              <Route path="monitoring" element={<Navigate to="/monitoring/operations" replace />} />
              <Route path="monitoring/operations" element={<OperationsPage />} />
              <Route path="monitoring/operations/:runId" element={<RunDetailPage />} />
              <Route path="tenants/:tenantId/provider-connections/:connectionId" element={<ProviderConnectionPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Provider>
    </ConsoleContext.Provider>
  );
}
