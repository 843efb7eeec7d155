/**
 * `npm run schema:compose` writes each subgraph's SDL to schema/<name>.graphql, composes them
 * into schema/supergraph.graphql (what the gateway serves) and schema/api.graphql (the public
 * API clients see).
 * `npm run schema:check` fails when those files are stale, when composition fails, or when the
 * public API breaks against the committed schema/api.graphql without a prior deprecation.
 * Both also cover the console's generated operation types (services/console/src/gql, GraphQL
 * Codegen's client preset typed from schema/api.graphql): compose rewrites them, check fails
 * when they are stale or when an operation of the console no longer validates against the API.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSubgraphSchema } from '@apollo/subgraph';
import { generate } from '@graphql-codegen/cli';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { composeServices } from '@theguild/federation-composition';
import { buildSchema, type GraphQLSchema, isInterfaceType, isObjectType, parse } from 'graphql';
import { SUBGRAPHS } from './subgraphs';

const schemaDir = fileURLToPath(new URL('../schema/', import.meta.url));
const file = (name: string) => `${schemaDir}${name}.graphql`;

export async function composeAll() {
  const subgraphs = [];
  for (const s of SUBGRAPHS) {
    const mod = (await import(s.packageName)) as { schema: GraphQLSchema };
    subgraphs.push({ name: s.name, url: s.url, sdl: `${printSubgraphSchema(mod.schema).trim()}\n` });
  }
  const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (composed.errors?.length) {
    throw new Error(`composition failed:\n${composed.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return {
    subgraphs,
    supergraph: `${(composed.supergraphSdl ?? '').trim()}\n`,
    api: `${(composed.publicSdl ?? '').trim()}\n`,
  };
}

const consoleCodegen = fileURLToPath(new URL('../services/console/codegen.ts', import.meta.url));
const consoleGql = fileURLToPath(new URL('../services/console/src/gql/', import.meta.url));

/** The console's generated files for the committed (or just composed) schema/api.graphql. */
async function consoleTypes(): Promise<Map<string, string>> {
  const config = (await import(consoleCodegen)).default;
  const outputs = (await generate({ ...config, silent: true, verbose: false }, false)) as Array<{
    filename: string;
    content: string;
  }>;
  return new Map(outputs.map((o) => [o.filename, o.content]));
}

/** Breaking changes of the public API, except removals of what was already deprecated. */
export function breakingChanges(oldSdl: string, newSdl: string): Promise<string[]> {
  const before = buildSchema(oldSdl);
  const after = buildSchema(newSdl);
  const wasDeprecated = (path?: string) => {
    const [typeName, fieldName] = (path ?? '').split('.');
    const type = typeName ? before.getType(typeName) : undefined;
    if (!type || !fieldName || !(isObjectType(type) || isInterfaceType(type))) return false;
    return Boolean(type.getFields()[fieldName]?.deprecationReason);
  };
  return diff(before, after).then((changes) =>
    changes
      .filter((c) => c.criticality.level === CriticalityLevel.Breaking && !wasDeprecated(c.path))
      .map((c) => c.message),
  );
}

async function main(mode: string) {
  const out = await composeAll();
  const expected = new Map<string, string>([
    ...out.subgraphs.map((s) => [file(s.name), s.sdl] as [string, string]),
    [file('supergraph'), out.supergraph],
    [file('api'), out.api],
  ]);
  if (mode === 'compose') {
    for (const [path, content] of expected) writeFileSync(path, content);
    console.log(`composed ${out.subgraphs.length} subgraphs into schema/supergraph.graphql and schema/api.graphql`);
    for (const [path, content] of await consoleTypes()) writeFileSync(path, content);
    console.log("generated the console's operation types (services/console/src/gql)");
    return;
  }
  const problems: string[] = [];
  for (const [path, content] of expected) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) {
      problems.push(`${path.replace(schemaDir, 'schema/')} is stale: run npm run schema:compose and commit it`);
    }
  }
  try {
    const generated = await consoleTypes();
    const stale = [...generated].filter(
      ([path, content]) => !existsSync(path) || readFileSync(path, 'utf8') !== content,
    );
    const extra = readdirSync(consoleGql).filter((name) => !generated.has(`${consoleGql}${name}`));
    if (stale.length > 0 || extra.length > 0) {
      problems.push('services/console/src/gql is stale: run npm run console:codegen and commit it');
    }
  } catch (error) {
    problems.push(`the console's operations do not validate against schema/api.graphql: ${(error as Error).message}`);
  }
  if (existsSync(file('api'))) {
    for (const m of await breakingChanges(readFileSync(file('api'), 'utf8'), out.api)) {
      problems.push(`breaking change without deprecation: ${m}`);
    }
  }
  if (problems.length > 0) {
    console.error(problems.map((p) => `- ${p}`).join('\n'));
    process.exit(1);
  }
  console.log("schema/ and the console's operation types are current, and the public API has no breaking change");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv[2] ?? 'check');
}
