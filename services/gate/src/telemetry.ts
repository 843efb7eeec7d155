/**
 * What the gate tells operators about each decision: the Prometheus counters and latency
 * histogram (`@msp/telemetry`), one info log line, and the decision span's attributes. Only
 * vocabulary values and ids: never the caller's token, a secret or a connection's credentials.
 */
import { gateDecisionSeconds, gateDecisions, gateReplays } from '@msp/telemetry';
import { type Attributes, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Result } from './result';
import type { OperationType } from './vocabulary';

/** What `decide` learnt on the way that the result does not say. */
export interface DecisionNote {
  /** Answered from an earlier decision of the same idempotency key. */
  replay: boolean;
  tenantId?: string;
}

interface Decision {
  outcome: string;
  reasonCode?: string;
  run?: { id: string } | null;
  activeRun?: { id: string };
}

/** Looked up per span: a tracer provider set (or replaced) after this module loaded is used. */
const gateTracer = () => trace.getTracer('@msp/gate');

/** Span attribute names of a decision (also read by tests and dashboards). */
export const DECISION_ATTRIBUTES = {
  operationType: 'msp.operation_type',
  outcome: 'msp.gate.outcome',
  reasonCode: 'msp.gate.reason_code',
  tenantId: 'msp.tenant_id',
  runId: 'msp.run_id',
  replay: 'msp.gate.replay',
} as const;

/** Runs `fn` inside an internal span of the gate (outbox dispatch, event publish). */
export function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  return gateTracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Runs `fn` inside the `gate.decide` span (a no-op span when tracing is off). */
export function inDecisionSpan<T>(operationType: string, fn: (span: Span) => Promise<T>): Promise<T> {
  return gateTracer().startActiveSpan(
    'gate.decide',
    { attributes: { [DECISION_ATTRIBUTES.operationType]: operationType } },
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export function recordDecision(
  logger: Logger,
  request: { operationType: OperationType | string },
  result: Result<Decision>,
  note: DecisionNote,
  seconds: number,
  span?: Span,
): void {
  // An unparseable operation type is bounded too: it is BAD_USER_INPUT before anything else.
  const operationType = typeof request.operationType === 'string' ? request.operationType.slice(0, 40) : 'INVALID';
  const outcome = result.ok ? result.value.outcome : 'DENIED';
  const reason = result.ok ? (result.value.reasonCode ?? 'NONE') : result.error.code;
  const runId = result.ok ? (result.value.run?.id ?? result.value.activeRun?.id ?? null) : null;
  if (note.replay) {
    gateReplays.inc({ operation_type: operationType, outcome });
  } else {
    gateDecisions.inc({ operation_type: operationType, outcome, reason });
    gateDecisionSeconds.observe({ operation_type: operationType, outcome }, seconds);
  }
  span?.setAttributes({
    [DECISION_ATTRIBUTES.outcome]: outcome,
    [DECISION_ATTRIBUTES.reasonCode]: reason,
    [DECISION_ATTRIBUTES.replay]: note.replay,
    ...(note.tenantId ? { [DECISION_ATTRIBUTES.tenantId]: note.tenantId } : {}),
    ...(runId ? { [DECISION_ATTRIBUTES.runId]: runId } : {}),
  });
  logger.info(
    {
      operationType,
      outcome,
      reasonCode: reason,
      tenantId: note.tenantId ?? null,
      runId,
      replay: note.replay,
      durationMs: Math.round(seconds * 100_000) / 100,
    },
    'start decided',
  );
}
