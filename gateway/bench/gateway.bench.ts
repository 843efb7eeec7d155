/**
 * `npm run bench:gateway`: requests/s, p50 and p99 of the Monitoring list query and of a start
 * mutation through the gateway (Hive Gateway runtime + router runtime), directly at the owning
 * subgraph, through `@apollo/gateway` (the peer) on the same subgraphs, and through a blind HTTP
 * proxy. Not a test: it prints figures (issue 5; goals: gateway within 1.3x of direct, at least
 * 1.5x the peer).
 *
 * Real components: a fresh PostgreSQL database (world.ts: migrated, seeded, dropped at the end), a
 * private BullMQ prefix on the configured Redis, every subgraph of scripts/subgraphs.ts and the
 * Graph simulator in one child process (subgraphs.entry.ts, as tests/e2e/harness.ts starts them,
 * without the worker: nothing here needs a run to progress), each gateway in its own child
 * process (hive.entry.ts, apollo.entry.ts, proxy.entry.ts, one at a time), as in production where
 * the gateway is its own process (scripts/start.ts), and the load generator in another
 * (load.entry.ts). Children are started by children.ts and stopped even when the bench fails.
 *
 * Every response is checked (no `errors`, the expected page size or start outcome); failures are
 * counted and printed, and make the exit code 1.
 *
 * DATABASE_URL names the PostgreSQL server, REDIS_URL the Redis; BENCH_REQUESTS (2000) and
 * BENCH_WARMUP (200) the requests per case; BENCH_STACK_WARMUP (1000) the requests of every
 * case through each child before its rows are measured; BENCH_CASES (a substring of case names) selects
 * cases; BENCH_PATHS (comma-separated: direct,gateway fast,gateway normal,@apollo/gateway,http proxy) selects
 * paths; BENCH_LATENCY_REQUESTS (300) the requests of each row's second measure, at concurrency 1;
 * BENCH_CPU_PROF=<dir> starts every child with `--cpu-prof` into <dir>/<child> (one profile per
 * thread: the largest is the main thread) and prints each gateway's busy time by package at the
 * end (profile.ts).
 *
 * Then the tracing overhead (issue 15), unless BENCH_TRACING=off: the fast-path gateway and the
 * subgraphs with tracing off, and a pair per traced mode exporting over OTLP/HTTP to a local
 * receiver (in the parent, standing where the Collector would): every trace recorded
 * (`parentbased_always_on`) and the production default (`parentbased_traceidratio`, 0.1);
 * BENCH_TRACING_MODES (`every,production`) selects. Measured in alternating rounds
 * (BENCH_TRACING_ROUNDS, 2) on the list and start cases, side by side: requests per second and the
 * CPU per request of each mode's gateway and subgraphs (and of the receiver).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { TracesSampler } from '@msp/settings';
import { startOtlpReceiver } from '@msp/tests/support/otlp';
import type { Child } from './children';
import { startChild } from './children';
import { type CpuSnapshot, cpuDelta, cpuSnapshot } from './cpu';
import { type Check, type LoadGenerator, percentile, startLoadGenerator } from './load';
import { profileBreakdown } from './profile';
import { type PathLabel, type Row, report } from './report';
import { type BenchWorld, createBenchWorld } from './world';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://localhost:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
/** Requests of every case through each child once it starts, before any row is measured. */
const STACK_WARMUP = Number(process.env.BENCH_STACK_WARMUP ?? 1000);
const CONCURRENCY = 20;
/** Requests of each row's second measure, one at a time: latency without queueing. */
const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 300);
const PAGE = 20;
/** Each case (warm-up + measured) stops issuing requests after this long. */
const CASE_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;

const jwtSecret = `bench-${randomBytes(16).toString('hex')}`;
const publicAppUrl = 'https://app.example.test';
const SECRET_ENCRYPTION_KEY = 'ZGV2LW9ubHktc2VjcmV0LWtleS0zMi1ieXRlcy1sb24=';

const LIST_WITH_TENANT = /* GraphQL */ `
  query Runs($t: ID!) {
    operationRuns(tenantId: $t, first: ${PAGE}) { edges { node { id status outcome operationType tenant { name } } } }
  }
`;
const LIST = /* GraphQL */ `
  query Runs($t: ID!) {
    operationRuns(tenantId: $t, first: ${PAGE}) { edges { node { id status outcome operationType } } }
  }
`;
/** Only fields the tenant subgraph resolves itself, so the direct call is like for like. */
const START = /* GraphQL */ `
  mutation Start($t: ID!) {
    startPolicyBackup(tenantId: $t) {
      __typename
      ... on ProviderOperationStart { outcome operationType message { headline nextStep } }
      ... on ProviderOperationDeduped { runUrl run { id } }
      ... on ProviderOperationBlocked { reasonCode problemClass }
    }
  }
`;

interface Path {
  label: PathLabel;
  /** The CPU column of the process serving this path (none for direct). */
  process?: 'gateway' | '@apollo/gateway' | 'http proxy';
  /** For `http proxy`: the subgraph it forwards to (`<proxy>/<subgraph>`). */
  subgraph?: string;
  url: string;
}

interface Case {
  name: string;
  query: string;
  variables: Array<Record<string, unknown>>;
  check: Check;
  paths: Path[];
}

const logLevel = process.env.BENCH_LOG_LEVEL ?? 'silent';
const prefix = `bench-gateway-${randomBytes(5).toString('hex')}`;
const cpuProfDir = process.env.BENCH_CPU_PROF;
const cpuProf = (name: string) => (cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}/${name}`] : []);
const closers: Array<() => Promise<unknown>> = [];
let failures = 0;

try {
  const world: BenchWorld = await createBenchWorld(serverUrl, jwtSecret);
  closers.unshift(() => world.drop());

  const loadGenerator: LoadGenerator = await startLoadGenerator(cpuProf('load'));
  closers.unshift(() => loadGenerator.child.stop());
  const subgraphs = await startChild<{ urls: Record<string, string> }>(
    'subgraphs',
    './subgraphs.entry.ts',
    {
      databaseUrl: world.databaseUrl,
      redisUrl,
      prefix,
      jwtSecret,
      secretEncryptionKey: SECRET_ENCRYPTION_KEY,
      publicAppUrl,
      logLevel,
    },
    cpuProf('subgraphs'),
  );
  closers.unshift(() => subgraphs.child.stop());
  const subgraphUrls = subgraphs.ready.urls;

  type ChildLabel = Exclude<PathLabel, 'direct'>;
  const hive = (label: 'gateway fast' | 'gateway normal', fastPath: boolean) => () =>
    startChild<{ url: string }>(
      label,
      './hive.entry.ts',
      { subgraphUrls, logLevel, fastPath },
      cpuProf(label.replace(' ', '-')),
    );
  const gatewayChildren: Record<ChildLabel, () => Promise<{ child: Child; ready: { url: string } }>> = {
    'gateway fast': hive('gateway fast', true),
    'gateway normal': hive('gateway normal', false),
    '@apollo/gateway': () =>
      startChild<{ url: string }>('@apollo/gateway', './apollo.entry.ts', { subgraphUrls }, cpuProf('apollo')),
    'http proxy': () =>
      startChild<{ url: string }>('http proxy', './proxy.entry.ts', { subgraphUrls }, cpuProf('proxy')),
  };

  const fast = (): Path => ({ label: 'gateway fast', process: 'gateway', url: '' });
  const normal = (): Path => ({ label: 'gateway normal', process: 'gateway', url: '' });
  const apollo = (): Path => ({ label: '@apollo/gateway', process: '@apollo/gateway', url: '' });
  const direct = (subgraph: string): Path => ({ label: 'direct', url: subgraphUrls[subgraph]! });
  const proxy = (subgraph: string): Path => ({ label: 'http proxy', process: 'http proxy', url: '', subgraph });

  const dedupeVars = world.dedupeTenants.map((t) => ({ t }));
  const blockedVars = world.blockedTenants.map((t) => ({ t }));
  const cases: Case[] = [
    {
      name: 'list + tenant { name }',
      query: LIST_WITH_TENANT,
      variables: dedupeVars,
      check: { kind: 'list', edges: PAGE, tenantName: true },
      paths: [fast(), normal(), apollo()],
    },
    {
      name: 'list',
      query: LIST,
      variables: dedupeVars,
      check: { kind: 'list', edges: PAGE, tenantName: false },
      paths: [direct('operations'), proxy('operations'), fast(), normal(), apollo()],
    },
    {
      name: 'startPolicyBackup DEDUPED',
      query: START,
      variables: dedupeVars,
      check: { kind: 'start', outcome: 'DEDUPED' },
      paths: [direct('tenant'), proxy('tenant'), fast(), normal(), apollo()],
    },
    {
      name: 'startPolicyBackup BLOCKED',
      query: START,
      variables: blockedVars,
      check: { kind: 'start', outcome: 'BLOCKED' },
      paths: [direct('tenant'), proxy('tenant'), fast(), normal(), apollo()],
    },
  ];

  const caseFilter = process.env.BENCH_CASES;
  const pathFilter = process.env.BENCH_PATHS?.split(',').map((p) => p.trim());
  const selected = cases
    .filter((c) => !caseFilter || c.name.includes(caseFilter))
    .map((c) => ({ ...c, paths: c.paths.filter((p) => !pathFilter || pathFilter.includes(p.label)) }));

  const load = async (
    c: Case,
    path: Path,
    warmup: number,
    total: number,
    onMeasuring?: () => void,
    concurrency = CONCURRENCY,
  ) =>
    loadGenerator.run(
      {
        url: path.url,
        query: c.query,
        variables: c.variables,
        tokens: await world.tokens(warmup + total),
        warmup,
        total,
        concurrency,
        check: c.check,
        deadlineMs: CASE_TIMEOUT_MS,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
      },
      onMeasuring,
    );

  const run = async (c: Case, path: Path, gatewayPid?: number): Promise<Row> => {
    const pids = {
      'load generator': loadGenerator.child.process.pid,
      subgraphs: subgraphs.child.process.pid,
      ...(path.process ? { [path.process]: gatewayPid } : {}),
    };
    let before: CpuSnapshot = new Map();
    const result = await load(c, path, WARMUP, REQUESTS, () => {
      before = cpuSnapshot(pids, world.databaseName);
    });
    const used = cpuDelta(before, cpuSnapshot(pids, world.databaseName));
    const cpu = Object.fromEntries(Object.entries(used).map(([k, seconds]) => [k, (seconds * 1000) / result.done]));
    const sorted = result.latencies.slice().sort((a, b) => a - b);
    const alone = await load(c, path, 20, LATENCY_REQUESTS, undefined, 1);
    const aloneSorted = alone.latencies.slice().sort((a, b) => a - b);
    return {
      p50Alone: percentile(aloneSorted, 50),
      cpu,
      case: c.name,
      path: path.label,
      perSecond: result.done / result.seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      result: {
        ...result,
        errors: result.errors + alone.errors + alone.warmup.errors,
        errorSamples: [...result.errorSamples, ...alone.errorSamples, ...alone.warmup.errorSamples],
      },
    };
  };

  // Direct rows with the fast-path gateway child running, each other path with only its own
  // child running (one at a time: an idle gateway process costs nothing, but one at a time keeps
  // it so). Each child, once started, first carries STACK_WARMUP requests of every case it serves
  // (not measured), so that neither it nor the subgraphs behind it are measured cold, whichever
  // runs first. Rows are printed in the cases' order.
  const byKey = new Map<string, Row>();
  const order: ChildLabel[] = ['gateway fast', 'gateway normal', '@apollo/gateway', 'http proxy'];
  for (const label of order) {
    const wanted = selected.flatMap((c) =>
      c.paths.filter((p) => p.label === label || (label === order[0] && p.label === 'direct')).map((p) => ({ c, p })),
    );
    if (wanted.length === 0) continue;
    const needsChild = wanted.some(({ p }) => p.label === label);
    const started = needsChild ? await gatewayChildren[label]() : undefined;
    if (started) closers.unshift(() => started.child.stop());
    try {
      for (const { p } of wanted)
        if (started && p.label === label) p.url = p.subgraph ? `${started.ready.url}/${p.subgraph}` : started.ready.url;
      for (const { c, p } of wanted) {
        const warm = await load(c, p, STACK_WARMUP, 0);
        if (warm.warmup.errors > 0)
          throw new Error(`warming ${c.name} via ${p.label}: ${warm.warmup.errorSamples[0]?.[0]}`);
      }
      for (const { c, p } of wanted)
        byKey.set(
          `${c.name}\u0000${p.label}`,
          await run(c, p, p.label === label ? started?.child.process.pid : undefined),
        );
    } finally {
      await started?.child.stop();
    }
  }
  const rows: Row[] = selected.flatMap((c) =>
    c.paths.map((p) => byKey.get(`${c.name}\u0000${p.label}`)).filter((r): r is Row => r !== undefined),
  );
  failures = report(
    { requests: REQUESTS, warmup: WARMUP, stackWarmup: STACK_WARMUP, concurrency: CONCURRENCY, users: world.users },
    selected.map((c) => c.name),
    rows,
  );

  if (process.env.BENCH_TRACING !== 'off') {
    const receiver = await startOtlpReceiver();
    closers.unshift(() => receiver.close());
    const subgraphsConfig = {
      databaseUrl: world.databaseUrl,
      redisUrl,
      prefix,
      jwtSecret,
      secretEncryptionKey: SECRET_ENCRYPTION_KEY,
      publicAppUrl,
      logLevel,
    };
    // off: the untraced pair; every traced mode: its own subgraphs child and gateway child,
    // exporting to the receiver with its own sampler.
    const tracedModes: Record<string, { OTEL_TRACES_SAMPLER: TracesSampler; OTEL_TRACES_SAMPLER_ARG?: number }> = {
      'on, every trace': { OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
      'on, production default (ratio 0.1)': {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: 0.1,
      },
    };
    const wanted = (process.env.BENCH_TRACING_MODES ?? 'every,production').split(',');
    const gatewayOff = await startChild<{ url: string }>(
      'gateway (tracing off)',
      './hive.entry.ts',
      { subgraphUrls, logLevel, fastPath: true },
      cpuProf('gateway-off'),
    );
    closers.unshift(() => gatewayOff.child.stop());
    const modes: Array<{ name: string; url: string; pids: Record<string, number | undefined> }> = [
      {
        name: 'off',
        url: gatewayOff.ready.url,
        pids: { gateway: gatewayOff.child.process.pid, subgraphs: subgraphs.child.process.pid },
      },
    ];
    for (const [name, sampling] of Object.entries(tracedModes)) {
      if (!wanted.some((w) => name.includes(w))) continue;
      const traced = await startChild<{ urls: Record<string, string> }>(
        `subgraphs (${name})`,
        './subgraphs.entry.ts',
        {
          ...subgraphsConfig,
          otlpEndpoint: receiver.url,
          sampling,
        },
        cpuProf(`subgraphs-${name.split(/[ ,]+/)[1]}`),
      );
      closers.unshift(() => traced.child.stop());
      const gatewayOn = await startChild<{ url: string }>(
        `gateway (${name})`,
        './hive.entry.ts',
        {
          subgraphUrls: traced.ready.urls,
          logLevel,
          fastPath: true,
          otlpEndpoint: receiver.url,
          sampling,
        },
        cpuProf(`gateway-${name.split(/[ ,]+/)[1]}`),
      );
      closers.unshift(() => gatewayOn.child.stop());
      modes.push({
        name,
        url: gatewayOn.ready.url,
        pids: { gateway: gatewayOn.child.process.pid, subgraphs: traced.child.process.pid, receiver: process.pid },
      });
    }
    const tracedCases = selected.filter((c) => c.name !== 'list + tenant { name }');
    const rounds = Number(process.env.BENCH_TRACING_ROUNDS ?? 2);
    const sums = new Map<string, { perSecond: number; cpu: number; receiverCpu: number; errors: number }>();
    for (const c of tracedCases) {
      for (const { url } of modes) {
        const warm = await load(c, { label: 'gateway fast', url }, STACK_WARMUP, 0);
        if (warm.warmup.errors > 0) throw new Error(`warming ${c.name}: ${warm.warmup.errorSamples[0]?.[0]}`);
      }
    }
    const spansBefore = receiver.spans.length;
    for (let round = 0; round < rounds; round++) {
      for (const c of tracedCases) {
        // Alternating order (off first, then off last...), so that no mode always goes first.
        for (const mode of round % 2 === 0 ? modes : modes.slice().reverse()) {
          let before: CpuSnapshot = new Map();
          const result = await load(c, { label: 'gateway fast', url: mode.url }, WARMUP, REQUESTS, () => {
            before = cpuSnapshot(mode.pids, world.databaseName);
          });
          const used = cpuDelta(before, cpuSnapshot(mode.pids, world.databaseName));
          const key = `${c.name}\u0000${mode.name}`;
          const sum = sums.get(key) ?? { perSecond: 0, cpu: 0, receiverCpu: 0, errors: 0 };
          sum.perSecond += result.done / result.seconds / rounds;
          // The traced processes' own CPU (the gateway and the subgraphs: the receiver stands
          // where the Collector would, on another machine in production) per request.
          sum.cpu += (((used.gateway ?? 0) + (used.subgraphs ?? 0)) * 1000) / result.done / rounds;
          sum.receiverCpu += ((used.receiver ?? 0) * 1000) / result.done / rounds;
          sum.errors += result.errors;
          sums.set(key, sum);
        }
      }
    }
    const spans = receiver.spans.length - spansBefore;
    console.log(
      `\ntracing overhead — gateway (fast path) + subgraphs, tracing off vs on (OTLP/HTTP to a local receiver in the bench's process: ${spans} spans received while measuring), ${REQUESTS} requests per case and mode at concurrency ${CONCURRENCY}, ${rounds} alternating rounds`,
    );
    console.table(
      [...sums].map(([key, s]) => {
        const [name, mode] = key.split('\u0000') as [string, string];
        const off = sums.get(`${name}\u0000off`)!;
        return {
          case: name,
          mode,
          'req/s': Math.round(s.perSecond),
          'change %': mode === 'off' ? 0 : Number((((s.perSecond - off.perSecond) / off.perSecond) * 100).toFixed(1)),
          'CPU ms/req (gateway + subgraphs)': Number(s.cpu.toFixed(2)),
          'CPU change %': mode === 'off' ? 0 : Number((((s.cpu - off.cpu) / off.cpu) * 100).toFixed(1)),
          'receiver ms/req': mode === 'off' ? 0 : Number(s.receiverCpu.toFixed(2)),
          errors: s.errors,
        };
      }),
    );
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    failures += [...sums.values()].reduce((n, s) => n + s.errors, 0);
  }
} finally {
  for (const close of closers) await close().catch((error: unknown) => console.error('close failed:', error));
}

// The children wrote their profiles on exit: where each gateway's CPU went.
if (cpuProfDir) {
  for (const name of ['gateway-fast', 'gateway-normal', 'apollo', 'proxy']) {
    const shares = profileBreakdown(`${cpuProfDir}/${name}`);
    if (!shares) continue;
    console.log(`\n${name}: share of busy CPU time (self time, main thread, all rows and warm-ups)`);
    for (const [what, share] of shares) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${what}`);
  }
}

if (failures > 0) {
  console.error(`\n${failures} requests failed: these figures are not valid`);
  process.exitCode = 1;
}
// Pools and sockets of the libraries under test may keep the loop alive; everything is closed.
process.exit();
