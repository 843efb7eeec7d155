/** The printed subgraph SDL: snapshot, committed copy up to date, every type, field and argument described. */
import { SCHEMA_FILE } from '@msp/provider-connection/print-schema';
import { subgraphSchemaTests } from '@msp/tests/support/subgraph-schema';
import { describe } from 'vitest';
import { schema } from '../src';

describe('provider-connection subgraph schema', () => {
  subgraphSchemaTests('provider-connection', schema, SCHEMA_FILE);
});
