/** RestoreRun: the entity this subgraph owns, its preview and results, and the restore mutations. */

import { RESTORE_ITEM_ACTIONS } from '@msp/restore-plan';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type {
  RestoreItemResultModel,
  RestorePreviewItemModel,
  RestorePreviewModel,
  RestoreRunModel,
  RestoreRunStatus,
} from '../model';
import {
  createRestoreRun,
  MAX_SELECTED_ITEMS,
  previewRestoreRun,
  rerunRestoreRun,
  startRestoreExecution,
} from '../service/restore-runs';
import { OperationRunRef, PolicyBackupRef, StartResultRef, shared, TenantRef } from './shared';

const STATUS_DESCRIPTIONS: Record<RestoreRunStatus, string> = {
  DRAFT: 'Created; not previewed yet, so it cannot be executed.',
  PREVIEWED: 'Previewed against the tenant’s current policies; ready to execute with the confirmation phrase.',
  EXECUTING: 'Its execution run is queued or running.',
  COMPLETED: 'Executed; every item, or some of them, were applied (see the item results).',
  FAILED: 'Executed, and nothing could be applied (see the run’s reason and the item results).',
};

const RestoreRunStatusEnum = builder.enumType('RestoreRunStatus', {
  description: 'Where a restore run is, from draft to executed.',
  values: Object.fromEntries(
    Object.entries(STATUS_DESCRIPTIONS).map(([k, description]) => [k, { value: k, description }]),
  ) as { [K in RestoreRunStatus]: { value: K; description: string } },
});

const ACTION_DESCRIPTIONS: Record<(typeof RESTORE_ITEM_ACTIONS)[number], string> = {
  CREATE: 'No current policy has the item’s id or display name: the restore creates it.',
  UPDATE: 'A current policy matches by id (or else by display name) and differs: the restore replaces it.',
  UNCHANGED: 'A current policy matches and equals the backed-up one: nothing is written.',
};

const RestoreItemActionEnum = builder.enumType('RestoreItemAction', {
  description: 'What a restore does with one backed-up policy.',
  values: Object.fromEntries(
    RESTORE_ITEM_ACTIONS.map((k) => [k, { value: k, description: ACTION_DESCRIPTIONS[k] }]),
  ) as { [K in (typeof RESTORE_ITEM_ACTIONS)[number]]: { value: K; description: string } },
});

const RestorePreviewItem = builder.objectRef<RestorePreviewItemModel>('RestorePreviewItem').implement({
  description: 'One selected backup item in a preview: what the restore would do with it.',
  fields: (t) => ({
    itemId: t.exposeID('itemId', { description: 'The backup item (PolicyBackupItem.id).' }),
    displayName: t.exposeString('displayName', { description: 'The policy name the item is restored under.' }),
    action: t.expose('action', { type: RestoreItemActionEnum, description: 'CREATE, UPDATE or UNCHANGED.' }),
    diffSummary: t.exposeString('diffSummary', {
      nullable: true,
      description: 'What would change, in one line (fields and settings changed, added, removed).',
    }),
  }),
});

const RestorePreview = builder.objectRef<RestorePreviewModel>('RestorePreview').implement({
  description: 'The selected items compared with the tenant’s current policies when the preview was made.',
  fields: (t) => ({
    items: t.field({
      type: [RestorePreviewItem],
      description: 'One entry per selected item.',
      resolve: (p) => p.items,
    }),
    creates: t.exposeInt('creates', { description: 'Items the restore would create.' }),
    updates: t.exposeInt('updates', { description: 'Items the restore would replace.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Items already equal in the tenant.' }),
  }),
});

const RestoreItemResult = builder.objectRef<RestoreItemResultModel>('RestoreItemResult').implement({
  description: 'What the execution did with one selected item.',
  fields: (t) => ({
    itemId: t.exposeID('itemId', { description: 'The backup item (PolicyBackupItem.id).' }),
    displayName: t.exposeString('displayName', { description: 'The policy name the item was restored under.' }),
    action: t.expose('action', { type: RestoreItemActionEnum, description: 'What was done (or attempted).' }),
    targetPolicyId: t.exposeString('targetPolicyId', {
      nullable: true,
      description: 'The policy written or left unchanged in the tenant; null when a create failed.',
    }),
    succeeded: t.boolean({ description: 'Whether the item was applied.', resolve: (r) => r.ok }),
    reasonCode: t.expose('reasonCode', {
      type: shared.ReasonCode,
      nullable: true,
      description: 'Why it failed; null when it succeeded.',
    }),
    detail: t.exposeString('detail', { nullable: true, description: 'What Microsoft Graph answered, when it failed.' }),
  }),
});

export const RestoreRunRef = builder.objectRef<RestoreRunModel>('RestoreRun');

RestoreRunRef.implement({
  description:
    'A restore of a policy backup (or some of its items) into its tenant: prepared, previewed, confirmed with a typed phrase, executed as a RESTORE_EXECUTION run. Visible to members of its tenant only.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The restore run id.' }),
    tenant: t.field({
      type: TenantRef,
      description: 'The tenant restored into.',
      resolve: (r) => ({ id: r.tenantId }),
    }),
    backup: t.field({
      type: PolicyBackupRef,
      description: 'The backup restored from.',
      resolve: (r) => ({ id: r.backupId }),
    }),
    status: t.expose('status', { type: RestoreRunStatusEnum, description: 'Where the restore run is.' }),
    preview: t.field({
      type: RestorePreview,
      nullable: true,
      description: 'Per item: CREATE / UPDATE / UNCHANGED, with a diff summary. Null until previewed.',
      resolve: (r) => r.preview,
    }),
    warnings: t.stringList({
      description:
        'What the operator should know before executing: policies changed after the backup was taken, assignments to groups that no longer exist, ambiguous names. Set by the preview.',
      resolve: (r) => r.warnings,
    }),
    confirmationPhrase: t.string({
      description: 'The phrase the operator must type to execute (destructive action): the tenant’s name.',
      resolve: (r) => r.tenantName,
    }),
    operationRun: t.field({
      type: OperationRunRef,
      nullable: true,
      description: 'The execution run, once started.',
      resolve: (r) => (r.operationRunId ? { id: r.operationRunId } : null),
    }),
    rerunOf: t.field({
      type: RestoreRunRef,
      nullable: true,
      description: 'The restore run this one repeats (same backup and selection).',
      resolve: async (r, _args, ctx) => (r.rerunOf ? unwrap(await ctx.loaders.restoreRun.load(r.rerunOf)) : null),
    }),
    selectedItemIds: t.idList({
      nullable: true,
      description: 'The backup items selected; null when every item of the backup is restored.',
      resolve: (r) => r.selectedItemIds,
    }),
    itemResults: t.field({
      type: [RestoreItemResult],
      description: 'Per selected item, what the execution did (ok, or the reason it failed). Empty until executed.',
      resolve: (r) => r.itemResults,
    }),
    previewedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last preview was made.',
      resolve: (r) => r.previewedAt,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (r) => r.createdAt }),
  }),
});

builder.asEntity(RestoreRunRef, {
  key: builder.selection<{ id: string }>('id'),
  // Authorized like `restoreRun`: a reference to a restore run the caller may not see is NOT_FOUND.
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.restoreRun.load(reference.id));
  },
});

builder.queryFields((t) => ({
  restoreRun: t.field({
    type: RestoreRunRef,
    nullable: true,
    description:
      'One restore run. NOT_FOUND when it does not exist or the caller is not a member of its tenant (the two are indistinguishable).',
    args: { id: t.arg.id({ required: true, description: 'The restore run id.' }) },
    resolve: async (_root, args, ctx) => {
      return unwrap(await ctx.loaders.restoreRun.load(String(args.id)));
    },
  }),
}));

builder.mutationFields((t) => ({
  createRestoreRun: t.field({
    type: RestoreRunRef,
    description: `Prepares a restore of a backup (optionally only some of its items, at most ${MAX_SELECTED_ITEMS}) as a DRAFT. Needs restore.prepare.`,
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant (the backup’s own).' }),
      backupId: t.arg.id({ required: true, description: 'The backup to restore from.' }),
      itemIds: t.arg.idList({
        required: false,
        description: 'Items of the backup to restore; omitted or null restores every item.',
      }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await createRestoreRun(ctx.db, ctx.actor, {
          tenantId: String(args.tenantId),
          backupId: String(args.backupId),
          itemIds: args.itemIds?.map(String) ?? null,
        }),
      ),
  }),
  previewRestoreRun: t.field({
    type: RestoreRunRef,
    description:
      'Compares the selected items with the tenant’s current policies (read from Microsoft Graph now), stores the per-item actions and warnings, and makes the run PREVIEWED. Needs restore.prepare.',
    args: { id: t.arg.id({ required: true, description: 'The restore run id.' }) },
    resolve: async (_root, args, ctx) => unwrap(await previewRestoreRun(ctx.deps, ctx.actor, String(args.id))),
  }),
  startRestoreExecution: t.field({
    type: StartResultRef,
    description:
      'Executes a previewed restore run through the start gate (dedupe per restore run, scope busy per provider connection). A wrong confirmation phrase is BAD_USER_INPUT; a run never previewed is BLOCKED with RESTORE_NOT_READY. Needs restore.execute.',
    args: {
      restoreRunId: t.arg.id({ required: true, description: 'The restore run id.' }),
      confirmation: t.arg.string({ required: true, description: 'The confirmationPhrase, typed by the operator.' }),
      providerConnectionId: t.arg.id({
        description: 'The connection to write with; the tenant’s default when omitted.',
      }),
      idempotencyKey: t.arg.string({
        description:
          'The same key from the same user replays the first decision; reused for another operation: BAD_USER_INPUT.',
      }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await startRestoreExecution(ctx.deps, ctx.actor, {
          restoreRunId: String(args.restoreRunId),
          confirmation: args.confirmation,
          providerConnectionId: args.providerConnectionId == null ? null : String(args.providerConnectionId),
          idempotencyKey: args.idempotencyKey ?? null,
        }),
      ),
  }),
  rerunRestoreRun: t.field({
    type: RestoreRunRef,
    description:
      'Copies a restore run’s backup and selection into a new DRAFT linked by `rerunOf` (to preview and apply it again). Needs restore.prepare.',
    args: { restoreRunId: t.arg.id({ required: true, description: 'The restore run to repeat.' }) },
    resolve: async (_root, args, ctx) => unwrap(await rerunRestoreRun(ctx.db, ctx.actor, String(args.restoreRunId))),
  }),
}));
