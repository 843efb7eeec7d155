/** Writes the subgraph SDL to schema/onboarding.graphql (input of `schema:compose`). */
import { fileURLToPath } from 'node:url';
import { writeSchema } from '@msp/subgraph-kit';
import { schema } from './schema/index';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/onboarding.graphql', import.meta.url));

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeSchema(schema, SCHEMA_FILE);
  console.log(`wrote ${SCHEMA_FILE}`);
}
