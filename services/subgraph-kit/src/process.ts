/**
 * What every subgraph process shares: the process around a subgraph (logger, database pool, the
 * gate's queue and publisher, clean stop on SIGINT/SIGTERM). A subgraph's `server.ts` only says
 * how to start its own app from these; the settings are `settings.ts`'s.
 */
import { authOptionsFromEnv } from '@msp/auth';
import { createDb } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { stopOnSignals } from '@msp/process';
import { logMixin, startTracing } from '@msp/telemetry';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { ActionHostOptions } from './host';
import { checkRedis } from './readiness';
import type { SubgraphServer } from './server';
import type { SubgraphEnv } from './settings';

/**
 * The options every subgraph's `start<Name>Subgraph` takes, built once from the shared settings:
 * pool, logger, auth, links, where to listen, the gateway key, Redis readiness, and the gate's
 * queue and publisher (opened on first use).
 */
export interface ProcessResources extends ActionHostOptions {
  /** The gate's producer queue (under BULLMQ_PREFIX), opened on first use. */
  readonly queue: Queue;
  /** Redis client the gate publishes live run events with, opened on first use. */
  readonly publisher: Redis;
}

export interface SubgraphProcessOptions {
  name: string;
  env: SubgraphEnv;
  dbPool: number;
  /** The subgraph's own `<NAME>_PORT`. */
  port: number;
  /** The subgraph's own `<NAME>_HOST`. */
  host: string;
  /** Starts the subgraph from the shared options (spread them, then add its own). */
  start(resources: ProcessResources): Promise<SubgraphServer>;
}

/** Starts a subgraph with its process resources and stops everything cleanly on a signal. */
export async function runSubgraphProcess(options: SubgraphProcessOptions): Promise<void> {
  const { name, env } = options;
  // Tracing (OTLP) when the standard OTEL_* variables ask for it: services/telemetry/README.md.
  const tracing = startTracing({ serviceName: name, env });
  const logger = pino({ level: env.LOG_LEVEL, base: { service: name }, mixin: logMixin });
  const db = createDb({ url: env.DATABASE_URL, max: options.dbPool, applicationName: `msp-${name}` });
  let queue: Queue | null = null;
  let publisher: Redis | null = null;
  const resources: ProcessResources = {
    db,
    logger,
    auth: authOptionsFromEnv(env),
    links: { publicAppUrl: env.PUBLIC_APP_URL, graphCloud: env.GRAPH_CLOUD },
    port: options.port,
    host: options.host,
    gatewayKey: env.GATEWAY_SUBGRAPH_KEY,
    readiness: [() => checkRedis(resources.publisher)],
    get queue() {
      if (!queue) {
        queue = createOperationsQueue({ connection: redisConnection(env.REDIS_URL), prefix: env.BULLMQ_PREFIX });
        queue.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));
      }
      return queue;
    },
    get publisher() {
      if (!publisher) {
        publisher = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, connectionName: `msp-${name}-pub` });
        publisher.on('error', (error) => logger.warn({ err: error }, 'redis publisher error'));
      }
      return publisher;
    },
  };

  const subgraph = await options.start(resources);

  stopOnSignals(
    async () => {
      await subgraph.close();
      await queue?.close();
      await publisher?.quit();
      await db.close();
      await tracing?.shutdown();
    },
    { logger },
  );
}
