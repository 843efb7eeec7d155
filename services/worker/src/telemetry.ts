/**
 * The worker's spans. A job continues the trace of the start that enqueued it (the W3C context
 * in the job's data, `@msp/gate` `enqueueOperation`): `job <OPERATION_TYPE>` (a consumer span,
 * one per delivery: attempt, run id, what became of it), and inside it `processor
 * <OPERATION_TYPE>` around the processor, whose Graph calls are spans of their own
 * (`@msp/microsoft-graph`) as are the run's event publishes (`@msp/gate`).
 */
import type { RunRow } from '@msp/db';
import { withTraceContext } from '@msp/telemetry';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Job } from 'bullmq';

/** Looked up per span: a tracer provider set (or replaced) after this module loaded is used. */
const tracer = () => trace.getTracer('@msp/worker');

export function inJobSpan<T>(job: Job, fn: () => Promise<T>): Promise<T> {
  const data = (job.data ?? {}) as { trace?: Record<string, string>; runId?: unknown; operationType?: unknown };
  const carrier = data.trace && typeof data.trace === 'object' ? data.trace : undefined;
  const operationType = typeof data.operationType === 'string' ? data.operationType.slice(0, 40) : 'unknown';
  return withTraceContext(carrier, () =>
    tracer().startActiveSpan(
      `job ${operationType}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.destination.name': job.queueName,
          'messaging.message.id': job.id ?? '',
          'msp.operation_type': operationType,
          'msp.run_id': typeof data.runId === 'string' ? data.runId : '',
          'msp.job.attempt': Math.max(1, job.attemptsStarted),
        },
      },
      async (span) => {
        try {
          const result = await fn();
          if (result && typeof result === 'object') {
            const r = result as { outcome?: unknown; skipped?: unknown };
            if (typeof r.outcome === 'string') span.setAttribute('msp.run.outcome', r.outcome);
            if (typeof r.skipped === 'string') span.setAttribute('msp.job.skipped', r.skipped);
          }
          return result;
        } catch (error) {
          // DelayedError (a retry later) is not a failure of the trace; everything else is.
          const name = (error as Error)?.name ?? 'Error';
          span.setAttribute('msp.job.ended', name);
          if (name !== 'DelayedError') span.setStatus({ code: SpanStatusCode.ERROR, message: name });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
}

export function inProcessorSpan<T>(run: RunRow, fn: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(
    `processor ${run.operationType}`,
    { attributes: { 'msp.operation_type': run.operationType, 'msp.run_id': run.id, 'msp.tenant_id': run.tenantId } },
    async (span) => {
      try {
        const result = await fn();
        const outcome = (result as { outcome?: unknown } | null)?.outcome;
        if (typeof outcome === 'string') span.setAttribute('msp.run.outcome', outcome);
        return result;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
