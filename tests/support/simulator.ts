/**
 * The Graph simulator as tests drive it: one per test file (the `sim` fixture of
 * tests/support/fixtures.ts), told over its control API how a tenant behaves.
 */
import type { TenantConfigPatch, TenantCounters } from '@msp/microsoft-graph';

/** What `GET /_simulator/tenants/{id}` answers. */
export interface SimulatedTenantState {
  counters: TenantCounters;
  policyCount: number;
}

export interface SimulatorControl {
  /** Base URL for both `loginBaseUrl` and `graphBaseUrl`. */
  url: string;
  /** Merges `patch` into the tenant's behaviour (consent, secrets, permissions, throttling, …). */
  configure(entraTenantId: string, patch: TenantConfigPatch): Promise<void>;
  /** The tenant's counters and stored policies. */
  state(entraTenantId: string): Promise<SimulatedTenantState>;
}

/** The control API of the simulator at `url`; a refused call fails the test with its answer. */
export function simulatorControl(url: string): SimulatorControl {
  const control = async (id: string, init?: RequestInit) => {
    const res = await fetch(`${url}/_simulator/tenants/${encodeURIComponent(id)}`, init);
    if (!res.ok) throw new Error(`simulator control ${res.status}: ${await res.text()}`);
    return res;
  };
  return {
    url,
    async configure(id, patch) {
      await control(id, {
        method: 'PUT',
        body: JSON.stringify(patch),
        headers: { 'content-type': 'application/json' },
      });
    },
    async state(id) {
      return (await (await control(id)).json()) as SimulatedTenantState;
    },
  };
}
