/**
 * Request correlation for logs: the request id of the HTTP request (or graphql-ws operation, or
 * job) being handled, kept in an AsyncLocalStorage, and the active OpenTelemetry span. `logMixin`
 * puts both on every pino line written while the request is handled, wherever the logger came
 * from (pino calls the mixin per line).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { context, createContextKey, TraceFlags, trace } from '@opentelemetry/api';

export interface RequestScope {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Header carrying the request id between clients, the gateway and the subgraphs. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept when it is a sane token (no log injection), else a new one is made. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}

/**
 * The request id also rides in the OpenTelemetry context when tracing is on, so that a log line
 * always pairs a span with the request id of that span's request (a callback the runtime
 * registered in one request and runs in another keeps both from the same one).
 */
const REQUEST_ID_KEY = createContextKey('msp.request_id');

/** Runs `fn` with `requestId` as the current request's id. */
export function withRequest<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, () => context.with(context.active().setValue(REQUEST_ID_KEY, requestId), fn));
}

/** The current request's id, if inside one. */
export function currentRequestId(): string | undefined {
  if (trace.getActiveSpan()) {
    const fromContext = context.active().getValue(REQUEST_ID_KEY);
    if (typeof fromContext === 'string') return fromContext;
  }
  return storage.getStore()?.requestId;
}

/**
 * The active span's trace id, if tracing is on, a span is active and its trace is recorded (a
 * trace the sampler left out has an id that names nothing in the trace store: a run keeps none).
 */
export function currentTraceId(): string | undefined {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) && (ctx.traceFlags & TraceFlags.SAMPLED) !== 0 ? ctx.traceId : undefined;
}

/** pino `mixin`: `requestId`, `traceId`, `spanId` of the current request and span, when there are. */
export function logMixin(): Record<string, string> {
  const fields: Record<string, string> = {};
  const requestId = currentRequestId();
  if (requestId) fields.requestId = requestId;
  const ctx = trace.getActiveSpan()?.spanContext();
  if (ctx && trace.isSpanContextValid(ctx)) {
    fields.traceId = ctx.traceId;
    fields.spanId = ctx.spanId;
  }
  return fields;
}
