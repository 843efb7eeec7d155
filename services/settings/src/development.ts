/**
 * The development defaults that are secrets, or hold one. They are public (they are in this
 * repository), so `npm start` on a fresh checkout needs no configuration, and a process started
 * with NODE_ENV=production refuses every one of them (`refusals.ts`).
 */
export const DEVELOPMENT_DEFAULTS = {
  /** HS256 key of development tokens (`npm run token`, the console's development sign-in). */
  AUTH_JWT_SECRET: 'dev-secret-change-me-in-production',
  /** AES-256-GCM key for client secrets at rest (32 bytes, base64). */
  SECRET_ENCRYPTION_KEY: 'ZGV2LW9ubHktc2VjcmV0LWtleS0zMi1ieXRlcy1sb24=',
  /** The key the gateway signs its per-request subgraph credential with. */
  GATEWAY_SUBGRAPH_KEY: 'dev-gateway-subgraph-key-change-me-in-production',
  /** docker-compose.yml's PostgreSQL (its password is `msp-dev-postgres`). */
  DATABASE_URL: 'postgres://postgres:msp-dev-postgres@localhost:5432/msp',
  /** docker-compose.yml's Redis (its password is `msp-dev-redis`). */
  REDIS_URL: 'redis://:msp-dev-redis@localhost:6379',
} as const;

/** The passwords in the development URLs above. */
export const DEVELOPMENT_PASSWORDS: readonly string[] = ['msp-dev-postgres', 'msp-dev-redis'];
