/**
 * The printed subgraph SDL: snapshot, committed copy up to date, every type and field described,
 * and composition next to the operations subgraph (owner of OperationRun, shares the vocabulary).
 */
import { schema as operationsSchema } from '@msp/operations';
import { printSchema } from '@msp/subgraph-kit';
import { subgraphSchemaTests } from '@msp/tests/support/subgraph-schema';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql/index.js';
import { describe, expect, test } from 'vitest';
import { schema } from '../src';
import { SCHEMA_FILE } from '../src/print-schema';

describe('restore subgraph schema', () => {
  const sdl = subgraphSchemaTests('restore', schema, SCHEMA_FILE);

  test('composes with the operations subgraph', () => {
    const result = composeServices([
      { name: 'restore', typeDefs: parse(sdl), url: 'http://localhost:4003/graphql' },
      { name: 'operations', typeDefs: parse(printSchema(operationsSchema)), url: 'http://localhost:4005/graphql' },
    ]);
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('type RestoreRun');
  });
});
