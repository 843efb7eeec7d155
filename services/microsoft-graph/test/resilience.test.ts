import { describe, expect, it } from 'vitest';
import { GraphError, type Sleep } from '../src/index';
import { rejectionOf, useSimulator } from './support';

const sim = useSimulator();

/** Real sleep semantics are not under test here; record what was asked for and go on. */
function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe('throttling', () => {
  it('throttled forever: PROVIDER_THROTTLED after maxRetries retries', async () => {
    const tenant = await sim.tenant({ throttle: true, throttleScope: 'graph', retryAfterSeconds: 0 });
    const graph = sim.client({ maxRetries: 3 }).forTenant(tenant.credentials);

    const error = await rejectionOf(graph.getOrganization());
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      reasonCode: 'PROVIDER_THROTTLED',
      httpStatus: 429,
      graphCode: 'TooManyRequests',
      retryable: true,
    });
    const state = await tenant.state();
    expect(state.counters.throttled).toBe(4);
    expect(state.counters.byRoute['GET /v1.0/organization']).toBe(4);
  });

  it('a throttled token endpoint also ends in PROVIDER_THROTTLED', async () => {
    const tenant = await sim.tenant({ throttle: true, retryAfterSeconds: 0 });
    const error = await rejectionOf(sim.client({ maxRetries: 2 }).forTenant(tenant.credentials).getToken());
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_THROTTLED', httpStatus: 429 });
    expect((await tenant.state()).counters.tokenRequests).toBe(3);
  });

  it('throttling that clears within the retries succeeds', async () => {
    const tenant = await sim.tenant({ throttleCount: 2, retryAfterSeconds: 0 });
    const graph = sim.client().forTenant(tenant.credentials);
    const organization = await graph.getOrganization();
    expect(organization.id).toBe(tenant.id);
    const state = await tenant.state();
    expect(state.counters.throttled).toBe(2);
    expect(state.config.throttleCount).toBe(0);
  });

  it('waits as long as Retry-After says', async () => {
    const tenant = await sim.tenant({ throttleCount: 2, throttleScope: 'graph', retryAfterSeconds: 2 });
    const { sleep, waits } = recordingSleep();
    await sim.client({ sleep }).forTenant(tenant.credentials).getOrganization();
    expect(waits).toEqual([2000, 2000]);
  });

  it('gives up at once when Retry-After exceeds maxRetryAfterMs, handing the wait to the caller', async () => {
    const tenant = await sim.tenant({ throttle: true, throttleScope: 'graph', retryAfterSeconds: 120 });
    const { sleep, waits } = recordingSleep();
    const error = await rejectionOf(
      sim.client({ sleep, maxRetryAfterMs: 30_000 }).forTenant(tenant.credentials).getOrganization(),
    );
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_THROTTLED', retryAfterMs: 120_000 });
    expect(waits).toEqual([]);
    expect((await tenant.state()).counters.throttled).toBe(1);
  });
});

describe('outages', () => {
  it('retries 503 and recovers', async () => {
    const tenant = await sim.tenant({ failRequests: 2, failStatus: 503, retryAfterSeconds: 0 });
    const organization = await sim.client().forTenant(tenant.credentials).getOrganization();
    expect(organization.id).toBe(tenant.id);
    expect((await tenant.state()).counters.injectedFailures).toBe(2);
  });

  it('504 without Retry-After backs off exponentially, then PROVIDER_UNAVAILABLE', async () => {
    const tenant = await sim.tenant({ failRequests: 10, failStatus: 504 });
    const { sleep, waits } = recordingSleep();
    const error = await rejectionOf(
      sim.client({ sleep, maxRetries: 3, backoffBaseMs: 100 }).forTenant(tenant.credentials).getOrganization(),
    );
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_UNAVAILABLE', httpStatus: 504, retryable: true });
    expect(waits).toHaveLength(3);
    // Jittered between half and all of 100, 200, 400 ms.
    waits.forEach((wait, attempt) => {
      expect(wait).toBeGreaterThanOrEqual(50 * 2 ** attempt);
      expect(wait).toBeLessThanOrEqual(100 * 2 ** attempt);
    });
  });

  it('500 is not retried', async () => {
    const tenant = await sim.tenant({ failRequests: 1, failStatus: 500 });
    const error = await rejectionOf(sim.client().forTenant(tenant.credentials).getOrganization());
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_UNAVAILABLE', httpStatus: 500 });
    expect((await tenant.state()).counters.injectedFailures).toBe(1);
  });

  it('a create is not resent after a 503 (it might have been applied)', async () => {
    const tenant = await sim.tenant({ retryAfterSeconds: 0 });
    const graph = sim.client().forTenant(tenant.credentials);
    await graph.getToken();
    await tenant.configure({ failRequests: 1 });
    const error = await rejectionOf(
      graph.createConfigurationPolicy({ name: 'n', platforms: 'windows10', technologies: 'mdm' }),
    );
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_UNAVAILABLE', httpStatus: 503 });
    expect((await tenant.state()).counters.byRoute['POST /beta/deviceManagement/configurationPolicies']).toBe(1);
  });

  it('an unreachable host is PROVIDER_UNAVAILABLE after bounded retries', async () => {
    const { createGraphClient } = await import('../src/index');
    const { sleep, waits } = recordingSleep();
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const client = createGraphClient({
      endpoints: { loginBaseUrl: 'http://127.0.0.1:9', graphBaseUrl: 'http://127.0.0.1:9' },
      sleep,
      maxRetries: 2,
    });
    const error = await rejectionOf(
      client
        .forTenant({ entraTenantId: 'contoso.onmicrosoft.com', clientId: 'app', clientSecret: 'secret' })
        .getToken(),
    );
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_UNAVAILABLE', httpStatus: null, retryable: true });
    expect(waits).toHaveLength(2);
  });

  it('a slow tenant times out as PROVIDER_UNAVAILABLE', async () => {
    const tenant = await sim.tenant({ latencyMs: 2_000 });
    const error = await rejectionOf(
      sim.client({ timeoutMs: 50, maxRetries: 0 }).forTenant(tenant.credentials).getToken(),
    );
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_UNAVAILABLE', httpStatus: null });
    expect((error as GraphError).message).toContain('timed out');
  });

  it('a cancelled call ends as RUN_INTERRUPTED', async () => {
    const tenant = await sim.tenant({ latencyMs: 2_000 });
    const controller = new AbortController();
    const pending = rejectionOf(sim.client().forTenant(tenant.credentials).getToken({ signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ reasonCode: 'RUN_INTERRUPTED', retryable: false });
  });

  it("the client's signal stops paging between pages: no page is requested after the abort", async () => {
    const tenant = await sim.tenant({ groups: 2000 });
    const controller = new AbortController();
    const graph = sim.client().forTenant(tenant.credentials, { signal: controller.signal });
    const pages = graph.listGroups({ pageSize: 200 });
    expect((await pages.next()).value).toHaveLength(200);
    expect((await pages.next()).value).toHaveLength(200);
    controller.abort();
    expect(await rejectionOf(pages.next())).toMatchObject({ reasonCode: 'RUN_INTERRUPTED', retryable: false });
    // 2 of the 10 pages were fetched; the abort reached the third before it was sent.
    expect((await tenant.state()).counters.byRoute['GET /v1.0/groups']).toBe(2);
    // Every later call of the client ends at once, without a request.
    expect(await rejectionOf(graph.getOrganization())).toMatchObject({ reasonCode: 'RUN_INTERRUPTED' });
    expect((await tenant.state()).counters.byRoute['GET /v1.0/organization']).toBeUndefined();
  });

  it('a read in flight is aborted; a write in flight finishes (its effect is known) and the next call stops', async () => {
    const tenant = await sim.tenant({ policies: 1 });
    const controller = new AbortController();
    // Tells when both calls have handed their request to fetch.
    let sent = 0;
    let bothSent!: () => void;
    const bothOnTheWire = new Promise<void>((resolve) => {
      bothSent = resolve;
    });
    const countingFetch: typeof fetch = (input, init) => {
      const result = fetch(input, init);
      if (String(input).includes('/beta/') || String(input).includes('/v1.0/')) {
        if (++sent === 2) bothSent();
      }
      return result;
    };
    const graph = sim
      .client({ maxRetries: 0, fetch: countingFetch })
      .forTenant(tenant.credentials, { signal: controller.signal });
    await graph.getToken();
    await tenant.configure({ latencyMs: 400 });

    const read = rejectionOf(graph.getOrganization());
    const write = graph.createConfigurationPolicy({ name: 'Restored', platforms: 'windows10', technologies: 'mdm' });
    await bothOnTheWire;
    controller.abort();
    expect(await read).toMatchObject({ reasonCode: 'RUN_INTERRUPTED' });
    const created = await write;
    expect(created.name).toBe('Restored');
    expect((await tenant.state()).policyCount).toBe(2);

    const next = await rejectionOf(graph.updateConfigurationPolicy(created.id, { name: 'Again' }, { mode: 'merge' }));
    expect(next).toMatchObject({ reasonCode: 'RUN_INTERRUPTED' });
    expect(
      (await tenant.state()).counters.byRoute['PATCH /beta/deviceManagement/configurationPolicies/{id}'],
    ).toBeUndefined();
  });
});
