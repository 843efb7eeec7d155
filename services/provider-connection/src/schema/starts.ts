/** The connection-scoped start mutations: thin calls into the central gate (surface PROVIDER_CONNECTION). */
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import { CONNECTION_STARTS, type ConnectionStartMutation, startConnectionOperation } from '../service/starts';
import { StartResultRef } from './shared';

const DESCRIPTIONS: Record<ConnectionStartMutation, string> = {
  startProviderConnectionHealthCheck:
    'Checks the connection’s health (token and a cheap read) from the connection page.',
  startProviderConnectionVerification:
    'Verifies the connection (token, organization, granted permissions) from the connection page.',
};

builder.mutationFields((t) => {
  const field = (mutation: ConnectionStartMutation) =>
    t.field({
      type: StartResultRef,
      description: `${DESCRIPTIONS[mutation]} Answers ACCEPTED, DEDUPED, SCOPE_BUSY or BLOCKED; a refusal is a result, not an error.`,
      args: {
        providerConnectionId: t.arg.id({ required: true, description: 'The provider connection.' }),
        idempotencyKey: t.arg.string({
          description:
            'The same key from the same user replays the first decision; reused for another operation: BAD_USER_INPUT.',
        }),
      },
      resolve: async (_root, args, ctx) =>
        unwrap(
          await startConnectionOperation(ctx.gate, ctx.actor, mutation, {
            providerConnectionId: String(args.providerConnectionId),
            idempotencyKey: args.idempotencyKey,
          }),
        ),
    });
  return Object.fromEntries((Object.keys(CONNECTION_STARTS) as ConnectionStartMutation[]).map((m) => [m, field(m)]));
});
