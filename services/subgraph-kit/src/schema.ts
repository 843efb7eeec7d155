import { writeFile } from 'node:fs/promises';
import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';

/** The federation spec version every subgraph links; one value so composition sees one spec. */
export const FEDERATION_LINK_URL = 'https://specs.apollo.dev/federation/v2.6';

interface SubgraphSchemaBuilder {
  toSubGraphSchema(options: { linkUrl?: string }): GraphQLSchema;
}

/** Builds the subgraph schema (adds `_service`, `_entities` and the `@link` to the federation spec). */
export function toSubgraphSchema(builder: SubgraphSchemaBuilder): GraphQLSchema {
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK_URL });
}

/**
 * The subgraph SDL as composition needs it (with federation directives). `graphql`'s
 * `printSchema` drops them: never use it for `schema/*.graphql`.
 */
export function printSchema(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema).trimEnd()}\n`;
}

/** Writes the printed SDL, e.g. to `schema/<subgraph>.graphql` from a `print-schema` script. */
export async function writeSchema(schema: GraphQLSchema, path: string): Promise<void> {
  await writeFile(path, printSchema(schema));
}
