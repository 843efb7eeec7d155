/**
 * Issue 15: the sampler is the standard `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, read
 * through @msp/settings; unset, parent-based with a root ratio of 0.1 in production and 1
 * elsewhere.
 */
import { readSettings, telemetrySettings } from '@msp/settings';
import { context, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { samplerFrom } from '../src/tracing';

const schema = z.object({ NODE_ENV: z.string().optional(), ...telemetrySettings });
const read = (env: Record<string, string>) => readSettings(schema, { what: 'a process', env });

/** How many of 2,000 root traces (random trace ids) the sampler keeps. */
function keptOf(env: Record<string, string>): number {
  const sampler = samplerFrom(read(env));
  let kept = 0;
  for (let i = 0; i < 2000; i++) {
    const traceId = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    const decision = sampler.shouldSample(context.active(), traceId, 'root', SpanKind.SERVER, {}, []);
    if (decision.decision === SamplingDecision.RECORD_AND_SAMPLED) kept++;
  }
  return kept;
}

describe('OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG', () => {
  test('unset: parent-based, every root trace outside production, about a tenth in production', () => {
    expect(keptOf({})).toBe(2000);
    const production = keptOf({ NODE_ENV: 'production' });
    expect(production).toBeGreaterThan(100);
    expect(production).toBeLessThan(320);
    expect(samplerFrom(read({})).toString()).toMatch(/^ParentBased\{root=TraceIdRatioBased\{1\}/);
    expect(samplerFrom(read({ NODE_ENV: 'production' })).toString()).toMatch(
      /^ParentBased\{root=TraceIdRatioBased\{0\.1\}/,
    );
  });

  test('the standard names and ratio are honoured', () => {
    expect(keptOf({ NODE_ENV: 'production', OTEL_TRACES_SAMPLER: 'parentbased_always_on' })).toBe(2000);
    expect(keptOf({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(0);
    expect(keptOf({ OTEL_TRACES_SAMPLER_ARG: '0' })).toBe(0);
    expect(samplerFrom(read({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' })).toString()).toBe(
      'TraceIdRatioBased{0.25}',
    );
  });

  test('a child follows its parent: a sampled parent keeps it whatever the ratio, an unsampled one drops it', () => {
    const sampler = samplerFrom(read({ OTEL_TRACES_SAMPLER_ARG: '0' }));
    const parent = (flags: TraceFlags) =>
      trace.setSpanContext(context.active(), {
        traceId: 'a'.repeat(32),
        spanId: 'b'.repeat(16),
        traceFlags: flags,
        isRemote: true,
      });
    const decide = (flags: TraceFlags) =>
      sampler.shouldSample(parent(flags), 'a'.repeat(32), 'child', SpanKind.SERVER, {}, []).decision;
    expect(decide(TraceFlags.SAMPLED)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(TraceFlags.NONE)).toBe(SamplingDecision.NOT_RECORD);
  });

  test('bad values are refused with one line naming the variable', () => {
    expect(() => read({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER must be one of always_on, /);
    for (const bad of ['1.5', '-0.1', 'half']) {
      expect(() => read({ OTEL_TRACES_SAMPLER_ARG: bad })).toThrow(
        /OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1/,
      );
    }
  });
});
