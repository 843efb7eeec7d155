/**
 * The printed subgraph SDL: snapshot, committed copy up to date, and composition next to the
 * subgraphs it meets in the supergraph (the owner of Tenant/User, and an action host that
 * shares OperatorMessage/ProviderConnectionIdentity/enums and returns OperationRun by key).
 */
import { composeServices as apolloCompose } from '@apollo/composition';
import {
  type BaseContext,
  createBuilder,
  defineEntityStub,
  defineSharedTypes,
  type KitTypes,
  printSchema,
  ROOT_TYPE_DESCRIPTIONS,
  toSubgraphSchema,
} from '@msp/subgraph-kit';
import { subgraphSchemaTests } from '@msp/tests/support/subgraph-schema';
import { composeServices as guildCompose } from '@theguild/federation-composition';
import { parse } from 'graphql/index.js';
import { describe, expect, test } from 'vitest';
import { schema } from '../src';
import { SCHEMA_FILE } from '../src/print-schema';

/** The tenant subgraph's side of Tenant and User, as far as this subgraph relies on it. */
const TENANT_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])
  """A managed Microsoft 365 / Entra tenant."""
  type Tenant @key(fields: "id") { id: ID! name: String! }
  """A person who uses the platform."""
  type User @key(fields: "id") { id: ID! email: String displayName: String }
  type Query { tenant(id: ID!): Tenant }
`;

/** An action host built with the kit the way every real one is. */
function actionHostSdl(): string {
  const builder = createBuilder<KitTypes<BaseContext>>();
  const shared = defineSharedTypes(builder);
  const OperationRun = defineEntityStub(builder, 'OperationRun', 'A run, owned by the operations subgraph.');
  const Accepted = builder.objectRef<{ runId: string }>('TestStartAccepted').implement({
    description: 'A start result.',
    fields: (t) => ({
      message: t.field({
        type: shared.OperatorMessage,
        description: 'The message.',
        resolve: () => ({ headline: '', reason: null, nextStep: '', action: 'OPEN_RUN' as const, actionUrl: null }),
      }),
      providerConnection: t.field({
        type: shared.ProviderConnectionIdentity,
        description: 'The identity.',
        resolve: () => ({ id: '', displayName: '', entraTenantId: '', clientId: '' }),
      }),
      operationType: t.field({
        type: shared.ProviderOperationType,
        description: 'The type.',
        resolve: () => 'POLICY_BACKUP' as const,
      }),
      run: t.field({ type: OperationRun, description: 'The run.', resolve: (r) => ({ id: r.runId }) }),
    }),
  });
  builder.queryType({
    description: ROOT_TYPE_DESCRIPTIONS.Query,
    fields: (t) => ({ ping: t.boolean({ description: 'Alive.', resolve: () => true }) }),
  });
  builder.mutationType({
    description: ROOT_TYPE_DESCRIPTIONS.Mutation,
    fields: (t) => ({
      startTestThing: t.field({ type: Accepted, description: 'Starts.', resolve: () => ({ runId: 'x' }) }),
    }),
  });
  return printSchema(toSubgraphSchema(builder));
}

const services = (sdl: string) => [
  { name: 'operations', typeDefs: parse(sdl), url: 'http://localhost:4005/graphql' },
  { name: 'tenant', typeDefs: parse(TENANT_SDL), url: 'http://localhost:4001/graphql' },
  { name: 'action-host', typeDefs: parse(actionHostSdl()), url: 'http://localhost:4002/graphql' },
];

describe('operations subgraph schema', () => {
  const sdl = subgraphSchemaTests('operations', schema, SCHEMA_FILE);

  test('composes with the tenant subgraph and a kit-built action host (Guild composer)', () => {
    const result = guildCompose(services(sdl));
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('type OperationRun');
  });

  test('composes with the tenant subgraph and a kit-built action host (Apollo composer)', () => {
    const result = apolloCompose(services(sdl));
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('type OperationRun');
  });
});
