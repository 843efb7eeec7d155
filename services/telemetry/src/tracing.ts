/**
 * OpenTelemetry tracing for one process, configured by the standard `OTEL_*` variables and off
 * unless they ask for it:
 *
 * - on when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set (or
 *   `OTEL_TRACES_EXPORTER=otlp`, which then exports to the default `http://localhost:4318`), and
 *   `OTEL_SDK_DISABLED` is not `true` and `OTEL_TRACES_EXPORTER` is not `none`;
 * - spans go out over OTLP/HTTP (JSON) in batches (`OTEL_BSP_*`), sampled by
 *   `OTEL_TRACES_SAMPLER` / `_ARG` read through @msp/settings (default: parent-based, each root
 *   trace kept with the ratio: 0.1 with NODE_ENV=production, 1 otherwise: `samplerFrom`), with the resource of
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
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { currentRequestId, REQUEST_ID_HEADER, requestIdFrom, withRequest } from './context';
import { followParentSampling } from './follow-parent';

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
   * operation (never a root span of their own); incoming HTTP's server spans are
   * `observeRequest`'s (the instrumentation's incoming half is off). They patch
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
 * The sampler the settings ask for (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`, the
 * specification's names). Unset: parent-based, each root trace kept with the ratio (0.1 with
 * NODE_ENV=production, 1 otherwise), every other span following its parent's decision, which
 * crosses processes in `traceparent` (and in a BullMQ job), so a start's trace is whole or absent.
 */
export function samplerFrom(env: TelemetrySettings): Sampler {
  const ratio = env.OTEL_TRACES_SAMPLER_ARG ?? (env.NODE_ENV === 'production' ? 0.1 : 1);
  switch (env.OTEL_TRACES_SAMPLER ?? 'parentbased_traceidratio') {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    default:
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

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
  const sampler = samplerFrom(options.env);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }).merge(detected),
    sampler,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // Under a parent-based sampler a child of a span left out is never recorded: make none
  // (follow-parent.ts). Any other sampler decides each span itself and gets the SDK's tracers.
  const tracers = sampler instanceof ParentBasedSampler ? followParentSampling(provider) : provider;
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracers);
  const unload =
    options.instrumentations === false
      ? () => {}
      : registerInstrumentations({
          tracerProvider: tracers,
          instrumentations: [
            new HttpInstrumentation({
              requireParentforOutgoingSpans: true,
              // Incoming requests get their server span from `observeRequest` (http.ts), which every
              // server of the stack calls: the instrumentation's own was a second one per request,
              // and its cost (a dozen attributes parsed from the request, the request's and
              // response's emitters bound to the context) was paid even for a trace the sampler
              // leaves out: BENCHMARKS.md, "Tracing overhead".
              disableIncomingRequestInstrumentation: true,
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
