/** PolicyBackup: a backup set of a tenant's Intune policies, made by a POLICY_BACKUP run. */
import { listSize, unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { PolicyBackupItemModel, PolicyBackupModel } from '../model';
import { policyBackupsOf } from '../service/data';
import { OperationRunRef } from './shared';
import { TenantRef } from './tenant';

const PolicyBackupItem = builder.objectRef<PolicyBackupItemModel>('PolicyBackupItem').implement({
  description: 'One backed-up policy.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The item id (what a restore selects).' }),
    policyId: t.exposeString('policyId', { description: 'The policy’s Graph id in the source tenant.' }),
    displayName: t.string({
      description: 'The policy name (its Graph id when Graph gave none).',
      resolve: (item) => item.displayName ?? item.policyId,
    }),
    policyType: t.exposeString('policyType', {
      description: 'The Graph resource type, e.g. deviceManagementConfigurationPolicy.',
    }),
  }),
});

export const PolicyBackupRef = builder.objectRef<PolicyBackupModel>('PolicyBackup').implement({
  description: 'A backup set of a tenant’s Intune policies.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The backup id.' }),
    tenant: t.field({
      type: TenantRef,
      description: 'The tenant backed up.',
      resolve: async (backup, _args, ctx) => unwrap(await ctx.loaders.tenant.load(backup.tenantId)),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the backup started.', resolve: (b) => b.createdAt }),
    completedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When every item was stored; null while the backup is partial.',
      resolve: (b) => b.completedAt,
    }),
    itemCount: t.exposeInt('itemCount', { description: 'How many policies the set holds.' }),
    items: t.field({
      type: [PolicyBackupItem],
      description: 'The backed-up policies, by name.',
      resolve: (backup, _args, ctx) => ctx.loaders.backupItems.load(backup.id),
    }),
    operationRun: t.field({
      type: OperationRunRef,
      nullable: true,
      description: 'The run that made the backup; null once that run was pruned by retention (the backup stays).',
      resolve: (backup) => (backup.operationRunId ? { id: backup.operationRunId } : null),
    }),
  }),
});

builder.asEntity(PolicyBackupRef, {
  key: builder.selection<{ id: string }>('id'),
  // Authorized through its tenant: a backup of a tenant the caller may not see is NOT_FOUND.
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.policyBackup.load(reference.id));
  },
});

builder.objectFields(TenantRef, (t) => ({
  policyBackups: t.field({
    type: [PolicyBackupRef],
    description: 'The tenant’s policy backup sets, newest first: the first `first` (1 to 200).',
    args: {
      first: t.arg.int({ defaultValue: 50, description: 'How many, 1 to 200 (newest first).' }),
    },
    resolve: (tenant, args, ctx) => policyBackupsOf(ctx.db, tenant.id, listSize(args.first, 50, 200)),
  }),
}));
