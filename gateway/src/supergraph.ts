/**
 * Reading and adjusting the supergraph SDL: the subgraph URLs live in the `join__Graph` enum as
 * `@join__graph(name: "operations", url: "http://localhost:4005/graphql")`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const JOIN_GRAPH = /@join__graph\(\s*name:\s*"([^"]+)"\s*,\s*url:\s*"([^"]*)"\s*\)/g;

/** schema/supergraph.graphql of this repository. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export function readSupergraph(path = SUPERGRAPH_PATH): string {
  return readFileSync(path, 'utf8');
}

/** name → URL of every subgraph in the SDL. */
export function subgraphsOf(supergraphSdl: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(JOIN_GRAPH)) out[match[1]!] = match[2]!;
  return out;
}

/** The SDL with the given subgraphs' URLs replaced; names it does not know are an error. */
export function withSubgraphUrls(supergraphSdl: string, urls: Record<string, string>): string {
  const known = subgraphsOf(supergraphSdl);
  const unknown = Object.keys(urls).filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw new Error(
      `No subgraph named ${unknown.join(', ')} in the supergraph (it has ${Object.keys(known).join(', ')})`,
    );
  }
  return supergraphSdl.replace(JOIN_GRAPH, (whole, name: string) =>
    urls[name] === undefined ? whole : `@join__graph(name: "${name}", url: "${urls[name]}")`,
  );
}
