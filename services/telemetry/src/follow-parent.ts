/**
 * A tracer provider for a parent-based sampler that does not make the spans of a trace the sampler
 * left out. Under such a sampler a span whose parent is not sampled is never recorded, whatever it
 * is; the SDK still made one for it (a span id drawn, the sampler asked, a non-recording span
 * object) and `startActiveSpan` still switched the async context to it, for every `gate.decide`,
 * Redis command, outgoing request and job of the nine requests in ten that production leaves out
 * (BENCHMARKS.md, "Tracing overhead"). Here such a span is the parent's own context, as the API's
 * no-op tracer would give: nothing is recorded either way, and what is propagated (`traceparent`
 * to a subgraph or a BullMQ job) carries the same trace id and the same "not sampled" flag, so the
 * receiving side decides the same. Roots, and children of sampled spans, go to the SDK unchanged.
 */
import {
  type Context,
  context,
  type Span,
  type SpanContext,
  type SpanOptions,
  TraceFlags,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';

/** The parent in `ctx` when the span would belong to a trace that is not sampled. */
function unsampledParent(options: SpanOptions | undefined, ctx: Context): SpanContext | undefined {
  if (options?.root) return undefined;
  const parent = trace.getSpanContext(ctx);
  return parent && (parent.traceFlags & TraceFlags.SAMPLED) === 0 && trace.isSpanContextValid(parent)
    ? parent
    : undefined;
}

class FollowParentTracer implements Tracer {
  constructor(private readonly inner: Tracer) {}

  startSpan(name: string, options?: SpanOptions, ctx: Context = context.active()): Span {
    const parent = unsampledParent(options, ctx);
    return parent ? trace.wrapSpanContext(parent) : this.inner.startSpan(name, options, ctx);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    ctx: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions | undefined) : undefined;
    const given = rest.length > 2 ? (rest[1] as Context | undefined) : undefined;
    const ctx = given ?? context.active();
    const parent = unsampledParent(options, ctx);
    // The active context already holds this trace and its decision: no switch is needed.
    if (parent && !given) return fn(trace.wrapSpanContext(parent)) as ReturnType<F>;
    const span = parent ? trace.wrapSpanContext(parent) : this.inner.startSpan(name, options, ctx);
    return context.with(trace.setSpan(ctx, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}

/** `inner`'s tracers, each making no span for a child of a span that is not sampled. */
export function followParentSampling(inner: TracerProvider): TracerProvider {
  return {
    getTracer: (name: string, version?: string, options?: TracerOptions) =>
      new FollowParentTracer(inner.getTracer(name, version, options)),
  };
}
