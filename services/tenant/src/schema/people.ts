/**
 * People: `Tenant.members`, `Workspace.members` and invitations to a tenant by email
 * (`inviteTenantMember`, bound at the invitee's first sign-in with that verified email).
 */
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import {
  inviteTenantMember,
  type TenantInvitationModel,
  type TenantMemberModel,
  type WorkspaceMemberModel,
} from '../service/people';
import { reloadTenant, TenantRef, TenantRole } from './tenant';
import { UserRef } from './user';
import { WorkspaceRef, WorkspaceRole } from './workspace';

const TenantMemberRef = builder.objectRef<TenantMemberModel>('TenantMember').implement({
  description: 'A member of a tenant and their role on it.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'The member.', resolve: (m) => m.user }),
    role: t.expose('role', { type: TenantRole, description: 'Their role; capabilities come from the registry.' }),
  }),
});

const WorkspaceMemberRef = builder.objectRef<WorkspaceMemberModel>('WorkspaceMember').implement({
  description: 'A member of a workspace and their role in it.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'The member.', resolve: (m) => m.user }),
    role: t.expose('role', { type: WorkspaceRole, description: 'Their role in the workspace.' }),
  }),
});

builder.objectField(TenantRef, 'members', (t) =>
  t.field({
    type: [TenantMemberRef],
    description:
      'The tenant’s members and their roles, OWNERs first (any member sees them: capability tenant.view). API clients appear as their principal users (`User.isApiClient`).',
    resolve: (tenant, _args, ctx) => ctx.loaders.tenantMembers.load(tenant.id),
  }),
);

builder.objectField(WorkspaceRef, 'members', (t) =>
  t.field({
    type: [WorkspaceMemberRef],
    description:
      'The workspace’s members and their roles. Only for members of the workspace (FORBIDDEN for someone who is only a member of one of its tenants).',
    resolve: async (ws, _args, ctx) => unwrap(await ctx.loaders.workspaceMembers.load(ws.id)),
  }),
);

const TenantInvitationRef = builder.objectRef<TenantInvitationModel>('TenantInvitation').implement({
  description:
    'An invitation to a tenant by email: it binds when someone first signs in with that email verified by the identity provider, making them a member with `role`.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The invitation id.' }),
    email: t.exposeString('email', { description: 'The invited email address (lower-cased).' }),
    role: t.expose('role', { type: TenantRole, description: 'The role the invitee gets.' }),
    tenant: t.field({
      type: TenantRef,
      description: 'The tenant.',
      resolve: (i, _args, ctx) => reloadTenant(ctx, i.tenantId),
    }),
    acceptedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it bound; null while pending.',
      resolve: (i) => i.acceptedAt,
    }),
  }),
});

builder.mutationFields((t) => ({
  inviteTenantMember: t.field({
    type: TenantInvitationRef,
    description:
      'Invites an email address to the tenant as `role` (capability tenant.members.manage): the first sign-in with that email verified by the identity provider makes them a member. Inviting the same email again while pending updates the role. BAD_USER_INPUT for an invalid email; FORBIDDEN for a role with capabilities the inviter does not hold. Recorded in the audit log.',
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
      email: t.arg.string({ required: true, description: 'The invitee’s email address (at most 254 characters).' }),
      role: t.arg({ type: TenantRole, required: true, description: 'The role they get.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await inviteTenantMember(ctx.db, ctx.actor, {
          tenantId: String(args.tenantId),
          email: args.email,
          role: args.role,
        }),
      ),
  }),
}));
