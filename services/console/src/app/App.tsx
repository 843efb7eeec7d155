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
import { OnboardingPage } from '../pages/onboarding/OnboardingPage';
import { OnboardingSessionsPage } from '../pages/onboarding/OnboardingSessionsPage';
import { SupportPage } from '../pages/SupportPage';
import { PeoplePage } from '../pages/tenants/PeoplePage';
import { ProviderConnectionPage } from '../pages/tenants/ProviderConnectionPage';
import { ProviderConnectionsPage } from '../pages/tenants/ProviderConnectionsPage';
import { RestoreRunPage } from '../pages/tenants/RestoreRunPage';
import { RestoreRunsPage } from '../pages/tenants/RestoreRunsPage';
import { SchedulesPage } from '../pages/tenants/SchedulesPage';
import { TenantPage } from '../pages/tenants/TenantPage';
import { TenantsPage } from '../pages/tenants/TenantsPage';
import { ApiClientsPage } from '../pages/workspaces/ApiClientsPage';
import { WebhooksPage } from '../pages/workspaces/WebhooksPage';
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
              <Route path="tenants" element={<TenantsPage />} />
              <Route path="tenants/:tenantId" element={<TenantPage />} />
              <Route path="tenants/:tenantId/provider-connections" element={<ProviderConnectionsPage />} />
              <Route path="tenants/:tenantId/provider-connections/:connectionId" element={<ProviderConnectionPage />} />
              <Route path="tenants/:tenantId/restore-runs" element={<RestoreRunsPage />} />
              <Route path="tenants/:tenantId/restore-runs/:restoreRunId" element={<RestoreRunPage />} />
              <Route path="tenants/:tenantId/schedules" element={<SchedulesPage />} />
              <Route path="tenants/:tenantId/people" element={<PeoplePage />} />
              <Route path="workspaces/:workspaceId/onboarding" element={<OnboardingSessionsPage />} />
              <Route path="workspaces/:workspaceId/webhooks" element={<WebhooksPage />} />
              <Route path="workspaces/:workspaceId/api-clients" element={<ApiClientsPage />} />
              <Route path="onboarding/:sessionId" element={<OnboardingPage />} />
              <Route path="support" element={<SupportPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Provider>
    </ConsoleContext.Provider>
  );
}
