/**
 * What every subgraph's schema test checks: the printed SDL's snapshot, that the committed
 * schema/<name>.graphql is current, and that every type, field, argument and enum value carries
 * a description (partner tools read the schema). Call inside a subgraph's schema.test.ts; the
 * snapshot is stored next to that file.
 */
import { readFile } from 'node:fs/promises';
import { printSchema } from '@msp/subgraph-kit';
import { type GraphQLSchema, parse } from 'graphql/index.js';
import { expect, test } from 'vitest';

/** Names of definitions and members of an SDL that have no description. */
export function undescribed(sdl: string): string[] {
  const missing: string[] = [];
  for (const def of parse(sdl).definitions) {
    if (!('name' in def) || !def.name || def.name.value.startsWith('_')) continue;
    if (!('description' in def) || !def.description) missing.push(def.name.value);
    const members = [
      ...('fields' in def && def.fields ? def.fields : []),
      ...('values' in def && def.values ? def.values : []),
    ];
    for (const f of members) {
      if (!f.description) missing.push(`${def.name.value}.${f.name.value}`);
      for (const a of 'arguments' in f && f.arguments ? f.arguments : []) {
        if (!a.description) missing.push(`${def.name.value}.${f.name.value}(${a.name.value})`);
      }
    }
  }
  return missing;
}

/** Registers the common schema tests; returns the printed SDL for the file's own tests. */
export function subgraphSchemaTests(name: string, schema: GraphQLSchema, schemaFile: string): string {
  const sdl = printSchema(schema);
  test('printed SDL snapshot', () => {
    expect(sdl).toMatchSnapshot();
  });
  test(`schema/${name}.graphql is up to date (npm run schema:compose)`, async () => {
    expect(await readFile(schemaFile, 'utf8')).toBe(sdl);
  });
  test('every type, field, argument and enum value carries a description', () => {
    expect(undescribed(sdl)).toEqual([]);
  });
  return sdl;
}
