/** The printed subgraph SDL: snapshot, committed copy up to date, every type, field and argument described. */

import { subgraphSchemaTests } from '@msp/tests/support/subgraph-schema';
import { describe } from 'vitest';
import { schema } from '../src';
import { SCHEMA_FILE } from '../src/print-schema';

describe('tenant subgraph schema', () => {
  subgraphSchemaTests('tenant', schema, SCHEMA_FILE);
});
