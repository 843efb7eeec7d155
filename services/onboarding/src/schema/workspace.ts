/**
 * Workspace and Tenant, as this subgraph extends them: a workspace's onboarding sessions and
 * whether the caller may start one there, and the session that onboarded a tenant. Each field
 * authorizes on its own (`onboarding.manage` through the capability registry), so the references
 * themselves need no check here: the tenant subgraph decides who sees a workspace or a tenant.
 */
import { workspaceRoleCan } from '@msp/gate';
import { builder } from '../builder';
import { MAX_LISTED_SESSIONS } from '../service/sessions';
import { OnboardingSessionRef } from './onboarding-session';
import { TenantRef, WorkspaceRef } from './shared';

WorkspaceRef.implement({
  description: 'An MSP organisation: the tenants it manages and the people who manage them.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The workspace id.' }),
    onboardingSessions: t.field({
      type: [OnboardingSessionRef],
      description: `The workspace’s onboarding sessions, newest first (at most ${MAX_LISTED_SESSIONS}); empty unless the caller holds onboarding.manage here (workspace OWNER).`,
      resolve: (ws, _args, ctx) => ctx.loaders.sessionsOfWorkspace.load(ws.id),
    }),
    viewerCanOnboard: t.boolean({
      description:
        'Whether the caller may start and run onboarding sessions in this workspace (onboarding.manage, from the capability registry; the server still checks every mutation).',
      resolve: async (ws, _args, ctx) => {
        const role = await ctx.loaders.workspaceRole.load(ws.id);
        return role ? workspaceRoleCan(role, 'onboarding.manage') : false;
      },
    }),
  }),
});

builder.asEntity(WorkspaceRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (reference) => reference,
});

TenantRef.implement({
  description: 'A managed Microsoft 365 / Entra tenant.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The tenant id.' }),
    onboardingSession: t.field({
      type: OnboardingSessionRef,
      nullable: true,
      description:
        'The latest onboarding session of this tenant, for a caller who holds onboarding.manage in its workspace; null otherwise, and for a tenant that was never onboarded.',
      resolve: (tenant, _args, ctx) => ctx.loaders.sessionOfTenant.load(tenant.id),
    }),
  }),
});

builder.asEntity(TenantRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (reference) => reference,
});
