/**
 * Tenant: a managed Microsoft 365 / Entra tenant, the entity this subgraph owns. Its `workspace`
 * field is added by workspace.ts (`builder.objectField`), so that this file does not import that
 * one: Tenant points at its Workspace, Workspace lists its Tenants, and the imports go one way.
 */
import { capabilitiesOf, type TenantRole as Role, TENANT_ROLES } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { TenantContext } from '../context';
import type { TenantModel } from '../model';
import {
  addTenantMember,
  archiveTenant,
  changeTenantMemberRole,
  createTenant,
  listMyTenants,
  removeTenantMember,
  unarchiveTenant,
} from '../service/tenants';

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: 'Everything, including members and archiving.',
  MANAGER: 'Operations, restores and provider connection management.',
  OPERATOR: 'Starts provider operations and prepares restores.',
  READONLY: 'Reads the tenant and its runs.',
};

export const TenantRole = builder.enumType('TenantRole', {
  description: 'A role on a tenant; its capabilities come from the central capability registry.',
  values: Object.fromEntries(TENANT_ROLES.map((r) => [r, { value: r, description: ROLE_DESCRIPTIONS[r] }])) as {
    [K in Role]: { value: K; description: string };
  },
});

export const TenantStatus = builder.enumType('TenantStatus', {
  description: 'Where a tenant is in its life.',
  values: {
    ONBOARDING: { value: 'ONBOARDING', description: 'Being onboarded.' },
    ACTIVE: { value: 'ACTIVE', description: 'Managed; provider operations may start.' },
    ARCHIVED: { value: 'ARCHIVED', description: 'No longer managed; every start is blocked (TENANT_NOT_ACTIVE).' },
  } as const,
});

export const TenantRef = builder.objectRef<TenantModel>('Tenant');

/** Reloads a tenant after a change (the loader may hold the state from before it). */
export async function reloadTenant(ctx: TenantContext, id: string): Promise<TenantModel> {
  return unwrap(await ctx.loaders.tenant.clear(id).load(id));
}

TenantRef.implement({
  description: 'A managed Microsoft 365 / Entra tenant.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The tenant id.' }),
    name: t.exposeString('name', { description: 'The name operators gave the tenant.' }),
    entraTenantId: t.exposeString('entraTenantId', { description: 'The customer’s Entra directory (tenant) ID.' }),
    primaryDomain: t.exposeString('primaryDomain', { nullable: true, description: 'The primary domain, if known.' }),
    status: t.expose('status', { type: TenantStatus, description: 'Whether provider operations may start.' }),
    myRole: t.expose('role', { type: TenantRole, description: 'The caller’s role on this tenant.' }),
    myCapabilities: t.stringList({
      description: 'What the caller may do on this tenant, from the central capability registry.',
      resolve: (tenant) => capabilitiesOf(tenant.role),
    }),
    viewerCapabilities: t.stringList({
      description:
        'Capability names from the registry that the caller holds here (the server still enforces each). The same list as `myCapabilities`, under the name clients use for `viewerCan…` decisions.',
      resolve: (tenant) => capabilitiesOf(tenant.role),
    }),
  }),
});

builder.asEntity(TenantRef, {
  key: builder.selection<{ id: string }>('id'),
  // Authorized like `tenant`: a reference to a tenant the caller may not see is NOT_FOUND (same
  // text as a missing id). One `_entities` request's references are one query (DataLoader).
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.tenant.load(reference.id));
  },
});

builder.queryFields((t) => ({
  tenant: t.field({
    type: TenantRef,
    nullable: true,
    description: 'A tenant the caller is a member of; NOT_FOUND otherwise (the same as for a missing id).',
    args: { id: t.arg.id({ required: true, description: 'The tenant id.' }) },
    resolve: async (_root, args, ctx) => {
      return unwrap(await ctx.loaders.tenant.load(String(args.id)));
    },
  }),
  myTenants: t.field({
    type: [TenantRef],
    description:
      'Every tenant the caller is a member of, whether or not they belong to its workspace (a tenant-only member finds their tenants here), by name.',
    resolve: (_root, _args, ctx) => listMyTenants(ctx.db, ctx.actor),
  }),
}));

builder.mutationFields((t) => ({
  createTenant: t.field({
    type: TenantRef,
    description: 'Adds a managed tenant to a workspace (workspace OWNER); the caller becomes its OWNER. Status ACTIVE.',
    args: {
      workspaceId: t.arg.id({ required: true, description: 'The workspace.' }),
      name: t.arg.string({ required: true, description: 'The tenant name (1-200 characters).' }),
      entraTenantId: t.arg.string({ required: true, description: 'The customer’s Entra directory ID (a GUID).' }),
      primaryDomain: t.arg.string({ description: 'The primary domain, e.g. contoso.com.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(await createTenant(ctx.db, ctx.actor, { ...args, workspaceId: String(args.workspaceId) })),
  }),
  addTenantMember: t.field({
    type: TenantRef,
    description: 'Adds a member to the tenant, or changes their role (capability tenant.members.manage).',
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
      userId: t.arg.id({ required: true, description: 'The user to add.' }),
      role: t.arg({ type: TenantRole, required: true, description: 'Their role.' }),
    },
    resolve: async (_root, args, ctx) => {
      const id = unwrap(
        await addTenantMember(ctx.db, ctx.actor, {
          tenantId: String(args.tenantId),
          userId: String(args.userId),
          role: args.role,
        }),
      );
      return reloadTenant(ctx, id);
    },
  }),
  changeTenantMemberRole: t.field({
    type: TenantRef,
    description:
      'Changes the role of an existing member (capability tenant.members.manage). NOT_FOUND when the user is not a member; owners cannot change their own role (BAD_USER_INPUT), so a tenant always keeps an OWNER. Recorded in the audit log with the previous role.',
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
      userId: t.arg.id({ required: true, description: 'The member.' }),
      role: t.arg({ type: TenantRole, required: true, description: 'Their new role.' }),
    },
    resolve: async (_root, args, ctx) => {
      const id = unwrap(
        await changeTenantMemberRole(ctx.db, ctx.actor, {
          tenantId: String(args.tenantId),
          userId: String(args.userId),
          role: args.role,
        }),
      );
      return reloadTenant(ctx, id);
    },
  }),
  removeTenantMember: t.field({
    type: TenantRef,
    description:
      'Removes a member from the tenant (capability tenant.members.manage); their live subscriptions to the tenant end at once. NOT_FOUND when the user is not a member; CONFLICT when it would leave the tenant without an OWNER (owners may remove themselves while another owner remains). Returns the tenant as the caller now sees it; callers who removed themselves get it as they saw it just before, and NOT_FOUND from then on.',
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
      userId: t.arg.id({ required: true, description: 'The member to remove.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await removeTenantMember(
          ctx.db,
          ctx.actor,
          { tenantId: String(args.tenantId), userId: String(args.userId) },
          ctx.accessEvents,
        ),
      ),
  }),
  archiveTenant: t.field({
    type: TenantRef,
    description: 'Archives the tenant (capability tenant.archive): every start is then BLOCKED as TENANT_NOT_ACTIVE.',
    args: { tenantId: t.arg.id({ required: true, description: 'The tenant.' }) },
    resolve: async (_root, args, ctx) => {
      const id = unwrap(await archiveTenant(ctx.db, ctx.actor, String(args.tenantId)));
      return reloadTenant(ctx, id);
    },
  }),
  unarchiveTenant: t.field({
    type: TenantRef,
    description:
      'Brings an archived tenant back as ACTIVE (capability tenant.archive), whether archiveTenant or a cancelled onboarding session archived it; starts are then decided by the provider blockers again. An ACTIVE tenant is answered unchanged; one being onboarded is CONFLICT.',
    args: { tenantId: t.arg.id({ required: true, description: 'The tenant.' }) },
    resolve: async (_root, args, ctx) => {
      const id = unwrap(await unarchiveTenant(ctx.db, ctx.actor, String(args.tenantId)));
      return reloadTenant(ctx, id);
    },
  }),
}));
