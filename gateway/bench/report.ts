/**
 * The bench's printout: requests/s and latency per row, CPU ms per request by process, the
 * ratios against the goals, and each row's failed requests.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { LoadResult } from './load';

export type PathLabel = 'gateway fast' | 'gateway normal' | 'direct' | '@apollo/gateway' | 'http proxy';

export interface Row {
  case: string;
  path: PathLabel;
  perSecond: number;
  p50: number;
  p99: number;
  /** p50 of the second measure, one request at a time. */
  p50Alone: number;
  /** CPU ms per measured request, by process. */
  cpu: Record<string, number>;
  result: LoadResult;
}

export interface Header {
  requests: number;
  warmup: number;
  stackWarmup: number;
  concurrency: number;
  users: number;
}

const total = (cpu: Record<string, number>) => Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** Prints everything; returns the number of failed requests (0: the figures are valid). */
export function report(header: Header, caseNames: string[], rows: Row[]): number {
  console.log(
    `\nbench:gateway — ${header.requests} requests per row after ${header.warmup} warm-up (and ${header.stackWarmup} per case when ` +
      `each child starts), concurrency ${header.concurrency}, ` +
      `one distinct token per request (${header.users} users), node ${process.version}`,
  );
  console.log(
    `${'case'.padEnd(27)} ${'path'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'p50 ms, c=1'.padStart(12)} ${'over direct'.padStart(12)}`,
  );
  for (const r of rows) {
    const errors = r.result.errors + r.result.warmup.errors;
    const incomplete = r.result.timedOut || r.result.warmup.timedOut ? ` (timed out after ${r.result.done})` : '';
    const direct = rows.find((d) => d.case === r.case && d.path === 'direct');
    const over = direct && r !== direct ? `+${fmt(r.p50Alone - direct.p50Alone, 2)}` : '';
    console.log(
      `${r.case.padEnd(27)} ${r.path.padEnd(16)} ${fmt(r.perSecond, 0).padStart(8)} ${fmt(r.p50, 2).padStart(8)} ${fmt(r.p99, 2).padStart(8)} ${String(errors).padStart(7)} ${fmt(r.p50Alone, 2).padStart(12)} ${over.padStart(12)}${incomplete}`,
    );
  }

  const cpuColumns = [
    'load generator',
    'gateway',
    '@apollo/gateway',
    'http proxy',
    'subgraphs',
    'postgresql',
    'redis',
  ].filter((k) => rows.some((r) => r.cpu[k] !== undefined));
  if (cpuColumns.length > 1) {
    console.log('\nCPU ms per request, by process (2 cores: 2,000 ms of CPU per second in all)');
    console.log(
      `${'case'.padEnd(27)} ${'path'.padEnd(16)} ${[...cpuColumns, 'total'].map((k) => k.padStart(15)).join(' ')}`,
    );
    for (const r of rows) {
      const cells = cpuColumns.map((k) => fmt(r.cpu[k] ?? Number.NaN, 2).padStart(15));
      console.log(`${r.case.padEnd(27)} ${r.path.padEnd(16)} ${cells.join(' ')} ${fmt(total(r.cpu), 2).padStart(15)}`);
    }
  }

  // The gateway as configured (fast path on) against the goals; the normal path beside it.
  console.log('\nratios (requests/s; gateway = gateway fast, the default)');
  for (const name of caseNames) {
    const of = (label: PathLabel) => rows.find((r) => r.case === name && r.path === label);
    const g = of('gateway fast');
    const n = of('gateway normal');
    const d = of('direct');
    const a = of('@apollo/gateway');
    const floor = of('http proxy')?.cpu['http proxy'];
    const parts: string[] = [];
    if (g && d) {
      const x = d.perSecond / g.perSecond;
      parts.push(`direct/gateway ${fmt(x, 2)}x (goal ≤ 1.3: ${x <= 1.3 ? 'met' : 'not met'})`);
    }
    if (g && a) {
      const x = g.perSecond / a.perSecond;
      parts.push(`gateway/@apollo/gateway ${fmt(x, 2)}x (goal ≥ 1.5: ${x >= 1.5 ? 'met' : 'not met'})`);
    }
    if (n && a) parts.push(`normal path/@apollo/gateway ${fmt(n.perSecond / a.perSecond, 2)}x`);
    const own = g?.cpu.gateway;
    if (own !== undefined && floor !== undefined) {
      const x = own / floor;
      parts.push(`gateway CPU/proxy CPU ${fmt(x, 2)}x (goal ≤ 2: ${x <= 2 ? 'met' : 'not met'})`);
    }
    console.log(`${name.padEnd(27)} ${parts.join('   ')}`);
    // Requests/s on a CPU-bound machine is about 2,000 / (CPU ms per request, all processes):
    // what the gateway process may spend per request for each goal, the rest of its path as measured.
    if (g && own !== undefined && Object.keys(g.cpu).length > 2) {
      const rest = total(g.cpu) - own;
      const budgets: string[] = [];
      const budget = (ms: number, goal: string) =>
        ms > 0 ? `≤ ${fmt(ms, 2)} ms for the ${goal} goal` : `the ${goal} goal is out of reach even at 0 ms`;
      if (d) budgets.push(budget(1.3 * total(d.cpu) - rest, 'direct'));
      if (a?.cpu['@apollo/gateway'] !== undefined) {
        budgets.push(budget(total(a.cpu) / 1.5 - rest, 'peer'));
        const ceiling = total(a.cpu) / (total(a.cpu) - a.cpu['@apollo/gateway']);
        budgets.push(`a gateway using no CPU would reach ${fmt(ceiling, 2)}x the peer`);
      }
      if (floor !== undefined) budgets.push(`a blind HTTP proxy (no GraphQL) spends ${fmt(floor, 2)} ms`);
      if (budgets.length > 0)
        console.log(`${''.padEnd(27)} gateway CPU ${fmt(own, 2)} ms/request: ${budgets.join('; ')}`);
    }
  }

  let failures = 0;
  for (const r of rows) {
    const errors = r.result.errors + r.result.warmup.errors;
    if (errors === 0 && !r.result.timedOut && !r.result.warmup.timedOut) continue;
    failures += errors || 1;
    console.log(`\n${r.case} via ${r.path}: ${errors} failed requests${r.result.timedOut ? ', timed out' : ''}`);
    for (const [message, count] of [...r.result.warmup.errorSamples, ...r.result.errorSamples]) {
      console.log(`  ${count}× ${message}`);
    }
  }
  const [one, five] = loadavg();
  console.log(
    `\nmachine: ${availableParallelism()} cores, load average ${fmt(one ?? Number.NaN, 2)} (1 min) ${fmt(five ?? Number.NaN, 2)} (5 min); ` +
      'subgraphs in one child process, each gateway in its own (one at a time), the load generator in its own',
  );
  return failures;
}
