/**
 * `CreateProviderConnectionInput`, on any subgraph's builder. Two subgraphs take it (this one's
 * `createProviderConnection` and onboarding's `connectOnboardingProvider`), and composition
 * requires an input type shared by subgraphs to be identical: both call this one definition.
 */
import type { SchemaTypes } from '@pothos/core';
import { MAX_SECRET_BYTES } from '../service/connections';

export interface CreateProviderConnectionInputShape {
  tenantId: string | number;
  displayName: string;
  entraTenantId: string;
  clientId: string;
  clientSecret?: string | null;
  clientSecretExpiresAt?: Date | null;
  makeDefault?: boolean | null;
}

export function defineCreateProviderConnectionInput<Types extends SchemaTypes>(
  typedBuilder: PothosSchemaTypes.SchemaBuilder<Types>,
) {
  // The fields use only the kit's scalars; the erased builder keeps this usable from any subgraph.
  const builder = typedBuilder as unknown as PothosSchemaTypes.SchemaBuilder<
    PothosSchemaTypes.ExtendDefaultTypes<{ Scalars: { DateTime: { Input: Date; Output: Date } } }>
  >;
  return builder.inputType('CreateProviderConnectionInput', {
    description: 'A new provider connection.',
    fields: (t) => ({
      tenantId: t.id({ required: true, description: 'The tenant.' }),
      displayName: t.string({ required: true, description: 'A name for operators (1-200 characters).' }),
      entraTenantId: t.string({ required: true, description: 'The customer’s Entra directory (tenant) ID, a GUID.' }),
      clientId: t.string({ required: true, description: 'The app registration’s client ID, a GUID.' }),
      clientSecret: t.string({
        description: `The client secret (at most ${MAX_SECRET_BYTES} bytes). Stored encrypted, never returned.`,
      }),
      clientSecretExpiresAt: t.field({ type: 'DateTime', description: 'When the secret expires (in the future).' }),
      makeDefault: t.boolean({ defaultValue: false, description: 'Make it the tenant’s default connection.' }),
    }),
  }) as unknown as PothosSchemaTypes.InputObjectRef<Types, CreateProviderConnectionInputShape>;
}
