/**
 * Bench child: the Graph simulator and every subgraph of scripts/subgraphs.ts, in one process on
 * ephemeral localhost ports, over the bench's database. Sends `{ type: 'ready', urls }`.
 */
import { createDb, createSecretBox } from '@msp/db';
import { createOperationsQueue, redisConnection } from '@msp/gate';
import { type GraphSimulator, startGraphSimulator } from '@msp/microsoft-graph';
import type { TracesSampler } from '@msp/settings';
import type { SubgraphServer } from '@msp/subgraph-kit';
import { startTracing } from '@msp/telemetry';
import { Redis } from 'ioredis';
import pino from 'pino';
import { SUBGRAPHS } from '../../scripts/subgraphs';
import { childConfig, failed, onStop, ready } from './child';

export interface SubgraphsConfig {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  jwtSecret: string;
  secretEncryptionKey: string;
  publicAppUrl: string;
  logLevel: string;
  /** Trace every request and export over OTLP/HTTP to this base URL (the tracing comparison). */
  otlpEndpoint?: string;
  /** `OTEL_TRACES_SAMPLER` / `_ARG` of the traced processes (unset: the default's, ratio 1 outside production). */
  sampling?: { OTEL_TRACES_SAMPLER?: TracesSampler; OTEL_TRACES_SAMPLER_ARG?: number };
}

const config = childConfig<SubgraphsConfig>();
const tracing = config.otlpEndpoint
  ? startTracing({
      serviceName: 'bench-subgraphs',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: config.otlpEndpoint, ...config.sampling },
    })
  : null;
const logger = pino({ level: config.logLevel });
const closers: Array<() => Promise<unknown>> = [async () => tracing?.shutdown()];
const closeAll = async () => {
  for (const close of closers) await close().catch((error: unknown) => console.error('close failed:', error));
};
onStop(closeAll);

const pascal = (name: string) =>
  name
    .split('-')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

type StartSubgraph = (options: Record<string, unknown>) => Promise<SubgraphServer>;

/** `start<Name>Subgraph` from services/<name>/src/index.ts (as tests/e2e/harness.ts finds it). */
async function subgraphFactory(name: string, packageName: string): Promise<StartSubgraph> {
  const mod = (await import(packageName)) as Record<string, unknown>;
  const factory = mod[`start${pascal(name)}Subgraph`];
  if (typeof factory !== 'function')
    throw new Error(`services/${name}/src/index.ts has no start${pascal(name)}Subgraph`);
  return factory as StartSubgraph;
}

try {
  const handle = createDb({ url: config.databaseUrl, max: 24, applicationName: 'bench-gateway' });
  closers.unshift(() => handle.close());
  const connection = redisConnection(config.redisUrl);
  const queue = createOperationsQueue({ connection, prefix: config.prefix });
  closers.unshift(async () => {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  });
  const publisher = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  closers.unshift(() => publisher.quit().catch(() => publisher.disconnect()));
  const simulator: GraphSimulator = await startGraphSimulator({ port: 0, host: '127.0.0.1', logger });
  closers.unshift(() => simulator.close());
  const urls: Record<string, string> = {};
  for (const s of SUBGRAPHS) {
    const start = await subgraphFactory(s.name, s.packageName);
    const server = await start({
      db: handle,
      queue,
      publisher,
      redisUrl: config.redisUrl,
      graph: { endpoints: { loginBaseUrl: simulator.url, graphBaseUrl: simulator.url }, maxRetries: 0 },
      secretEncryptionKey: config.secretEncryptionKey,
      secretBox: createSecretBox(config.secretEncryptionKey),
      auth: { jwtSecret: config.jwtSecret },
      links: { publicAppUrl: config.publicAppUrl },
      logger: logger.child({ service: s.name }),
      port: 0,
      host: '127.0.0.1',
    });
    closers.unshift(() => server.close());
    urls[s.name] = server.url.replace('localhost', '127.0.0.1');
  }
  ready({ urls });
} catch (error) {
  await closeAll();
  failed(error);
}
