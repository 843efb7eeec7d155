/** Workspace: an MSP's organisation, holding the tenants it manages. */
import { WORKSPACE_ROLES, workspaceCapabilitiesOf } from '@msp/gate';
import { listSize, unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { WorkspaceModel } from '../model';
import { createWorkspace, listWorkspaces } from '../service/tenants';
import { TenantRef } from './tenant';

export const WorkspaceRole = builder.enumType('WorkspaceRole', {
  description: 'A role in a workspace.',
  values: Object.fromEntries(
    WORKSPACE_ROLES.map((r) => [
      r,
      { value: r, description: r === 'OWNER' ? 'Creates tenants and runs onboarding.' : 'Sees the workspace.' },
    ]),
  ) as Record<(typeof WORKSPACE_ROLES)[number], { value: (typeof WORKSPACE_ROLES)[number]; description: string }>,
});

export const WorkspaceRef = builder.objectRef<WorkspaceModel>('Workspace').implement({
  description: 'An MSP organisation: the tenants it manages and the people who manage them.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The workspace id.' }),
    name: t.exposeString('name', { description: 'The workspace name.' }),
    tenants: t.field({
      type: [TenantRef],
      description: 'The tenants of this workspace the caller is a member of, by name: the first `first` (1 to 200).',
      args: {
        first: t.arg.int({ defaultValue: 50, description: 'How many, 1 to 200 (the first by name).' }),
      },
      resolve: async (ws, args, ctx) => {
        const size = listSize(args.first, 50, 200);
        return (await ctx.loaders.workspaceTenants.load(ws.id)).slice(0, size);
      },
    }),
    viewerCapabilities: t.stringList({
      description:
        'Workspace capability names from the registry that the caller holds here (the server still enforces each); empty for a caller who is a member of one of its tenants only. Clients decide `viewerCan…` controls from it (e.g. `workspace.webhooks.manage`: the webhooks page).',
      resolve: async (ws, _args, ctx) => {
        const role = await ctx.loaders.workspaceRole.load(ws.id);
        return role ? workspaceCapabilitiesOf(role) : [];
      },
    }),
  }),
});

// Defined here rather than in tenant.ts, which would then import this file (an import circle).
builder.objectField(TenantRef, 'workspace', (t) =>
  t.field({
    type: WorkspaceRef,
    description: 'The workspace that manages the tenant.',
    resolve: async (tenant, _args, ctx) => unwrap(await ctx.loaders.workspace.load(tenant.workspaceId)),
  }),
);

builder.asEntity(WorkspaceRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.workspace.load(reference.id));
  },
});

builder.queryFields((t) => ({
  workspaces: t.field({
    type: [WorkspaceRef],
    description: 'The workspaces the caller is a member of.',
    resolve: (_root, _args, ctx) => listWorkspaces(ctx.db, ctx.actor),
  }),
}));

builder.mutationFields((t) => ({
  createWorkspace: t.field({
    type: WorkspaceRef,
    description: 'Creates a workspace; the caller becomes its OWNER.',
    args: { name: t.arg.string({ required: true, description: 'The workspace name (1-200 characters).' }) },
    resolve: async (_root, args, ctx) => unwrap(await createWorkspace(ctx.db, ctx.actor, args)),
  }),
}));
