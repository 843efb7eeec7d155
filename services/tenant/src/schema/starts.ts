/** The tenant-scoped start mutations: thin calls into the central gate. */
import type { StartSurface } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import { startTenantOperation, TENANT_STARTS, type TenantStartMutation } from '../service/starts';
import { StartResultRef, shared } from './shared';

const DESCRIPTIONS: Record<TenantStartMutation, string> = {
  startTenantVerification:
    'Verifies the tenant’s provider connection (token, organization, granted permissions) from the tenant page.',
  startDirectoryGroupsSync: 'Syncs the tenant’s Entra groups (from the tenant page, or the directory page: DIRECTORY).',
  startRoleDefinitionsSync:
    'Syncs the tenant’s Intune role definitions (from the tenant page, or the RBAC page: RBAC).',
  startPolicyBackup: 'Backs up the tenant’s Intune configuration policies, from the tenant page.',
};

builder.mutationFields((t) => {
  const field = (mutation: TenantStartMutation) => {
    const surfaces: readonly StartSurface[] = TENANT_STARTS[mutation].surfaces;
    return t.field({
      type: StartResultRef,
      description: `${DESCRIPTIONS[mutation]} Answers ACCEPTED, DEDUPED, SCOPE_BUSY or BLOCKED; a refusal is a result, not an error.`,
      args: {
        tenantId: t.arg.id({ required: true, description: 'The tenant.' }),
        providerConnectionId: t.arg.id({ description: 'The connection to use; the tenant’s default when omitted.' }),
        idempotencyKey: t.arg.string({
          description:
            'The same key from the same user replays the first decision; reused for another operation: BAD_USER_INPUT.',
        }),
        ...(surfaces.length > 1
          ? {
              surface: t.arg({
                type: shared.StartSurface,
                defaultValue: surfaces[0],
                description: `Where it was started: ${surfaces.join(' or ')}.`,
              }),
            }
          : {}),
      },
      resolve: async (_root, args, ctx) =>
        unwrap(
          await startTenantOperation(ctx.gate, ctx.actor, mutation, {
            tenantId: String(args.tenantId),
            providerConnectionId: args.providerConnectionId == null ? null : String(args.providerConnectionId),
            idempotencyKey: args.idempotencyKey,
            surface: (args as { surface?: StartSurface | null }).surface ?? null,
          }),
        ),
    });
  };
  return Object.fromEntries((Object.keys(TENANT_STARTS) as TenantStartMutation[]).map((m) => [m, field(m)]));
});
