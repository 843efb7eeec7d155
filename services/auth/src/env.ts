import { z } from 'zod';

/** Auth settings shared by every service. The development secret only works locally. */
export const authEnvSchema = z.object({
  AUTH_JWT_SECRET: z.string().min(16).default('dev-secret-change-me-in-production'),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
});
export type AuthEnv = z.infer<typeof authEnvSchema>;

export function authOptionsFromEnv(env: AuthEnv) {
  return {
    jwtSecret: env.AUTH_JWT_SECRET,
    jwksUrl: env.AUTH_JWKS_URL,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
  };
}
