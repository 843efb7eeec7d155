/**
 * The printed subgraph SDL: snapshot, committed copy up to date, every type and field described,
 * and composition next to the operations subgraph (owner of OperationRun, shares the vocabulary).
 */
import { readFile } from 'node:fs/promises';
import { schema as operationsSchema } from '@msp/operations';
import { SCHEMA_FILE } from '@msp/restore/print-schema';
import { printSchema } from '@msp/subgraph-kit';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql/index.js';
import { describe, expect, test } from 'vitest';
import { schema } from '../src';

const sdl = printSchema(schema);

describe('restore subgraph schema', () => {
  test('printed SDL snapshot', () => {
    expect(sdl).toMatchSnapshot();
  });

  test('schema/restore.graphql is up to date (npx tsx services/restore/src/print-schema.ts)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(sdl);
  });

  test('every type, field and enum value carries a description', () => {
    const missing: string[] = [];
    for (const def of parse(sdl).definitions) {
      if (!('name' in def) || !def.name || def.name.value.startsWith('_')) continue;
      if (!('description' in def) || !def.description) missing.push(def.name.value);
      const members = [
        ...('fields' in def && def.fields ? def.fields : []),
        ...('values' in def && def.values ? def.values : []),
      ];
      for (const f of members) if (!f.description) missing.push(`${def.name.value}.${f.name.value}`);
    }
    expect(missing).toEqual([]);
  });

  test('composes with the operations subgraph', () => {
    const result = composeServices([
      { name: 'restore', typeDefs: parse(sdl), url: 'http://localhost:4003/graphql' },
      { name: 'operations', typeDefs: parse(printSchema(operationsSchema)), url: 'http://localhost:4005/graphql' },
    ]);
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('type RestoreRun');
  });
});
