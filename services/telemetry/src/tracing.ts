/**
 * OpenTelemetry tracing for one process, configured by the standard `OTEL_*` variables and off
 * unless they ask for it:
 *
 * - on when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set (or
 *   `OTEL_TRACES_EXPORTER=otlp`, which then exports to the default `http://localhost:4318`), and
 *   `OTEL_SDK_DISABLED` is not `true` and `OTEL_TRACES_EXPORTER` is not `none`;
 * - spans go out over OTLP/HTTP (JSON) in batches (`OTEL_BSP_*`), sampled by
 *   `OTEL_TRACES_SAMPLER` / `_ARG` (default: parent-based, always on), with the resource of
 *   `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` (the process's own name otherwise);
 *   `OTEL_EXPORTER_OTLP_HEADERS` and `_TIMEOUT` are read by the exporter itself;
 * - W3C trace context (`traceparent`) is the propagation format: on HTTP between the gateway and
 *   the subgraphs, and inside the BullMQ job (`injectTraceContext` / `extractTraceContext`).
 *
 * The SDK pieces are the OpenTelemetry JS SDK's own (sdk-trace-base, the OTLP HTTP exporter,
 * the AsyncLocalStorage context manager); with tracing off, the API's no-op tracer makes every
 * span in the code free.
 */

import { type TelemetrySettings, tracesEndpoint } from '@msp/settings';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { currentRequestId, REQUEST_ID_HEADER, requestIdFrom, withRequest } from './context';

export interface TracingOptions {
  /** `service.name` unless `OTEL_SERVICE_NAME` says otherwise (`gateway`, `tenant`, `worker`...). */
  serviceName: string;
  /** The process's `OTEL_*` settings (`telemetrySettings` of @msp/settings, read at start). */
  env: TelemetrySettings;
  /** Export here instead of OTLP (tests may pass an in-memory exporter). */
  exporter?: SpanExporter;
  /**
   * Load the HTTP and ioredis instrumentations (`@opentelemetry/instrumentation-http`,
   * `-ioredis`): client spans for outgoing HTTP and Redis commands made inside a traced
   * operation (never a root span of their own), server spans for incoming HTTP. They patch
   * modules loaded through `require` after this call; ESM imports are patched only when the
   * process was started with the loader hook (`node --import
   * @opentelemetry/instrumentation/hook.mjs`). There is no postgres.js instrumentation: the
   * gate's SQL runs inside the `gate.decide` span.
   * @defaultValue true
   */
  instrumentations?: boolean;
}

export interface Tracing {
  /** Exports every finished span now. */
  flush(): Promise<void>;
  /** Flushes and stops; the global tracer is a no-op again. */
  shutdown(): Promise<void>;
}

let active: Tracing | null = null;

/**
 * Starts tracing for this process when the environment asks for it (or an exporter is given);
 * returns null otherwise. Call once, before serving; a second call returns the first's handle.
 */
export function startTracing(options: TracingOptions): Tracing | null {
  if (active) return active;
  const url = tracesEndpoint(options.env);
  if (!options.exporter && !url) return null;
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: url as string });
  const detected = detectResources({ detectors: [envDetector] });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }).merge(detected),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const unload =
    options.instrumentations === false
      ? () => {}
      : registerInstrumentations({
          tracerProvider: provider,
          instrumentations: [
            new HttpInstrumentation({
              requireParentforOutgoingSpans: true,
              // Probes and scrapes are not worth a trace each.
              ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
            }),
            new IORedisInstrumentation({ requireParentSpan: true }),
          ],
        });
  const handle: Tracing = {
    flush: () => provider.forceFlush(),
    async shutdown() {
      unload();
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      if (active === handle) active = null;
    },
  };
  active = handle;
  return handle;
}

/**
 * What a message (a BullMQ job's data) carries of the request that sent it: the W3C trace
 * context of the active span (`traceparent`, `tracestate`) and the request id (`x-request-id`),
 * so the consumer's spans and log lines join the request's.
 */
export function injectTraceContext(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const requestId = currentRequestId();
  if (requestId) carrier[REQUEST_ID_HEADER] = requestId;
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** Runs `fn` in the trace context and request a message carried (as it is when it carried none). */
export function withTraceContext<T>(carrier: Record<string, string> | undefined, fn: () => T): T {
  if (!carrier) return fn();
  const requestId = carrier[REQUEST_ID_HEADER];
  const inContext = () => context.with(propagation.extract(context.active(), carrier), fn);
  return requestId ? withRequest(requestIdFrom(requestId), inContext) : inContext();
}
