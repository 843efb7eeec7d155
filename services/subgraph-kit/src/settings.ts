/**
 * Settings every subgraph reads (each adds its own `<NAME>_PORT`, `<NAME>_HOST`,
 * `<NAME>_DB_POOL` in its `env.ts`), all defined once in @msp/settings.
 */
import { graphSettings } from '@msp/microsoft-graph';
import {
  authSettings,
  databaseSettings,
  gatewayKeySettings,
  linkSettings,
  processSettings,
  queueSettings,
  telemetrySettings,
} from '@msp/settings';
import { z } from 'zod';

export const subgraphSettings = {
  ...processSettings,
  ...databaseSettings,
  /** The gate enqueues admitted runs and publishes live events here; subscriptions listen here. */
  ...queueSettings,
  /** Where links in messages point (`${PUBLIC_APP_URL}/monitoring/operations/<runId>`). */
  ...linkSettings,
  ...authSettings,
  /** The subgraph refuses any request without a valid gateway credential signed with this key. */
  ...gatewayKeySettings,
  ...telemetrySettings,
  /**
   * The national cloud of the platform's connections (as the worker reads it): the admin-consent
   * next step of every message links to Entra's admin-consent page in it.
   */
  GRAPH_CLOUD: graphSettings.GRAPH_CLOUD,
};

export const subgraphEnvSchema = z.object(subgraphSettings);
export type SubgraphEnv = z.output<typeof subgraphEnvSchema>;
