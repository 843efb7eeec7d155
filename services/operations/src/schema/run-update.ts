/** OperationRunUpdate: the live stream of a tenant's run changes. */
import { unwrap } from '@msp/subgraph-kit';
import { AccessLost } from '../access';
import { builder } from '../builder';
import type { RunUpdateModel } from '../model';
import { authorizeRunSubscription } from '../service/runs';
import { OperationRunRef } from './operation-run';
import { shared } from './shared';

const OperationRunUpdate = builder.objectRef<RunUpdateModel>('OperationRunUpdate').implement({
  description: 'A change of a run: its state after the change, and what it was before.',
  fields: (t) => ({
    run: t.field({
      type: OperationRunRef,
      description: 'The run as it is after the change (from the event: no database read per subscriber).',
      resolve: (update) => update.run,
    }),
    previousStatus: t.expose('previousStatus', {
      type: shared.RunStatus,
      nullable: true,
      description: 'The status before the change; null when the run was just created.',
    }),
    previousOutcome: t.expose('previousOutcome', {
      type: shared.RunOutcome,
      nullable: true,
      description: 'The outcome before the change; null when the run was just created.',
    }),
  }),
});

builder.subscriptionFields((t) => ({
  operationRunUpdated: t.field({
    type: OperationRunUpdate,
    description:
      'Every status/outcome/progress change of runs in a tenant the caller is a member of (optionally one run). NOT_FOUND for a non-member.',
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
      runId: t.arg.id({ description: 'Only this run.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const actor = ctx.actor;
      // Before the check: an access change heard from here on also reaches this subscription.
      const since = ctx.access.checkpoint();
      const scope = unwrap(
        await authorizeRunSubscription(ctx.db, actor, {
          tenantId: String(args.tenantId),
          runId: args.runId == null ? null : String(args.runId),
        }),
      );
      const updates = await ctx.events.runUpdates(scope.tenantId, scope.runId);
      // A caller who loses the tenant gets NOT_FOUND (as a stranger would) and the stream ends.
      ctx.access.watch(actor.userId, scope.tenantId, 'operations.view', updates, since);
      return updates;
    },
    resolve: (update: RunUpdateModel | AccessLost) => (update instanceof AccessLost ? unwrap(update.result) : update),
  }),
}));
