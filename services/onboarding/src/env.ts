import { authEnvSchema } from '@msp/auth';
import { dbEnvSchema, parseEnv } from '@msp/db';
import { z } from 'zod';

/**
 * The onboarding subgraph's settings. Defaults are the development machine's, so `npm start` on a
 * fresh checkout needs no configuration.
 */
export const onboardingEnvSchema = z
  .object({
    /** 4004 is the onboarding slot of the fixed development ports (subgraphs use 4001-4005). */
    ONBOARDING_PORT: z.coerce.number().int().min(0).max(65_535).default(4004),
    /** All interfaces: the gateway may run in another container. */
    ONBOARDING_HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: dbEnvSchema.shape.DATABASE_URL,
    /** Encrypts the client secret of the connection the wizard creates (same key as everywhere). */
    SECRET_ENCRYPTION_KEY: dbEnvSchema.shape.SECRET_ENCRYPTION_KEY,
    REDIS_URL: z.string().url().default('redis://localhost:6379'),
    /** Must match the worker's, or admitted runs land in a queue nobody reads. */
    BULLMQ_PREFIX: z.string().min(1).default('bull'),
    /** Where links in messages point (`${PUBLIC_APP_URL}/monitoring/operations/<runId>`). */
    PUBLIC_APP_URL: z
      .string()
      .url()
      .default('http://localhost:3000')
      .transform((u) => u.replace(/\/+$/, '')),
    /**
     * Onboarding traffic is low (one wizard per new customer), but a start holds a connection
     * for the gate while the session is read and written: 5 leaves room for bursts of clicks.
     */
    ONBOARDING_DB_POOL: z.coerce.number().int().min(1).max(100).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .extend(authEnvSchema.shape);

export type OnboardingEnv = z.infer<typeof onboardingEnvSchema>;

/** Reads and validates the environment; throws a readable message listing every bad variable. */
export function loadOnboardingEnv(env: NodeJS.ProcessEnv = process.env): OnboardingEnv {
  return parseEnv(onboardingEnvSchema, env);
}
