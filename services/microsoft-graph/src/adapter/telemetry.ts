/**
 * Every Graph (and token endpoint) exchange as one OpenTelemetry client span, and every attempt
 * in the Prometheus metrics (`@msp/telemetry`): requests by status, throttles, Retry-After
 * seconds asked for, retries. Attributes carry the method, the URL (ids, never a credential:
 * secrets travel in bodies and headers, which are not recorded), the final status and what the
 * retries waited for.
 */
import { graphRequests, graphRetries, graphRetryAfterSeconds, graphThrottles } from '@msp/telemetry';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** Looked up per span: a tracer provider set (or replaced) after this module loaded is used. */
const tracer = () => trace.getTracer('@msp/microsoft-graph');

/** Span attribute names of a Graph exchange. */
export const GRAPH_ATTRIBUTES = {
  status: 'http.response.status_code',
  attempts: 'msp.graph.attempts',
  throttled: 'msp.graph.throttled',
  retryAfterMs: 'msp.graph.retry_after_ms',
  retries: 'msp.graph.retries',
} as const;

export interface AttemptObserver {
  /** An attempt got an HTTP answer. */
  answered(status: number, retryAfterMs: number | undefined): void;
  /** An attempt got no answer (network error, timeout). */
  failed(): void;
  /** Another attempt follows after `waitMs`. */
  retrying(waitMs: number): void;
}

interface Sendable {
  method: string;
  url: string;
  kind?: 'graph' | 'token';
}

export async function inGraphSpan<T>(request: Sendable, fn: (observer: AttemptObserver) => Promise<T>): Promise<T> {
  const kind = request.kind ?? 'graph';
  const url = new URL(request.url);
  return tracer().startActiveSpan(
    `${kind === 'token' ? 'graph.token' : 'graph.request'} ${request.method}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': request.method,
        'server.address': url.hostname,
        'url.path': url.pathname,
        'msp.graph.kind': kind,
      },
    },
    async (span) => {
      let attempts = 0;
      let retries = 0;
      let throttled = false;
      let retryAfterMs = 0;
      const observer: AttemptObserver = {
        answered(status, asked) {
          attempts++;
          graphRequests.inc({ kind, status: String(status) });
          span.setAttribute(GRAPH_ATTRIBUTES.status, status);
          if (status === 429 || ((status === 503 || status === 504) && asked !== undefined)) {
            throttled = true;
            graphThrottles.inc({ kind });
            if (asked !== undefined) {
              retryAfterMs += asked;
              graphRetryAfterSeconds.inc({ kind }, asked / 1000);
            }
            span.addEvent('throttled', {
              [GRAPH_ATTRIBUTES.status]: status,
              [GRAPH_ATTRIBUTES.retryAfterMs]: asked ?? -1,
            });
          }
        },
        failed() {
          attempts++;
          graphRequests.inc({ kind, status: 'error' });
        },
        retrying(waitMs) {
          retries++;
          graphRetries.inc({ kind });
          span.addEvent('retry', { 'msp.graph.wait_ms': waitMs });
        },
      };
      try {
        return await fn(observer);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
        throw error;
      } finally {
        span.setAttributes({
          [GRAPH_ATTRIBUTES.attempts]: attempts,
          [GRAPH_ATTRIBUTES.retries]: retries,
          [GRAPH_ATTRIBUTES.throttled]: throttled,
          [GRAPH_ATTRIBUTES.retryAfterMs]: retryAfterMs,
        });
        span.end();
      }
    },
  );
}
