/**
 * The gateway's settings, read once by `server.ts`. Defaults are the development machine's, so
 * `npm start` on a fresh checkout needs no configuration.
 */
import { DEVELOPMENT_GATEWAY_SUBGRAPH_KEY } from '@msp/edge';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const gatewayEnvSchema = z.object({
  /** 4000 is the gateway slot of the fixed development ports. */
  GATEWAY_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65_535).default(4000)),
  /** All interfaces: clients and load balancers may live elsewhere. */
  GATEWAY_HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  /** The supergraph to serve; the committed schema/supergraph.graphql when unset. */
  GATEWAY_SUPERGRAPH_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
  /**
   * Subgraph URL overrides, `name=url` separated by commas
   * (`operations=http://operations:4005/graphql`). Unset subgraphs use the supergraph's URLs.
   */
  GATEWAY_SUBGRAPH_URLS: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** GraphiQL on GET /graphql: on in development, off in production unless asked for. */
  GATEWAY_GRAPHIQL: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional()),
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().default('development')),
  GATEWAY_MAX_DEPTH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(16)),
  GATEWAY_MAX_COST: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(50_000)),
  /**
   * Operations whose plan is one fetch to one subgraph skip planning and projection
   * (fast-path.ts); on unless `false`: tests/e2e/fast-path.test.ts shows both paths answer alike.
   */
  /**
   * The key the gateway signs each subgraph request's credential with; every subgraph holds the
   * same. The development default is public (never for production).
   */
  GATEWAY_SUBGRAPH_KEY: z.preprocess(emptyAsUndefined, z.string().min(32).default(DEVELOPMENT_GATEWAY_SUBGRAPH_KEY)),
  /** The console's address: the browser origin allowed by default (CORS). */
  PUBLIC_APP_URL: z.preprocess(emptyAsUndefined, z.string().url().default('http://localhost:3000')),
  /**
   * Browser origins allowed to call the gateway (CORS), comma-separated; PUBLIC_APP_URL's origin
   * when unset. Exactly these are answered: an Origin is never reflected.
   */
  GATEWAY_CORS_ORIGINS: z.preprocess(emptyAsUndefined, z.string().optional()),
  GATEWAY_FAST_PATH: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('true')),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema> & {
  subgraphUrls: Record<string, string>;
  graphiql: boolean;
  corsOrigins: string[];
};

/** Parses the environment; throws one readable Error listing every bad variable. */
export function loadGatewayEnv(env: Record<string, string | undefined> = process.env): GatewayEnv {
  const parsed = gatewayEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid environment for the gateway:\n${z.prettifyError(parsed.error)}`);
  const subgraphUrls: Record<string, string> = {};
  for (const pair of (parsed.data.GATEWAY_SUBGRAPH_URLS ?? '').split(',').filter(Boolean)) {
    const [name, url] = pair.split('=');
    if (!name || !url || !URL.canParse(url)) {
      throw new Error(`Invalid environment for the gateway:\nGATEWAY_SUBGRAPH_URLS: "${pair}" is not name=url`);
    }
    subgraphUrls[name.trim()] = url.trim();
  }
  const graphiql =
    parsed.data.GATEWAY_GRAPHIQL === undefined
      ? parsed.data.NODE_ENV !== 'production'
      : parsed.data.GATEWAY_GRAPHIQL === 'true';
  const corsOrigins = (parsed.data.GATEWAY_CORS_ORIGINS ?? new URL(parsed.data.PUBLIC_APP_URL).origin)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return { ...parsed.data, subgraphUrls, graphiql, corsOrigins };
}
