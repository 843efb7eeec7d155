/** The printed subgraph SDL: snapshot, committed copy up to date, every type and field described. */
import { readFile } from 'node:fs/promises';
import { SCHEMA_FILE } from '@msp/provider-connection/print-schema';
import { printSchema } from '@msp/subgraph-kit';
import { parse } from 'graphql/index.js';
import { describe, expect, test } from 'vitest';
import { schema } from '../src';

const sdl = printSchema(schema);

describe('provider-connection subgraph schema', () => {
  test('printed SDL snapshot', () => {
    expect(sdl).toMatchSnapshot();
  });

  test('schema/provider-connection.graphql is up to date (npm run schema:compose)', async () => {
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
});
