/**
 * The process's Prometheus metrics (prom-client): one Registry per process, served as text at
 * `/metrics` by the gateway, every subgraph and the worker. Label values are bounded by
 * construction: vocabulary enums (operation type, outcome, reason code, status class), never an
 * id; client-chosen values (operation names) go through `boundedName`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The process's registry. The gateway's Prometheus plugin registers into it too. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Content type of `registry.metrics()` (Prometheus text 0.0.4). */
export const METRICS_CONTENT_TYPE = registry.contentType;

/** Seconds buckets for fast in-process decisions (the gate answers in a few ms). */
const DECISION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Seconds buckets for runs: a health check takes under a second, a big sync minutes. */
const RUN_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600];
/** Seconds buckets for GraphQL requests. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const gateDecisions = new Counter({
  name: 'msp_gate_decisions_total',
  help: 'Start gate decisions by operation type, outcome (ACCEPTED, DEDUPED, SCOPE_BUSY, BLOCKED, or DENIED before the decision: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT) and reason code (NONE when there is none).',
  labelNames: ['operation_type', 'outcome', 'reason'] as const,
  registers: [registry],
});

export const gateDecisionSeconds = new Histogram({
  name: 'msp_gate_decision_duration_seconds',
  help: 'Time the start gate took to decide, by operation type and outcome.',
  labelNames: ['operation_type', 'outcome'] as const,
  buckets: DECISION_BUCKETS,
  registers: [registry],
});

export const gateReplays = new Counter({
  name: 'msp_gate_idempotent_replays_total',
  help: 'Starts answered with an earlier decision of the same idempotency key, by operation type and outcome.',
  labelNames: ['operation_type', 'outcome'] as const,
  registers: [registry],
});

export const runDurationSeconds = new Histogram({
  name: 'msp_run_duration_seconds',
  help: 'Run duration from start (or queueing, for runs that never started) to completion, by operation type and outcome.',
  labelNames: ['operation_type', 'outcome'] as const,
  buckets: RUN_BUCKETS,
  registers: [registry],
});

export const rateLimitDecisions = new Counter({
  name: 'msp_rate_limit_decisions_total',
  help: "The gateway's rate limit checks by policy (requests, cost, starts), caller (signed-in, anonymous) and outcome (allowed, limited).",
  labelNames: ['policy', 'caller', 'outcome'] as const,
  registers: [registry],
});

export const rateLimitStoreErrors = new Counter({
  name: 'msp_rate_limit_store_errors_total',
  help: "Rate limit checks the gateway could not make in Redis (down, slow): each was made in the replica's memory instead.",
  registers: [registry],
});

export const runsReaped = new Counter({
  name: 'msp_runs_reaped_total',
  help: 'Active runs the reaper ended FAILED (RUN_INTERRUPTED): their job finished without finishing them, or vanished too often.',
  registers: [registry],
});

export const runsRequeued = new Counter({
  name: 'msp_runs_requeued_total',
  help: 'Active runs the reaper handed back to the outbox dispatcher because their job vanished from Redis.',
  registers: [registry],
});

export const jobsStalled = new Counter({
  name: 'msp_jobs_stalled_total',
  help: 'Jobs BullMQ found stalled (their worker died or hung) and handed to another worker.',
  registers: [registry],
});

export const outboxDispatched = new Counter({
  name: 'msp_outbox_dispatched_total',
  help: 'Committed runs the outbox dispatcher enqueued after their start could not.',
  registers: [registry],
});

export const scheduleFirings = new Counter({
  name: 'msp_schedule_firings_total',
  help: 'Schedule ticks fired and recorded, by operation type and what came of them: the gate outcome (ACCEPTED, DEDUPED, SCOPE_BUSY, BLOCKED) or STOPPED (the gate refused the owner). A tick delivered again is not counted twice.',
  labelNames: ['operation_type', 'outcome'] as const,
  registers: [registry],
});

export const scheduleFiringLagSeconds = new Histogram({
  name: 'msp_schedule_firing_lag_seconds',
  help: 'From the time a schedule tick was due to its firing recorded: how late ticks fire (a burst of ticks due at once queues for the firing workers).',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [registry],
});

export const webhookAttempts = new Counter({
  name: 'msp_webhook_attempts_total',
  help: 'Outbound webhook delivery attempts by event type, outcome (delivered, failed) and error class (none when delivered).',
  labelNames: ['event_type', 'outcome', 'error_class'] as const,
  registers: [registry],
});

export const webhookEndpointsDisabled = new Counter({
  name: 'msp_webhook_endpoints_disabled_total',
  help: 'Webhook endpoints the worker disabled after a delivery failed every attempt.',
  registers: [registry],
});

export const graphRequests = new Counter({
  name: 'msp_graph_requests_total',
  help: 'Microsoft Graph and token endpoint HTTP attempts by kind (graph, token) and status (the HTTP status, or "error" without a response).',
  labelNames: ['kind', 'status'] as const,
  registers: [registry],
});

export const graphThrottles = new Counter({
  name: 'msp_graph_throttled_total',
  help: 'Graph answers that asked to slow down (429, or 503/504 with Retry-After), by kind.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const graphRetryAfterSeconds = new Counter({
  name: 'msp_graph_retry_after_seconds_total',
  help: 'Sum of the Retry-After waits Graph asked for, in seconds, by kind.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const graphRetries = new Counter({
  name: 'msp_graph_retries_total',
  help: 'Graph HTTP attempts repeated after a throttle, an outage or a network error, by kind.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const openSubscriptions = new Gauge({
  name: 'msp_graphql_subscriptions_open',
  help: 'GraphQL subscriptions open now, by server (gateway, or the subgraph name).',
  labelNames: ['server'] as const,
  registers: [registry],
});

export const graphqlRequestSeconds = new Histogram({
  name: 'msp_graphql_request_duration_seconds',
  help: 'GraphQL HTTP requests served by a subgraph, by subgraph, operation name and type.',
  labelNames: ['server', 'operation_name', 'operation_type'] as const,
  buckets: REQUEST_BUCKETS,
  registers: [registry],
});

export const queueJobs = new Gauge({
  name: 'msp_queue_jobs',
  help: 'BullMQ jobs by queue and state (waiting, active, delayed, prioritized, waiting-children, failed, completed), read at scrape time.',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});

/** The job counts of a queue, as BullMQ's `getJobCounts` returns them. */
export interface CountableQueue {
  name: string;
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'];

const watched = new Set<CountableQueue>();

/**
 * Reports `msp_queue_jobs` for this queue at every scrape (one Redis round trip). Returns the
 * function that stops watching it (on close).
 */
export function watchQueueDepth(queue: CountableQueue): () => void {
  watched.add(queue);
  return () => {
    watched.delete(queue);
  };
}

async function refreshQueueDepth(): Promise<void> {
  await Promise.all(
    [...watched].map(async (queue) => {
      try {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
      } catch {
        // Redis down: the previous values stay; /readyz says why.
      }
    }),
  );
}

const MAX_NAMES = 200;
const seenNames = new Set<string>();

/**
 * An operation name as a label value: letters, digits and `_` only, at most 64 characters,
 * and at most 200 distinct names per process (later ones are `other`), so a client sending a
 * new name per request cannot blow up the series count. No name: `anonymous`.
 */
export function boundedName(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  const clean = name.replace(/[^A-Za-z0-9_]/g, '').slice(0, 64) || 'anonymous';
  if (seenNames.has(clean)) return clean;
  if (seenNames.size >= MAX_NAMES) return 'other';
  seenNames.add(clean);
  return clean;
}

/** The registry as Prometheus text, with the queue gauges read now. */
export async function metricsText(): Promise<string> {
  await refreshQueueDepth();
  return registry.metrics();
}

/**
 * Answers `GET /metrics` (true) or leaves the request alone (false): for the plain `node:http`
 * servers of the subgraphs and the worker.
 */
export function serveMetrics(
  req: { method?: string | undefined; url?: string | undefined },
  res: {
    writeHead(status: number, headers: Record<string, string>): unknown;
    end(body?: string): unknown;
  },
): boolean {
  if ((req.url ?? '').split('?')[0] !== '/metrics' || (req.method ?? 'GET') !== 'GET') return false;
  metricsText().then(
    (text) => {
      res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
      res.end(text);
    },
    (error: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`metrics failed: ${error.message}`);
    },
  );
  return true;
}

const OPEN = Symbol('open subscriptions');
type Tracked = { [OPEN]?: Set<string> };

/**
 * Counts the subscriptions of each graphql-ws connection (its `extra`) in
 * `msp_graphql_subscriptions_open{server}`: call `opened` from `onOperation` when the result is a
 * stream, `closed` from `onComplete`, `closedAll` from `onClose`.
 */
export function subscriptionGauge(server: string) {
  const gauge = openSubscriptions.labels({ server });
  gauge.inc(0);
  return {
    opened(extra: object, id: string) {
      const t = extra as Tracked;
      t[OPEN] ??= new Set();
      if (t[OPEN].has(id)) return;
      t[OPEN].add(id);
      gauge.inc();
    },
    closed(extra: object, id: string) {
      if ((extra as Tracked)[OPEN]?.delete(id)) gauge.dec();
    },
    closedAll(extra: object) {
      const open = (extra as Tracked)[OPEN];
      if (open?.size) gauge.dec(open.size);
      open?.clear();
    },
  };
}
