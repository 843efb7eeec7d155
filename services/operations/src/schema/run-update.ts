/** OperationRunUpdate: the live stream of a tenant's run changes. */
import { fail, NOT_FOUND } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { AccessLost } from '../access';
import { builder } from '../builder';
import type { RunUpdateModel } from '../model';
import { authorizeRunSubscription } from '../service/runs';
import { filterInput, OperationRunFilter, OperationRunRef } from './operation-run';
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
      'Every change of runs in the tenants of the scope (optionally one run, and only runs the filter matches), blocked attempts included (published as they are recorded). Give exactly one of tenantId, workspaceId (every tenant of it the caller is a member of when subscribing) or tenantIds; NOT_FOUND as for the list. A caller removed from a tenant stops receiving its runs at once: a one-tenant stream ends with NOT_FOUND, a workspace or tenant-list stream narrows (and ends with NOT_FOUND when no tenant is left). Tenants the caller joins later are not added: subscribe again.',
    args: {
      tenantId: t.arg.id({ description: 'One tenant.' }),
      workspaceId: t.arg.id({ description: 'Every tenant of this workspace the caller is a member of.' }),
      tenantIds: t.arg.idList({ description: 'These tenants; each must be one of the caller’s.' }),
      runId: t.arg.id({ description: 'Only this run.' }),
      filter: t.arg({ type: OperationRunFilter, description: 'Only runs this filter matches (after the change).' }),
    },
    subscribe: async (_root, args, ctx) => {
      const actor = ctx.actor;
      // Before the check: an access change heard from here on also reaches this subscription.
      const since = ctx.access.checkpoint();
      const scope = unwrap(
        await authorizeRunSubscription(ctx.db, actor, {
          tenantId: args.tenantId == null ? null : String(args.tenantId),
          workspaceId: args.workspaceId == null ? null : String(args.workspaceId),
          tenantIds: args.tenantIds == null ? null : args.tenantIds.map(String),
          runId: args.runId == null ? null : String(args.runId),
          filter: filterInput(args.filter),
        }),
      );
      const updates = await ctx.events.runUpdates(scope);
      if (scope.kind === 'tenant') {
        // A caller who loses the tenant gets NOT_FOUND (as a stranger would) and the stream ends.
        ctx.access.watch(actor.userId, [...scope.tenants][0]!, 'operations.view', updates, since);
      } else {
        // A caller who loses one tenant of several stops receiving its runs (the watch deletes it
        // from the scope's set, which the stream reads per event); the last one ends the stream.
        ctx.access.watchTenants(
          actor.userId,
          scope.tenants,
          'operations.view',
          {
            lose: (_tenantId, last) => {
              if (scope.tenants.size > 0) return;
              updates.endWith(
                scope.kind === 'workspace' ? new AccessLost(fail('NOT_FOUND', NOT_FOUND.workspace)) : last,
              );
            },
            isDone: () => updates.isDone(),
          },
          since,
        );
      }
      return updates;
    },
    resolve: (update: RunUpdateModel | AccessLost) => (update instanceof AccessLost ? unwrap(update.result) : update),
  }),
}));
