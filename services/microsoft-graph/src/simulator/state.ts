/**
 * Per-tenant simulator configuration (set through the control API) and in-memory state:
 * counters, the configuration policy store, and the authorization sequence that revokes
 * tokens issued before an authorization-relevant change.
 */
import { z } from 'zod';
import { GRAPH_PERMISSIONS } from '../permissions';
import { policyAt, type StoredPolicy } from './data';

const count = (max: number) => z.number().int().min(0).max(max);

/** Everything the control API accepts. Unknown keys are rejected so typos fail loudly. */
export const tenantConfigSchema = z.strictObject({
  /** `missing`: the token endpoint answers AADSTS65001. */
  consent: z.enum(['granted', 'missing']),
  /** `false`: every client secret is rejected with AADSTS7000215. */
  acceptSecret: z.boolean(),
  /** When set, only these secrets are accepted (others get AADSTS7000215); `null` = any. */
  acceptedSecrets: z.array(z.string()).nullable(),
  /** Application permissions granted; they go into the token's `roles` claim. */
  permissions: z.array(z.string()),
  groups: count(1_000_000),
  roleDefinitions: count(100_000),
  /** Number of generated policies; setting it resets the policy store (writes are lost). */
  policies: count(100_000),
  /** Delay before every token and Graph response for this tenant. */
  latencyMs: count(120_000),
  /** Answer every request in `throttleScope` with 429 until set back to false. */
  throttle: z.boolean(),
  /** Answer the next n requests in `throttleScope` with 429, then recover. */
  throttleCount: count(1_000_000),
  /** Which requests throttling applies to. */
  throttleScope: z.enum(['all', 'graph', 'token']),
  /** `Retry-After` (seconds) sent with 429 and injected 503 responses; 0 is allowed. */
  retryAfterSeconds: count(86_400),
  /** Fail the next n Graph (not token) requests with `failStatus`, then recover. */
  failRequests: count(1_000_000),
  failStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
  /** Make the token endpoint answer with this AADSTS code (e.g. 7000222, 700016); `null` = off. */
  aadError: z.number().int().positive().nullable(),
  /** `expires_in` of issued tokens. */
  tokenLifetimeSeconds: z.number().int().min(1).max(86_400),
  /** Organization display name; `null` = generated. */
  displayName: z.string().nullable(),
});

export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export const tenantConfigPatchSchema = tenantConfigSchema.partial();
export type TenantConfigPatch = z.infer<typeof tenantConfigPatchSchema>;

export function defaultTenantConfig(): TenantConfig {
  return {
    consent: 'granted',
    acceptSecret: true,
    acceptedSecrets: null,
    permissions: [...GRAPH_PERMISSIONS],
    groups: 25,
    roleDefinitions: 8,
    policies: 5,
    latencyMs: 0,
    throttle: false,
    throttleCount: 0,
    throttleScope: 'all',
    // Small enough for development loops; tests set 0.
    retryAfterSeconds: 1,
    failRequests: 0,
    failStatus: 503,
    aadError: null,
    // What Entra typically returns for app-only tokens.
    tokenLifetimeSeconds: 3599,
    displayName: null,
  };
}

/** Changes to these keys revoke tokens already issued for the tenant. */
const AUTH_KEYS: ReadonlyArray<keyof TenantConfig> = [
  'consent',
  'acceptSecret',
  'acceptedSecrets',
  'permissions',
  'aadError',
];

export interface TenantCounters {
  tokenRequests: number;
  tokensIssued: number;
  graphRequests: number;
  throttled: number;
  injectedFailures: number;
  /** e.g. `{ "POST token": 2, "GET /v1.0/groups": 21 }` */
  byRoute: Record<string, number>;
}

function emptyCounters(): TenantCounters {
  return { tokenRequests: 0, tokensIssued: 0, graphRequests: 0, throttled: 0, injectedFailures: 0, byRoute: {} };
}

export class TenantState {
  config: TenantConfig = defaultTenantConfig();
  counters: TenantCounters = emptyCounters();
  /** Tokens with a lower `sim_seq` than this were issued before an auth change. */
  authSeq: number;
  #policies: Map<string, StoredPolicy> | null = null;

  constructor(
    readonly key: string,
    authSeq: number,
  ) {
    this.authSeq = authSeq;
  }

  /** Merges a patch; returns whether issued tokens must be revoked. */
  apply(patch: TenantConfigPatch): boolean {
    const authChanged = AUTH_KEYS.some(
      (key) => key in patch && JSON.stringify(patch[key]) !== JSON.stringify(this.config[key]),
    );
    if (patch.policies !== undefined) this.#policies = null;
    this.config = { ...this.config, ...patch };
    return authChanged;
  }

  count(route: string): void {
    this.counters.byRoute[route] = (this.counters.byRoute[route] ?? 0) + 1;
  }

  /** Takes one unit of throttling for a request of `kind`, if any applies. */
  takeThrottle(kind: 'graph' | 'token'): boolean {
    const { throttleScope } = this.config;
    if (throttleScope !== 'all' && throttleScope !== kind) return false;
    if (this.config.throttle) return true;
    if (this.config.throttleCount > 0) {
      this.config.throttleCount -= 1;
      return true;
    }
    return false;
  }

  takeFailure(): boolean {
    if (this.config.failRequests > 0) {
      this.config.failRequests -= 1;
      return true;
    }
    return false;
  }

  /** The policy store, generated on first use from the configured count. */
  get policies(): Map<string, StoredPolicy> {
    if (this.#policies === null) {
      this.#policies = new Map();
      for (let i = 0; i < this.config.policies; i++) {
        const stored = policyAt(this.key, i);
        this.#policies.set(stored.policy.id, stored);
      }
    }
    return this.#policies;
  }

  snapshot() {
    return {
      tenantId: this.key,
      config: this.config,
      counters: this.counters,
      policyCount: this.policies.size,
    };
  }
}

export class TenantRegistry {
  readonly #tenants = new Map<string, TenantState>();
  #lastSeq = 0;

  /**
   * Monotonic and time-based, so tokens from before a simulator restart still compare
   * sensibly with changes made after it.
   */
  nextSeq(): number {
    this.#lastSeq = Math.max(this.#lastSeq + 1, Date.now() * 1000);
    return this.#lastSeq;
  }

  get(key: string): TenantState {
    const normalized = key.toLowerCase();
    let state = this.#tenants.get(normalized);
    if (!state) {
      state = new TenantState(normalized, 0);
      this.#tenants.set(normalized, state);
    }
    return state;
  }

  has(key: string): boolean {
    return this.#tenants.has(key.toLowerCase());
  }

  update(key: string, patch: TenantConfigPatch): TenantState {
    const state = this.get(key);
    if (state.apply(patch)) state.authSeq = this.nextSeq();
    return state;
  }

  reset(key: string): void {
    const normalized = key.toLowerCase();
    // A fresh state whose authSeq revokes tokens issued under the old configuration.
    this.#tenants.set(normalized, new TenantState(normalized, this.nextSeq()));
  }

  resetAll(): void {
    for (const key of [...this.#tenants.keys()]) this.reset(key);
  }

  list(): TenantState[] {
    return [...this.#tenants.values()];
  }
}
