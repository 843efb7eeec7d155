import { dbEnvSchema, parseEnv } from '@msp/db';
import { hostSetting, poolSetting, portSetting, subgraphEnvSchema } from '@msp/subgraph-kit';
import type { z } from 'zod';

/**
 * The onboarding subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const onboardingEnvSchema = subgraphEnvSchema.extend({
  /** 4004 is the onboarding slot of the fixed development ports (subgraphs use 4001-4005). */
  ONBOARDING_PORT: portSetting(4004),
  ONBOARDING_HOST: hostSetting(),
  ONBOARDING_DB_POOL: poolSetting(5),
  /** Encrypts (and, for the gate's checks, never decrypts) client secrets at rest. */
  SECRET_ENCRYPTION_KEY: dbEnvSchema.shape.SECRET_ENCRYPTION_KEY,
});

export type OnboardingEnv = z.infer<typeof onboardingEnvSchema>;

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadOnboardingEnv(env: NodeJS.ProcessEnv = process.env): OnboardingEnv {
  return parseEnv(onboardingEnvSchema, env);
}
