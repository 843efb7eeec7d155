/**
 * Bench child: the load generator. For each `{ type: 'run', spec }` it sends `spec.warmup`, then
 * `spec.total` POST requests (global fetch, keep-alive) with `spec.concurrency` in flight, each
 * with its own bearer token, checks every response, and replies `measuring` between the two
 * phases and `result` at the end (types in load.ts).
 */
import { childConfig, onStop, ready } from './child';
import type { Check, LoadReply, LoadRequest, LoadSpec, PhaseResult } from './load';

childConfig<Record<string, never>>();
onStop(async () => {});

/** The parts of an answer the checks read. */
interface Body {
  data?: {
    operationRuns?: { edges?: Array<{ node: { tenant?: { name?: unknown } } }> };
    startPolicyBackup?: { outcome?: string };
  } | null;
  errors?: unknown[];
}

/** Why a response does not count as a success, or null. */
function verify(body: Body, check: Check): string | null {
  if (body.errors?.length) return `errors: ${JSON.stringify(body.errors[0]).slice(0, 300)}`;
  const d = body.data;
  if (!d) return 'no data';
  if (check.kind === 'list') {
    const edges = d.operationRuns?.edges;
    if (!Array.isArray(edges) || edges.length !== check.edges)
      return `expected ${check.edges} edges, got ${edges?.length}`;
    if (check.tenantName && edges.some((e) => typeof e.node.tenant?.name !== 'string')) return 'tenant.name missing';
    return null;
  }
  const r = d.startPolicyBackup;
  if (r?.outcome !== check.outcome) return `expected ${check.outcome}, got ${JSON.stringify(r).slice(0, 200)}`;
  return null;
}

async function one(spec: LoadSpec, i: number): Promise<string | null> {
  const res = await fetch(spec.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${spec.tokens[i]}`,
    },
    body: JSON.stringify({ query: spec.query, variables: spec.variables[i % spec.variables.length] }),
    signal: AbortSignal.timeout(spec.requestTimeoutMs),
  });
  const text = await res.text();
  if (res.status !== 200) return `HTTP ${res.status}: ${text.slice(0, 200)}`;
  let body: Body;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  return verify(body, spec.check);
}

/** Requests offset..offset+n-1, `concurrency` at a time, until done or past `deadline`. */
async function phase(spec: LoadSpec, offset: number, n: number, deadline: number): Promise<PhaseResult> {
  let next = 0;
  let done = 0;
  let errors = 0;
  let timedOut = false;
  const latencies: number[] = [];
  const samples = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (next < n) {
        if (performance.now() > deadline) {
          timedOut = true;
          return;
        }
        const i = offset + next++;
        const t0 = performance.now();
        let problem: string | null;
        try {
          problem = await one(spec, i);
        } catch (e) {
          problem = `fetch: ${(e as Error)?.message ?? String(e)}`;
        }
        latencies.push(performance.now() - t0);
        done++;
        if (problem) {
          errors++;
          samples.set(problem, (samples.get(problem) ?? 0) + 1);
        }
      }
    }),
  );
  const errorSamples = [...samples].slice(0, 5);
  return { seconds: (performance.now() - started) / 1000, latencies, done, errors, errorSamples, timedOut };
}

const reply = (message: LoadReply) => process.send?.(message);

process.on('message', (message: LoadRequest | { type: 'stop' }) => {
  if (message?.type !== 'run') return;
  const { spec } = message;
  void (async () => {
    const deadline = performance.now() + spec.deadlineMs;
    const w = await phase(spec, 0, spec.warmup, deadline);
    reply({ type: 'measuring' });
    const m = await phase(spec, spec.warmup, spec.total, deadline);
    reply({
      type: 'result',
      result: { ...m, warmup: { errors: w.errors, errorSamples: w.errorSamples, timedOut: w.timedOut } },
    });
  })().catch((e: unknown) => reply({ type: 'fatal', message: String((e as Error)?.stack ?? e) }));
});

ready({});
