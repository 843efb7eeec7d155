/**
 * Environment for this package: the simulator CLI and the adapter configuration of the
 * processes that use it. Parsed once at start-up with zod; a bad value stops the process
 * with a message naming the variable. Library code takes options, never `process.env`.
 */
import { z } from 'zod';
import type { GraphClientOptions } from './adapter/client';
import { GRAPH_CLOUD_NAMES, type GraphCloud } from './adapter/clouds';

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().min(0);
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const simulatorEnvSchema = z.object({
  /** 4010 is the simulator's fixed development port (see ARCHITECTURE.md, "Fixed points"). */
  GRAPH_SIMULATOR_PORT: z.preprocess(emptyAsUndefined, port.default(4010)),
  /**
   * Unset listens on all interfaces so `localhost` works over IPv4 and IPv6. The simulator
   * accepts any secret: set 127.0.0.1 on a shared machine.
   */
  GRAPH_SIMULATOR_HOST: z.preprocess(emptyAsUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export type SimulatorEnv = z.infer<typeof simulatorEnvSchema>;

const graphEnvSchema = z
  .object({
    /** Which national cloud to talk to; `global` is commercial Microsoft 365. */
    GRAPH_CLOUD: z.preprocess(
      emptyAsUndefined,
      z.enum(GRAPH_CLOUD_NAMES as [GraphCloud, ...GraphCloud[]]).default('global'),
    ),
    /** Overrides the cloud's Entra authority; with GRAPH_BASE_URL, e.g. the simulator. */
    GRAPH_LOGIN_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    /** Overrides the cloud's Graph host; with GRAPH_LOGIN_BASE_URL. */
    GRAPH_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    /** Retries per request after the first attempt; 3 rides out typical Graph throttling. */
    GRAPH_MAX_RETRIES: z.preprocess(emptyAsUndefined, positiveInt.max(10).default(3)),
    /** Longest Retry-After honoured in-process; longer waits go back to the job queue. */
    GRAPH_MAX_RETRY_AFTER_MS: z.preprocess(emptyAsUndefined, positiveInt.default(30_000)),
    /** Per-attempt timeout. */
    GRAPH_TIMEOUT_MS: z.preprocess(emptyAsUndefined, positiveInt.min(1).default(30_000)),
  })
  .refine((env) => (env.GRAPH_LOGIN_BASE_URL === undefined) === (env.GRAPH_BASE_URL === undefined), {
    message:
      'Set both GRAPH_LOGIN_BASE_URL and GRAPH_BASE_URL, or neither (the simulator serves both: use its URL twice)',
    path: ['GRAPH_BASE_URL'],
  });

function parse<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>, what: string): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment for ${what}:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function simulatorEnv(env: Record<string, string | undefined>): SimulatorEnv {
  return parse(simulatorEnvSchema, env, 'the Graph simulator');
}

/**
 * Adapter options from the environment (without `fetch`, `logger`, `sleep`: the caller adds
 * those). With GRAPH_LOGIN_BASE_URL and GRAPH_BASE_URL set, they replace the cloud's hosts.
 */
export function graphConfigFromEnv(env: Record<string, string | undefined>): GraphClientOptions {
  const parsed = parse(graphEnvSchema, env, 'the Microsoft Graph adapter');
  const options: GraphClientOptions = {
    cloud: parsed.GRAPH_CLOUD,
    maxRetries: parsed.GRAPH_MAX_RETRIES,
    maxRetryAfterMs: parsed.GRAPH_MAX_RETRY_AFTER_MS,
    timeoutMs: parsed.GRAPH_TIMEOUT_MS,
  };
  if (parsed.GRAPH_LOGIN_BASE_URL !== undefined && parsed.GRAPH_BASE_URL !== undefined) {
    options.endpoints = { loginBaseUrl: parsed.GRAPH_LOGIN_BASE_URL, graphBaseUrl: parsed.GRAPH_BASE_URL };
  }
  return options;
}
