/** What the directory and RBAC syncs produce: Tenant.directoryGroups and Tenant.roleDefinitions. */
import { listSize, unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { DirectoryGroupModel, RoleDefinitionModel } from '../model';
import { directoryGroupPage, type GroupPage, MAX_GROUPS_PAGE } from '../service/data';
import { shared } from './shared';
import { TenantRef } from './tenant';

const DirectoryGroup = builder.objectRef<DirectoryGroupModel>('DirectoryGroup').implement({
  description: 'An Entra group of a managed tenant, as the last directory groups sync saw it.',
  fields: (t) => ({
    id: t.exposeID('graphId', { description: 'The group’s object id in Entra.' }),
    displayName: t.exposeString('displayName', { nullable: true, description: 'The group name.' }),
    description: t.exposeString('description', { nullable: true, description: 'The group description.' }),
    mail: t.exposeString('mail', { nullable: true, description: 'The group’s email address, if mail-enabled.' }),
    securityEnabled: t.exposeBoolean('securityEnabled', { nullable: true, description: 'A security group.' }),
    mailEnabled: t.exposeBoolean('mailEnabled', { nullable: true, description: 'Mail-enabled.' }),
    groupTypes: t.exposeStringList('groupTypes', { description: 'Graph group types, e.g. Unified.' }),
    syncedAt: t.field({ type: 'DateTime', description: 'When a sync last saw it.', resolve: (g) => g.syncedAt }),
  }),
});

type GroupEdge = GroupPage['edges'][number];

const DirectoryGroupEdge = builder.objectRef<GroupEdge>('DirectoryGroupEdge').implement({
  description: 'A group in a page of groups.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque position of this group, for `after`.' }),
    node: t.field({ type: DirectoryGroup, description: 'The group.', resolve: (edge) => edge.node }),
  }),
});

const DirectoryGroupConnection = builder.objectRef<GroupPage>('DirectoryGroupConnection').implement({
  description: 'A page of directory groups, by name.',
  fields: (t) => ({
    edges: t.field({ type: [DirectoryGroupEdge], description: 'The groups.', resolve: (page) => page.edges }),
    pageInfo: t.field({ type: shared.PageInfo, description: 'Where this page ends.', resolve: (p) => p.pageInfo }),
  }),
});

const RoleDefinition = builder.objectRef<RoleDefinitionModel>('RoleDefinition').implement({
  description: 'An Intune role definition of a managed tenant, as the last role definitions sync saw it.',
  fields: (t) => ({
    id: t.exposeID('graphId', { description: 'The role definition’s Graph id.' }),
    displayName: t.exposeString('displayName', { nullable: true, description: 'The role name.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the role is for.' }),
    isBuiltIn: t.exposeBoolean('isBuiltIn', { description: 'A built-in Intune role.' }),
    permissions: t.field({
      type: 'JSON',
      description: 'The role’s Graph `rolePermissions`, as read.',
      resolve: (r) => r.permissions,
    }),
    syncedAt: t.field({ type: 'DateTime', description: 'When a sync last saw it.', resolve: (r) => r.syncedAt }),
  }),
});

builder.objectFields(TenantRef, (t) => ({
  directoryGroups: t.field({
    type: DirectoryGroupConnection,
    description: 'The tenant’s Entra groups from the last directory groups sync, by name.',
    args: {
      first: t.arg.int({ defaultValue: 50, description: `Page size (1-${MAX_GROUPS_PAGE}).` }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
      search: t.arg.string({ description: 'Only groups whose name or mail contains this text (case-insensitive).' }),
    },
    resolve: async (tenant, args, ctx) => unwrap(await directoryGroupPage(ctx.db, tenant.id, args)),
  }),
  roleDefinitions: t.field({
    type: [RoleDefinition],
    description:
      'The tenant’s Intune role definitions from the last role definitions sync (built-in first): the first `first` (1 to 200).',
    args: {
      first: t.arg.int({ defaultValue: 50, description: 'How many, 1 to 200 (built-in first).' }),
    },
    resolve: async (tenant, args, ctx) => {
      const size = listSize(args.first, 50, 200);
      return (await ctx.loaders.roleDefinitions.load(tenant.id)).slice(0, size);
    },
  }),
}));
