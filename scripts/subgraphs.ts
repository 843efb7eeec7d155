/**
 * Every subgraph of the supergraph: its name, where its schema module is, and its development
 * URL (ports 4001-4005; the gateway is 4000). `npm run schema:compose` and `npm start` read this.
 */
export interface SubgraphInfo {
  name: string;
  /** Its package: the entry point exports `schema` and `start<Name>Subgraph`. */
  packageName: string;
  port: number;
  url: string;
  /** Module that starts the server. */
  serverModule: string;
}

const subgraph = (name: string, port: number): SubgraphInfo => ({
  name,
  packageName: `@msp/${name}`,
  serverModule: new URL(`../services/${name}/src/server.ts`, import.meta.url).href,
  port,
  url: `http://localhost:${port}/graphql`,
});

export const SUBGRAPHS: SubgraphInfo[] = [
  subgraph('tenant', 4001),
  subgraph('provider-connection', 4002),
  subgraph('restore', 4003),
  subgraph('onboarding', 4004),
  subgraph('operations', 4005),
];
