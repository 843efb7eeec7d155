/** Starts the gateway from the environment: `tsx gateway/src/server.ts`. */
import { authOptionsFromEnv } from '@msp/auth';
import { createDb } from '@msp/db';
import { stopOnSignals } from '@msp/process';
import { settingsOrExit } from '@msp/settings';
import { logMixin, startTracing } from '@msp/telemetry';
import pino from 'pino';
import { loadGatewayEnv } from './env';
import { createGateway } from './gateway';
import { readSupergraph } from './supergraph';
import { CONSOLE_DOCUMENTS_PATH, readDocumentManifests } from './trusted-documents';

const env = settingsOrExit(() => loadGatewayEnv());

// Tracing (OTLP) when the standard OTEL_* variables ask for it: services/telemetry/README.md.
const tracing = startTracing({ serviceName: 'gateway', env });
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'gateway' }, mixin: logMixin });
// A small pool: only the token endpoint (POST /oauth/token) reads the database.
const db = createDb({ url: env.DATABASE_URL, max: 4, applicationName: 'gateway' });
const gateway = await createGateway({
  supergraphSdl: readSupergraph(env.GATEWAY_SUPERGRAPH_PATH),
  port: env.GATEWAY_PORT,
  host: env.GATEWAY_HOST,
  logger,
  subgraphUrls: env.GATEWAY_SUBGRAPH_URLS,
  graphiql: env.graphiql,
  // Production: introspection for signed-in callers only, no "Did you mean …?".
  introspection: env.production ? 'signed-in' : 'everyone',
  auth: authOptionsFromEnv(env),
  suggestions: !env.production,
  limits: { maxDepth: env.GATEWAY_MAX_DEPTH, maxCost: env.GATEWAY_MAX_COST },
  fastPath: env.GATEWAY_FAST_PATH,
  gatewayKey: env.GATEWAY_SUBGRAPH_KEY,
  corsOrigins: env.corsOrigins,
  rateLimit: env.GATEWAY_RATE_LIMIT
    ? {
        redisUrl: env.REDIS_URL,
        requests: env.GATEWAY_RATE_LIMIT_REQUESTS,
        cost: env.GATEWAY_RATE_LIMIT_COST,
        starts: env.GATEWAY_RATE_LIMIT_STARTS,
        keyPrefix: env.GATEWAY_RATE_LIMIT_PREFIX,
        redisTimeoutMs: env.GATEWAY_RATE_LIMIT_REDIS_TIMEOUT_MS,
        trustedProxies: env.GATEWAY_TRUSTED_PROXIES,
      }
    : undefined,
  apiClients: { db: db.db },
  trustedDocuments: readDocumentManifests(
    env.GATEWAY_PERSISTED_DOCUMENTS.length > 0 ? env.GATEWAY_PERSISTED_DOCUMENTS : [CONSOLE_DOCUMENTS_PATH],
  ),
});

stopOnSignals(
  async () => {
    await gateway.close();
    await db.close();
    await tracing?.shutdown();
  },
  { logger },
);
