/** Tenant, as this subgraph extends it: its restore runs. */
import { parseInput } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import { MAX_LISTED_RESTORE_RUNS, restoreRunListInput } from '../service/restore-runs';
import { RestoreRunRef } from './restore-run';
import { TenantRef } from './shared';

TenantRef.implement({
  description: 'A managed Microsoft 365 / Entra tenant.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The tenant id.' }),
    restoreRuns: t.field({
      type: [RestoreRunRef],
      description: `The tenant’s restore runs, newest first. \`first\` is 1 to ${MAX_LISTED_RESTORE_RUNS}.`,
      args: {
        first: t.arg.int({
          required: false,
          defaultValue: 20,
          description: `How many, 1 to ${MAX_LISTED_RESTORE_RUNS}.`,
        }),
      },
      resolve: (tenant, args, ctx) => {
        const { first } = unwrap(parseInput(restoreRunListInput, { first: args.first ?? 20 }));
        return ctx.loaders.restoreRunsOfTenant(first).load(tenant.id);
      },
    }),
  }),
});

builder.asEntity(TenantRef, {
  key: builder.selection<{ id: string }>('id'),
  // A tenant the caller is not a member of is NOT_FOUND here too, so none of its restore runs leak.
  resolveReference: async (reference, ctx) => unwrap(await ctx.loaders.tenant.load(reference.id)),
});
