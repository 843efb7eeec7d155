/** The printed subgraph SDL: snapshot, committed copy up to date, every type, field and argument described. */
import { SCHEMA_FILE } from '@msp/tenant/print-schema';
import { subgraphSchemaTests } from '@msp/tests/support/subgraph-schema';
import { describe } from 'vitest';
import { schema } from '../src';

describe('tenant subgraph schema', () => {
  subgraphSchemaTests('tenant', schema, SCHEMA_FILE);
});
