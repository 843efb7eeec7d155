import { type Environment, encryptionSettings, host, poolSize, port, readSettings } from '@msp/settings';
import { subgraphSettings } from '@msp/subgraph-kit';
import { z } from 'zod';

/**
 * The onboarding subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const onboardingEnvSchema = z.object({
  ...subgraphSettings,
  /** 4004 is the onboarding slot of the fixed development ports (subgraphs use 4001-4005). */
  ONBOARDING_PORT: port(4004),
  /** Loopback: a subgraph answers the gateway only (`0.0.0.0` where the gateway runs elsewhere). */
  ONBOARDING_HOST: host('127.0.0.1'),
  ONBOARDING_DB_POOL: poolSize(5),
  /** Encrypts (and, for the gate's checks, never decrypts) client secrets at rest. */
  ...encryptionSettings,
});

export type OnboardingEnv = z.output<typeof onboardingEnvSchema>;

/** Reads and validates the environment; throws one line naming every bad variable. */
export function loadOnboardingEnv(env?: Environment): OnboardingEnv {
  return readSettings(onboardingEnvSchema, { what: 'the onboarding subgraph', env });
}
