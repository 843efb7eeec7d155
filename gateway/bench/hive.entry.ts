/**
 * Bench child: the Hive gateway (`createGateway`) on the bench's subgraphs, with or without the
 * fast path (`config.fastPath`), traced or not (`config.otlpEndpoint`). Sends `{ type: 'ready', url }`.
 */
import { createGateway, readSupergraph } from '@msp/gateway';
import type { TracesSampler } from '@msp/settings';
import { startTracing } from '@msp/telemetry';
import pino from 'pino';
import { childConfig, failed, onStop, ready } from './child';

const config = childConfig<{
  subgraphUrls: Record<string, string>;
  logLevel: string;
  fastPath: boolean;
  /** Trace every request and export over OTLP/HTTP to this base URL (the tracing comparison). */
  otlpEndpoint?: string;
  /** `OTEL_TRACES_SAMPLER` / `_ARG` of the traced processes (unset: the default's, ratio 1 outside production). */
  sampling?: { OTEL_TRACES_SAMPLER?: TracesSampler; OTEL_TRACES_SAMPLER_ARG?: number };
}>();
const tracing = config.otlpEndpoint
  ? startTracing({
      serviceName: 'bench-gateway',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: config.otlpEndpoint, ...config.sampling },
    })
  : null;
let close: () => Promise<unknown> = async () => {};
onStop(async () => {
  await close();
  await tracing?.shutdown();
});

try {
  const gateway = await createGateway({
    supergraphSdl: readSupergraph(),
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: config.logLevel }).child({ service: 'gateway' }),
    subgraphUrls: config.subgraphUrls,
    fastPath: config.fastPath,
  });
  close = () => gateway.close();
  ready({ url: gateway.url.replace('localhost', '127.0.0.1') });
} catch (error) {
  failed(error);
}
