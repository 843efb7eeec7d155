/**
 * The connection-scoped start mutations: thin calls into the central gate, from the
 * PROVIDER_CONNECTION surface (the gate finds the tenant through the connection).
 */
import type { Actor, Gate, OperationType, Result, StartResult } from '@msp/gate';

export const CONNECTION_STARTS = {
  startProviderConnectionHealthCheck: 'PROVIDER_CONNECTION_HEALTH_CHECK',
  startProviderConnectionVerification: 'PROVIDER_VERIFICATION',
} as const satisfies Record<string, OperationType>;

export type ConnectionStartMutation = keyof typeof CONNECTION_STARTS;

export function startConnectionOperation(
  gate: Gate,
  actor: Actor,
  mutation: ConnectionStartMutation,
  args: { providerConnectionId: string; idempotencyKey?: string | null },
): Promise<Result<StartResult>> {
  return gate.start({
    actor,
    operationType: CONNECTION_STARTS[mutation],
    surface: 'PROVIDER_CONNECTION',
    providerConnectionId: args.providerConnectionId,
    idempotencyKey: args.idempotencyKey ?? null,
  });
}
