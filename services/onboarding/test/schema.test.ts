/**
 * The printed subgraph SDL: snapshot, committed copy up to date, every type and field described,
 * and composition next to the subgraphs it shares types with: operations (OperationRun), tenant
 * (Workspace, Tenant) and provider-connection (ProviderConnection, and CreateProviderConnectionInput,
 * which both subgraphs define and composition requires to be identical).
 */

import { schema as operationsSchema } from '@msp/operations';
import { schema as connectionSchema } from '@msp/provider-connection';
import { printSchema } from '@msp/subgraph-kit';
import { schema as tenantSchema } from '@msp/tenant';
import { subgraphSchemaTests } from '@msp/tests/support/subgraph-schema';
import { composeServices } from '@theguild/federation-composition';
import { parse, print } from 'graphql/index.js';
import { describe, expect, test } from 'vitest';
import { schema } from '../src';
import { SCHEMA_FILE } from '../src/print-schema';

describe('onboarding subgraph schema', () => {
  const sdl = subgraphSchemaTests('onboarding', schema, SCHEMA_FILE);

  test('CreateProviderConnectionInput is identical to the provider-connection subgraph’s', () => {
    const inputOf = (text: string) =>
      parse(text).definitions.find((d) => 'name' in d && d.name?.value === 'CreateProviderConnectionInput');
    const theirs = inputOf(printSchema(connectionSchema));
    expect(theirs).toBeDefined();
    expect(print(inputOf(sdl) as never)).toBe(print(theirs as never));
  });

  test('composes with the tenant, provider-connection and operations subgraphs', () => {
    const result = composeServices([
      { name: 'onboarding', typeDefs: parse(sdl), url: 'http://localhost:4004/graphql' },
      { name: 'tenant', typeDefs: parse(printSchema(tenantSchema)), url: 'http://localhost:4001/graphql' },
      {
        name: 'provider-connection',
        typeDefs: parse(printSchema(connectionSchema)),
        url: 'http://localhost:4002/graphql',
      },
      { name: 'operations', typeDefs: parse(printSchema(operationsSchema)), url: 'http://localhost:4005/graphql' },
    ]);
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('type OnboardingSession');
  });
});
