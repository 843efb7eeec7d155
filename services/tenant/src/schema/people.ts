/**
 * People: `Tenant.members`, `Workspace.members` and invitations to a tenant by email
 * (`inviteTenantMember`, bound at the invitee's first sign-in with that verified email before it
 * expires; `Tenant.invitations`, `revokeTenantInvitation`).
 */
import { decideTenantAccess } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import {
  type InvitationStatus,
  inviteTenantMember,
  revokeTenantInvitation,
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

export const TenantInvitationStatus = builder.enumType('TenantInvitationStatus', {
  description: 'Where an invitation is in its life; only a PENDING one binds at sign-in.',
  values: {
    PENDING: {
      value: 'PENDING',
      description: 'Open and not yet expired: binds at the first sign-in with the email verified.',
    },
    ACCEPTED: { value: 'ACCEPTED', description: 'Bound: its invitee became a member (`acceptedAt`).' },
    EXPIRED: {
      value: 'EXPIRED',
      description: 'Past `expiresAt` unaccepted: binds nothing; inviting the same email again re-opens it.',
    },
    REVOKED: { value: 'REVOKED', description: 'Revoked (`revokeTenantInvitation`): binds nothing, ever.' },
  } as const satisfies Record<InvitationStatus, { value: InvitationStatus; description: string }>,
});

const TenantInvitationRef = builder.objectRef<TenantInvitationModel>('TenantInvitation').implement({
  description:
    'An invitation to a tenant by email: it binds when someone first signs in with that email verified by the identity provider before `expiresAt`, making them a member with `role`.',
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
    status: t.field({
      type: TenantInvitationStatus,
      description: 'PENDING, ACCEPTED, EXPIRED or REVOKED, as of this request.',
      resolve: (i) => i.status,
    }),
    invitedAt: t.field({
      type: 'DateTime',
      description: 'When it was last sent (inviting the same email again moves it).',
      resolve: (i) => i.invitedAt,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description:
        'When it stops binding unaccepted: TENANT_INVITATION_TTL (14 days by default) after it was last sent.',
      resolve: (i) => i.expiresAt,
    }),
    revokedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null unless REVOKED.',
      resolve: (i) => i.revokedAt,
    }),
  }),
});

builder.objectField(TenantRef, 'invitations', (t) =>
  t.field({
    type: [TenantInvitationRef],
    description:
      'The tenant’s invitations, newest first, for members who manage members (capability tenant.members.manage; FORBIDDEN for other members). All of them, or those with `status`.',
    args: {
      status: t.arg({ type: TenantInvitationStatus, description: 'Only invitations with this status.' }),
    },
    resolve: async (tenant, args, ctx) => {
      unwrap(
        decideTenantAccess(
          { tenantId: tenant.id, workspaceId: tenant.workspaceId, tenantStatus: tenant.status, role: tenant.role },
          'tenant.invitations.view',
        ),
      );
      const all = await ctx.loaders.tenantInvitations.load(tenant.id);
      return args.status ? all.filter((i) => i.status === args.status) : all;
    },
  }),
);

builder.mutationFields((t) => ({
  inviteTenantMember: t.field({
    type: TenantInvitationRef,
    description:
      'Invites an email address to the tenant as `role` (capability tenant.members.manage): the first sign-in with that email verified by the identity provider before `expiresAt` makes them a member. Inviting the same email again while not accepted or revoked (pending or expired) refreshes it: the new role and a new expiry. BAD_USER_INPUT for an invalid email; FORBIDDEN for a role with capabilities the inviter does not hold. Recorded in the audit log.',
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
      email: t.arg.string({ required: true, description: 'The invitee’s email address (at most 254 characters).' }),
      role: t.arg({ type: TenantRole, required: true, description: 'The role they get.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await inviteTenantMember(
          ctx.db,
          ctx.actor,
          { tenantId: String(args.tenantId), email: args.email, role: args.role },
          { ttlSeconds: ctx.invitationTtlSeconds },
        ),
      ),
  }),
  revokeTenantInvitation: t.field({
    type: TenantInvitationRef,
    description:
      'Revokes an invitation (capability tenant.members.manage): it never binds afterwards. Revoking a revoked one answers it unchanged; an accepted one is CONFLICT (its invitee is a member: removeTenantMember). NOT_FOUND for an invitation of a tenant the caller is not a member of. Recorded in the audit log.',
    args: {
      id: t.arg.id({ required: true, description: 'The invitation.' }),
    },
    resolve: async (_root, args, ctx) => unwrap(await revokeTenantInvitation(ctx.db, ctx.actor, String(args.id))),
  }),
}));
