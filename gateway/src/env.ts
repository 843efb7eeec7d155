/**
 * The gateway's settings, read once by `server.ts`. Defaults are the development machine's, so
 * `npm start` on a fresh checkout needs no configuration.
 */
import {
  authSettings,
  boolean,
  databaseSettings,
  type Environment,
  gatewayKeySettings,
  host,
  integer,
  linkSettings,
  list,
  optionalBoolean,
  optionalString,
  port,
  processSettings,
  rate,
  readSettings,
  redisUrl,
  setting,
  telemetrySettings,
  text,
} from '@msp/settings';
import { z } from 'zod';
import { trustedProxyList } from './client-address';

/** `name=url` pairs separated by commas, as a map. */
const subgraphUrls = () =>
  setting(z.string().optional()).transform((value, ctx) => {
    const urls: Record<string, string> = {};
    for (const pair of (value ?? '').split(',').filter((p) => p.trim())) {
      const [name, url, ...rest] = pair.split('=');
      if (!name?.trim() || !url || rest.length > 0 || !URL.canParse(url.trim())) {
        ctx.addIssue({ code: 'custom', message: 'must be name=url pairs separated by commas' });
        return z.NEVER;
      }
      urls[name.trim()] = url.trim();
    }
    return urls;
  });

export const gatewayEnvSchema = z.object({
  ...processSettings,
  ...telemetrySettings,
  /** In production, only a caller with a valid token may introspect: verified as the subgraphs do. */
  ...authSettings,
  /** The token endpoint (`POST /oauth/token`) reads API clients' rows. */
  ...databaseSettings,
  /** 4000 is the gateway slot of the fixed development ports. */
  GATEWAY_PORT: port(4000),
  /** All interfaces: clients and load balancers may live elsewhere. */
  GATEWAY_HOST: host('0.0.0.0'),
  /** The supergraph to serve; the committed schema/supergraph.graphql when unset. */
  GATEWAY_SUPERGRAPH_PATH: optionalString(),
  /**
   * Subgraph URL overrides, `name=url` separated by commas
   * (`operations=http://operations:4005/graphql`). Unset subgraphs use the supergraph's URLs.
   */
  GATEWAY_SUBGRAPH_URLS: subgraphUrls(),
  /** GraphiQL on GET /graphql: on in development unless `false`; never in production. */
  GATEWAY_GRAPHIQL: optionalBoolean(),
  /** Operation limits (services/edge limits.ts). */
  GATEWAY_MAX_DEPTH: integer(1, 100, 16),
  GATEWAY_MAX_COST: integer(1, Number.MAX_SAFE_INTEGER, 50_000),
  /**
   * Operations whose plan is one fetch to one subgraph skip planning and projection
   * (fast-path.ts); on unless `false`: tests/e2e/fast-path.test.ts shows both paths answer alike.
   */
  GATEWAY_FAST_PATH: boolean(true),
  /** Every subgraph holds the same key and refuses requests without the credential it signs. */
  ...gatewayKeySettings,
  /** The console's address: the browser origin allowed by default (CORS). */
  ...linkSettings,
  /**
   * Browser origins allowed to call the gateway (CORS), comma-separated; PUBLIC_APP_URL's origin
   * when unset. Exactly these are answered: an Origin is never reflected.
   */
  GATEWAY_CORS_ORIGINS: list(),
  /**
   * Trusted (persisted) documents: manifest files (`{ "<id>": "<document>" }`), comma-separated;
   * the console's (services/console/src/gql/persisted-documents.json) when unset.
   */
  GATEWAY_PERSISTED_DOCUMENTS: list(),
  /**
   * Rate limits per principal (a verified token's subject; an anonymous caller's address), kept
   * in Redis so every replica shares them (rate-limit.ts). On unless `false`.
   */
  GATEWAY_RATE_LIMIT: boolean(true),
  /** Where the counters live: the same Redis as the queue by default. */
  REDIS_URL: redisUrl(),
  /**
   * GraphQL requests per principal, `<count>/<duration>`. A person in the console sends a few a
   * second at most (a page is one to a handful of queries); 300 in 10 s is 30 a second for 10 s
   * on end, and a burst of 1,000 in a few seconds is cut after the first 300.
   */
  GATEWAY_RATE_LIMIT_REQUESTS: rate('300/10s'),
  /**
   * The sum of the operations' cost estimates (services/edge limits.ts) per principal. The
   * console's largest page costs under 2,000 and GraphiQL's introspection about 31,000: a person
   * never spends 150,000 in 10 s; three queries at the 50,000 ceiling do.
   */
  GATEWAY_RATE_LIMIT_COST: rate('150000/10s'),
  /**
   * Starts per principal (`start*` mutations and `retryOperationRun`: each admits a run that calls
   * Microsoft Graph). A person clicks a start a few times a minute; a script starting 1,000 is
   * cut after 60 and told when to come back.
   */
  GATEWAY_RATE_LIMIT_STARTS: rate('60/1m'),
  /** Prefix of the counters' Redis keys. */
  GATEWAY_RATE_LIMIT_PREFIX: text('msp:ratelimit'),
  /**
   * How long a check waits for Redis (ms) before it is made in the replica's memory: Redis answers
   * in well under a millisecond; a request should not wait long on a sick one.
   */
  GATEWAY_RATE_LIMIT_REDIS_TIMEOUT_MS: integer(1, 60_000, 250),
  /**
   * The load balancers in front of the gateway, comma-separated addresses or CIDR ranges
   * (`10.0.0.0/8, 2001:db8::/32`). A request whose connection comes from one of them is from the
   * address `X-Forwarded-For` names (read from the right, past the trusted hops): what an anonymous
   * caller's rate limit is keyed by (client-address.ts). Unset: the header is ignored.
   */
  GATEWAY_TRUSTED_PROXIES: list().superRefine((entries, ctx) => {
    try {
      trustedProxyList(entries);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `must be addresses or CIDR ranges (${(error as Error).message})` });
    }
  }),
});

export type GatewayEnv = z.output<typeof gatewayEnvSchema> & {
  graphiql: boolean;
  corsOrigins: string[];
  /** NODE_ENV=production: introspection for signed-in callers only, no field suggestions. */
  production: boolean;
};

/** Reads the environment; throws one line naming every bad variable. */
export function loadGatewayEnv(env?: Environment): GatewayEnv {
  const settings = readSettings(gatewayEnvSchema, {
    what: 'the gateway',
    env,
    refuseInProduction: (s) => (s.GATEWAY_GRAPHIQL ? ['GATEWAY_GRAPHIQL=true (GraphiQL is off in production)'] : []),
  });
  const production = settings.NODE_ENV === 'production';
  const graphiql = !production && (settings.GATEWAY_GRAPHIQL ?? true);
  const corsOrigins =
    settings.GATEWAY_CORS_ORIGINS.length > 0
      ? settings.GATEWAY_CORS_ORIGINS
      : [new URL(settings.PUBLIC_APP_URL).origin];
  return { ...settings, graphiql, corsOrigins, production };
}
