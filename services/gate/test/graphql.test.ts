/**
 * The shared start types compose when two action hosts register them, next to an owner of
 * OperationRun, and execute: a StartResult from the gate comes out as the right union member.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { defineEntityStub, defineSharedTypes } from '@msp/subgraph-kit';
import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import { composeServices } from '@theguild/federation-composition';
import { execute, parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { defineStartTypes, type StartResult } from '../src';

function actionHost(mutation: string, result: StartResult) {
  const builder = new SchemaBuilder<{ DefaultFieldNullability: false }>({
    plugins: [DirectivePlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
  const shared = defineSharedTypes(builder);
  const OperationRun = defineEntityStub(builder, 'OperationRun', 'A run.');
  const types = defineStartTypes(builder, { ...shared, OperationRun });
  builder.mutationType({
    fields: (t) => ({
      [mutation]: t.field({ type: types.ProviderOperationStartResult, resolve: () => result as never }),
    }),
  });
  builder.queryType({ fields: (t) => ({ [`${mutation}Ready`]: t.boolean({ resolve: () => true }) }) });
  return builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
}

function owner() {
  const builder = new SchemaBuilder<{ DefaultFieldNullability: false }>({
    plugins: [DirectivePlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
  const Run = builder.objectRef<{ id: string }>('OperationRun').implement({
    fields: (t) => ({ id: t.exposeID('id'), status: t.string({ resolve: () => 'QUEUED' }) }),
  });
  builder.asEntity(Run, { key: builder.selection<{ id: string }>('id'), resolveReference: (r) => r });
  builder.queryType({ fields: (t) => ({ run: t.field({ type: Run, resolve: () => ({ id: '1' }) }) }) });
  return builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
}

const blocked: StartResult = {
  outcome: 'BLOCKED',
  operationType: 'POLICY_BACKUP',
  reasonCode: 'PROVIDER_CONSENT_MISSING',
  problemClass: 'PROVIDER_CONSENT',
  run: { id: 'r-1', tenantId: 't-1', operationType: 'POLICY_BACKUP', status: 'COMPLETED', outcome: 'BLOCKED' },
  message: {
    headline: 'Policy backup was not started',
    reason: 'x',
    nextStep: 'y',
    action: 'GRANT_PROVIDER_CONSENT',
    actionUrl: null,
  },
};

describe('shared start types', () => {
  test('two action hosts and the run owner compose without errors', () => {
    const a = actionHost('startA', blocked);
    const b = actionHost('startB', blocked);
    const sdl = printSubgraphSchema(a);
    expect(sdl).toMatch(/type ProviderOperationAccepted implements ProviderOperationStart[^{]*@shareable/);
    expect(sdl).toMatch(/type OperationRun\s+@key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/union ProviderOperationStartResult =/);
    const result = composeServices([
      { name: 'a', typeDefs: parse(sdl), url: 'http://a' },
      { name: 'b', typeDefs: parse(printSubgraphSchema(b)), url: 'http://b' },
      { name: 'operations', typeDefs: parse(printSubgraphSchema(owner())), url: 'http://o' },
    ]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('ProviderOperationBlocked');
  });

  test('a gate result resolves to its union member with every field', async () => {
    const schema = actionHost('startA', blocked);
    const out = await execute({
      schema,
      document:
        parse(`mutation { startA { __typename ... on ProviderOperationStart { outcome operationType message { headline action } }
        ... on ProviderOperationBlocked { reasonCode problemClass run { id } } } }`),
    });
    expect(out.errors).toBeUndefined();
    expect(out.data?.startA).toEqual({
      __typename: 'ProviderOperationBlocked',
      outcome: 'BLOCKED',
      operationType: 'POLICY_BACKUP',
      message: { headline: 'Policy backup was not started', action: 'GRANT_PROVIDER_CONSENT' },
      reasonCode: 'PROVIDER_CONSENT_MISSING',
      problemClass: 'PROVIDER_CONSENT',
      run: { id: 'r-1' },
    });
  });
});
