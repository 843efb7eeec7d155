/**
 * Settings of this package: the Graph adapter's (read by every process that calls Graph: the
 * worker, the restore preview, the consent links of provider-connection) and the simulator CLI's.
 * Built from @msp/settings' parsers; library code takes options, never the environment.
 */
import {
  type Environment,
  host,
  integer,
  optionalUrl,
  port,
  processSettings,
  readSettings,
  setting,
} from '@msp/settings';
import { z } from 'zod';
import type { GraphClientOptions } from './adapter/client';
import { GRAPH_CLOUD_NAMES, type GraphCloud } from './adapter/clouds';

const simulatorSchema = z.object({
  ...processSettings,
  /** 4010 is the simulator's fixed development port (see ARCHITECTURE.md, "Fixed points"). */
  GRAPH_SIMULATOR_PORT: port(4010),
  /**
   * Loopback: the simulator accepts any secret and its control API needs no login. Another
   * interface only on purpose (a container network of test machines).
   */
  GRAPH_SIMULATOR_HOST: host('127.0.0.1'),
});

export type SimulatorEnv = z.output<typeof simulatorSchema>;

/** Never in production: the simulator is a fake Microsoft Graph that accepts any secret. */
export function simulatorEnv(env?: Environment): SimulatorEnv {
  return readSettings(simulatorSchema, {
    what: 'the Graph simulator',
    env,
    refuseInProduction: () => [
      'it is a fake Microsoft Graph for development and tests (it accepts any secret); point GRAPH_BASE_URL and GRAPH_LOGIN_BASE_URL at Microsoft Graph instead',
    ],
  });
}

/** The adapter's settings; a process adds them to its own schema and refines with `graphEndpointsTogether`. */
export const graphSettings = {
  /** Which national cloud to talk to; `global` is commercial Microsoft 365. */
  GRAPH_CLOUD: setting(
    z
      .enum(GRAPH_CLOUD_NAMES as [GraphCloud, ...GraphCloud[]], {
        error: `must be one of ${GRAPH_CLOUD_NAMES.join(', ')}`,
      })
      .default('global'),
  ),
  /** Overrides the cloud's Entra authority; with GRAPH_BASE_URL, e.g. the simulator. */
  GRAPH_LOGIN_BASE_URL: optionalUrl(),
  /** Overrides the cloud's Graph host; with GRAPH_LOGIN_BASE_URL. */
  GRAPH_BASE_URL: optionalUrl(),
  /** Retries per request after the first attempt; 3 rides out typical Graph throttling. */
  GRAPH_MAX_RETRIES: integer(0, 10, 3),
  /** Longest Retry-After honoured in-process; longer waits go back to the job queue. */
  GRAPH_MAX_RETRY_AFTER_MS: integer(0, 86_400_000, 30_000),
  /** Per-attempt timeout. */
  GRAPH_TIMEOUT_MS: integer(1, 600_000, 30_000),
};

const graphSchema = z.object(graphSettings);
export type GraphSettings = z.output<typeof graphSchema>;

/** GRAPH_LOGIN_BASE_URL and GRAPH_BASE_URL go together: `schema.superRefine(graphEndpointsTogether)`. */
export function graphEndpointsTogether(
  settings: Pick<GraphSettings, 'GRAPH_LOGIN_BASE_URL' | 'GRAPH_BASE_URL'>,
  ctx: z.RefinementCtx,
): void {
  if ((settings.GRAPH_LOGIN_BASE_URL === undefined) !== (settings.GRAPH_BASE_URL === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['GRAPH_BASE_URL'],
      message:
        'and GRAPH_LOGIN_BASE_URL go together: set both or neither (the simulator serves both: use its URL twice)',
    });
  }
}

/**
 * Adapter options from the settings (without `fetch`, `logger`, `sleep`: the caller adds those).
 * With GRAPH_LOGIN_BASE_URL and GRAPH_BASE_URL set, they replace the cloud's hosts.
 */
export function graphOptions(settings: GraphSettings): GraphClientOptions {
  const options: GraphClientOptions = {
    cloud: settings.GRAPH_CLOUD,
    maxRetries: settings.GRAPH_MAX_RETRIES,
    maxRetryAfterMs: settings.GRAPH_MAX_RETRY_AFTER_MS,
    timeoutMs: settings.GRAPH_TIMEOUT_MS,
  };
  if (settings.GRAPH_LOGIN_BASE_URL !== undefined && settings.GRAPH_BASE_URL !== undefined) {
    options.endpoints = { loginBaseUrl: settings.GRAPH_LOGIN_BASE_URL, graphBaseUrl: settings.GRAPH_BASE_URL };
  }
  return options;
}
