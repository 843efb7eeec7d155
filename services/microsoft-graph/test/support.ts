import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  createGraphClient,
  type GraphClientOptions,
  type GraphCredentials,
  type GraphSimulator,
  startGraphSimulator,
  type TenantConfig,
  type TenantConfigPatch,
  type TenantCounters,
} from '../src/index';

export interface TenantSnapshot {
  tenantId: string;
  config: TenantConfig;
  counters: TenantCounters;
  policyCount: number;
}

export interface SimulatedTenant {
  id: string;
  credentials: GraphCredentials;
  configure(patch: TenantConfigPatch): Promise<TenantSnapshot>;
  state(): Promise<TenantSnapshot>;
}

/**
 * Starts a simulator for the test file (real HTTP, ephemeral port) and hands out fresh
 * tenants, so tests in a file never share simulator state.
 */
export function useSimulator() {
  let simulator: GraphSimulator | undefined;
  beforeAll(async () => {
    simulator = await startGraphSimulator({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  const url = (): string => {
    if (!simulator) throw new Error('simulator not started');
    return simulator.url;
  };

  async function control(method: string, tenantId: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    return fetch(`${url()}/_simulator/tenants/${encodeURIComponent(tenantId)}`, init);
  }

  return {
    url,
    control,

    async tenant(patch?: TenantConfigPatch): Promise<SimulatedTenant> {
      const id = randomUUID();
      const tenant: SimulatedTenant = {
        id,
        credentials: { entraTenantId: id, clientId: randomUUID(), clientSecret: `secret-${randomUUID()}` },
        async configure(next) {
          const response = await control('PUT', id, next);
          expect(response.status).toBe(200);
          return (await response.json()) as TenantSnapshot;
        },
        async state() {
          const response = await control('GET', id);
          expect(response.status).toBe(200);
          return (await response.json()) as TenantSnapshot;
        },
      };
      if (patch) await tenant.configure(patch);
      return tenant;
    },

    client(options: Omit<GraphClientOptions, 'endpoints' | 'cloud'> = {}) {
      return createGraphClient({ endpoints: { loginBaseUrl: url(), graphBaseUrl: url() }, ...options });
    },
  };
}

/** Awaits a promise expected to reject and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Drains an async iterator of pages. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pageSizes: number[] }> {
  const items: T[] = [];
  const pageSizes: number[] = [];
  for await (const page of pages) {
    pageSizes.push(page.length);
    items.push(...page);
  }
  return { items, pageSizes };
}
