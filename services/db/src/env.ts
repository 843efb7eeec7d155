import { z } from 'zod';

/**
 * Database and secret-encryption settings. Defaults match the development machines and
 * docker-compose.yml, so a fresh checkout works with no configuration.
 */
export const dbEnvSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres:msp-dev-postgres@localhost:5432/msp'),
  /**
   * 32 bytes, base64 or hex; several comma-separated during a key rotation (the first encrypts,
   * all decrypt; `npm run secrets:reencrypt` re-seals every stored secret with the first). The
   * development default is public and only for local use: production must set its own.
   */
  SECRET_ENCRYPTION_KEY: z.string().default('ZGV2LW9ubHktc2VjcmV0LWtleS0zMi1ieXRlcy1sb24='),
});

export type DbEnv = z.infer<typeof dbEnvSchema>;

export function parseEnv<T extends z.ZodTypeAny>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
