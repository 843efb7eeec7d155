import {
  duration,
  type Environment,
  encryptionSettings,
  host,
  poolSize,
  port,
  readSettings,
  webhookTargetSettings,
} from '@msp/settings';
import { subgraphSettings } from '@msp/subgraph-kit';
import { z } from 'zod';

/**
 * The tenant subgraph's settings: the ones every subgraph shares (subgraph-kit) plus its own.
 * Defaults are the development machine's, so `npm start` on a fresh checkout needs none.
 */
export const tenantEnvSchema = z.object({
  ...subgraphSettings,
  /** Seals webhook endpoints' signing secrets (the same key as every other stored secret). */
  ...encryptionSettings,
  /** Where webhook endpoints may point (https and public addresses only, unless this allows more). */
  ...webhookTargetSettings,
  /** 4001 is the tenant slot of the fixed development ports (subgraphs use 4001-4005). */
  TENANT_PORT: port(4001),
  /** Loopback: a subgraph answers the gateway only (`0.0.0.0` where the gateway runs elsewhere). */
  TENANT_HOST: host('127.0.0.1'),
  TENANT_DB_POOL: poolSize(10),
  /**
   * How long an invitation (`inviteTenantMember`) stays open: set on the invitation when it is sent
   * (and again when it is re-sent), so the sign-in that binds it (@msp/auth) only compares. Two
   * weeks covers a holiday; a forgotten invitation stops binding on its own.
   */
  TENANT_INVITATION_TTL: duration('14d'),
});

export type TenantEnv = z.output<typeof tenantEnvSchema>;

/** Reads and validates the environment; throws one line naming every bad variable. */
export function loadTenantEnv(env?: Environment): TenantEnv {
  return readSettings(tenantEnvSchema, { what: 'the tenant subgraph', env });
}
