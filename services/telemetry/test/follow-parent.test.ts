/**
 * Issue 15, acceptance 5 (overhead): under a parent-based sampler, no span is made for a child of
 * a span the sampler left out (follow-parent.ts); what is recorded and what is propagated stay as
 * the SDK alone would have them. The real SDK with an in-memory exporter.
 */
import { readSettings, telemetrySettings } from '@msp/settings';
import { type Context, context, propagation, type Span, TraceFlags, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { startTracing, type Tracing } from '../src/tracing';

const schema = z.object({ NODE_ENV: z.string().optional(), ...telemetrySettings });
const TRACE_ID = 'a'.repeat(32);
const PARENT_SPAN_ID = 'b'.repeat(16);

let tracing: Tracing | null = null;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = null;
});

function start(env: Record<string, string>): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  tracing = startTracing({
    serviceName: 'follow-parent-test',
    env: readSettings(schema, { what: 'a test', env }),
    exporter,
    instrumentations: false,
  });
  return exporter;
}

/** A remote parent (as `traceparent` brings it) with the given sampled flag. */
const remoteParent = (flags: TraceFlags): Context =>
  trace.setSpanContext(context.active(), {
    traceId: TRACE_ID,
    spanId: PARENT_SPAN_ID,
    traceFlags: flags,
    isRemote: true,
  });

const tracer = () => trace.getTracer('follow-parent-test');

/** `outer` → `inner` → a span started with startSpan, all under `parent`; returns what `inner` propagates. */
function nested(parent: Context): { inner: Span; traceparent: string | undefined } {
  return context.with(parent, () =>
    tracer().startActiveSpan('outer', (outer) =>
      tracer().startActiveSpan('inner', { attributes: { step: 1 } }, (inner) => {
        tracer().startSpan('leaf').end();
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        inner.end();
        outer.end();
        return { inner, traceparent: carrier.traceparent };
      }),
    ),
  );
}

describe('a parent-based sampler: no span for a child of a span left out', () => {
  test('under an unsampled parent nothing is made or recorded, and the same trace and flag propagate', async () => {
    const exporter = start({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    const { inner, traceparent } = nested(remoteParent(TraceFlags.NONE));
    expect(inner.isRecording()).toBe(false);
    expect(inner.spanContext()).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_SPAN_ID });
    expect(traceparent).toBe(`00-${TRACE_ID}-${PARENT_SPAN_ID}-00`);
    await tracing?.flush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  test('under a sampled parent every span is recorded with its parent link', async () => {
    const exporter = start({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    const { inner, traceparent } = nested(remoteParent(TraceFlags.SAMPLED));
    expect(inner.isRecording()).toBe(false); // ended
    await tracing?.flush();
    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect([...byName.keys()].sort()).toEqual(['inner', 'leaf', 'outer']);
    expect(byName.get('outer')?.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(byName.get('inner')?.parentSpanContext?.spanId).toBe(byName.get('outer')?.spanContext().spanId);
    expect(byName.get('leaf')?.parentSpanContext?.spanId).toBe(byName.get('inner')?.spanContext().spanId);
    expect(traceparent).toBe(`00-${TRACE_ID}-${byName.get('inner')?.spanContext().spanId}-01`);
  });

  test('a root is the sampler’s to decide, even under an unsampled parent when asked for one', async () => {
    const exporter = start({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    tracer().startActiveSpan('root', (root) => {
      tracer().startSpan('child').end();
      root.end();
    });
    context.with(remoteParent(TraceFlags.NONE), () => tracer().startSpan('new root', { root: true }).end());
    await tracing?.flush();
    expect(
      exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['child', 'new root', 'root']);
  });

  test('an explicit context is honoured: the span is active inside, whichever context was current', () => {
    start({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    const seen = tracer().startActiveSpan('x', {}, remoteParent(TraceFlags.NONE), () =>
      trace.getActiveSpan()?.spanContext(),
    );
    expect(seen).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_SPAN_ID, traceFlags: TraceFlags.NONE });
  });

  test('a sampler that is not parent-based decides each span itself: the SDK’s tracers are used as they are', async () => {
    const exporter = start({ OTEL_TRACES_SAMPLER: 'always_on' });
    nested(remoteParent(TraceFlags.NONE));
    await tracing?.flush();
    expect(exporter.getFinishedSpans()).toHaveLength(3);
  });
});
