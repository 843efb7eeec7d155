/**
 * One HTTP request of a subgraph or the gateway, made observable: its request id (the caller's
 * `x-request-id`, or a new one) in the log context and on the response, and a server span that
 * continues the caller's trace (W3C `traceparent`); probes and scrapes get none. (The HTTP
 * instrumentation's incoming half is off, `tracing.ts`; were a server span already active, it
 * would be used as it is.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { REQUEST_ID_HEADER, requestIdFrom, withRequest } from './context';

/** Looked up per span: a tracer provider set (or replaced) after this module loaded is used. */
const tracer = () => trace.getTracer('@msp/telemetry');

const PROBES = /^\/(healthz|readyz|metrics)\b/;

export function observeRequest(
  server: string,
  req: IncomingMessage,
  res: ServerResponse,
  handle: () => Promise<void>,
): Promise<void> {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, requestId);
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  // Probes and scrapes are not worth a trace each.
  if (trace.getActiveSpan() || PROBES.test(path)) return withRequest(requestId, handle);
  const parent = propagation.extract(context.active(), req.headers);
  return context.with(parent, () =>
    tracer().startActiveSpan(
      `${req.method ?? 'GET'} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': path, 'msp.server': server },
      },
      (span) =>
        withRequest(requestId, async () => {
          try {
            await handle();
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.setAttribute('http.response.status_code', res.statusCode);
            span.end();
          }
        }),
    ),
  );
}
