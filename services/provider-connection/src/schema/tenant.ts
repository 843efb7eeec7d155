/** Tenant, as this subgraph extends it: its provider connections and its default one. */
import { listSize, unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import { ProviderConnectionRef } from './provider-connection';
import { TenantRef } from './shared';

TenantRef.implement({
  description: 'A managed Microsoft 365 / Entra tenant.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The tenant id.' }),
    providerConnections: t.field({
      type: [ProviderConnectionRef],
      description: 'The tenant’s provider connections: the default first, then by name; the first `first` (1 to 200).',
      args: {
        first: t.arg.int({ defaultValue: 50, description: 'How many, 1 to 200 (the default first).' }),
      },
      resolve: async (tenant, args, ctx) => {
        const size = listSize(args.first, 50, 200);
        return (await ctx.loaders.connectionsOfTenant.load(tenant.id)).slice(0, size);
      },
    }),
    defaultProviderConnection: t.field({
      type: ProviderConnectionRef,
      nullable: true,
      description: 'The connection starts use when none is chosen; null when the tenant has none.',
      resolve: async (tenant, _args, ctx) =>
        (await ctx.loaders.connectionsOfTenant.load(tenant.id)).find((c) => c.isDefault) ?? null,
    }),
  }),
});

builder.asEntity(TenantRef, {
  key: builder.selection<{ id: string }>('id'),
  // The gateway asks for a tenant's connections by key: a tenant the caller is not a member of
  // is NOT_FOUND here too (same text as a missing id), so no connection of it can leak.
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.tenant.load(reference.id));
  },
});
