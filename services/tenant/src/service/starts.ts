/**
 * The tenant-scoped start mutations: each is a thin call into the central gate
 * (membership → capability → blockers → dedupe → scope busy → admission all happen there).
 * The only thing decided here is which start surface a mutation may claim.
 */
import {
  type Actor,
  fail,
  type Gate,
  type OperationType,
  type Result,
  type StartResult,
  type StartSurface,
} from '@msp/gate';

export interface TenantStartArgs {
  tenantId: string;
  providerConnectionId?: string | null;
  idempotencyKey?: string | null;
  surface?: StartSurface | null;
}

/** Each tenant start mutation: its operation and the surfaces it may be started from (first is the default). */
export const TENANT_STARTS = {
  startTenantVerification: { operationType: 'PROVIDER_VERIFICATION', surfaces: ['TENANT'] },
  startDirectoryGroupsSync: { operationType: 'DIRECTORY_GROUPS_SYNC', surfaces: ['TENANT', 'DIRECTORY'] },
  startRoleDefinitionsSync: { operationType: 'ROLE_DEFINITIONS_SYNC', surfaces: ['TENANT', 'RBAC'] },
  startPolicyBackup: { operationType: 'POLICY_BACKUP', surfaces: ['TENANT'] },
} as const satisfies Record<string, { operationType: OperationType; surfaces: readonly StartSurface[] }>;

export type TenantStartMutation = keyof typeof TENANT_STARTS;

export async function startTenantOperation(
  gate: Gate,
  actor: Actor,
  mutation: TenantStartMutation,
  args: TenantStartArgs,
): Promise<Result<StartResult>> {
  const { operationType, surfaces } = TENANT_STARTS[mutation];
  const surface = args.surface ?? surfaces[0];
  if (!(surfaces as readonly StartSurface[]).includes(surface)) {
    return fail('BAD_USER_INPUT', `surface must be one of ${surfaces.join(', ')}.`, 'surface');
  }
  return gate.start({
    actor,
    operationType,
    surface,
    tenantId: args.tenantId,
    providerConnectionId: args.providerConnectionId ?? null,
    idempotencyKey: args.idempotencyKey ?? null,
  });
}
