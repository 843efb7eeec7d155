import { describe, expect, it } from 'vitest';
import type { GraphGroup } from '../src/index';
import { collect, useSimulator } from './support';

const sim = useSimulator();

describe('groups paging', () => {
  it('returns exactly 1,500 unique groups over several pages', async () => {
    const tenant = await sim.tenant({ groups: 1500 });
    const graph = sim.client().forTenant(tenant.credentials);

    const { items, pageSizes } = await collect<GraphGroup>(graph.listGroups());
    expect(pageSizes).toEqual([999, 501]);
    expect(items).toHaveLength(1500);
    expect(new Set(items.map((group) => group.id)).size).toBe(1500);

    const smaller = await collect<GraphGroup>(graph.listGroups({ pageSize: 200 }));
    expect(smaller.pageSizes).toEqual([200, 200, 200, 200, 200, 200, 200, 100]);
    expect(smaller.items.map((group) => group.id)).toEqual(items.map((group) => group.id));

    const state = await tenant.state();
    expect(state.counters.byRoute['GET /v1.0/groups']).toBe(2 + 8);
    expect(state.counters.tokenRequests).toBe(1);
  });

  it('pages through 20,000 groups', async () => {
    const tenant = await sim.tenant({ groups: 20_000 });
    const { items, pageSizes } = await collect<GraphGroup>(sim.client().forTenant(tenant.credentials).listGroups());
    expect(pageSizes).toHaveLength(21);
    expect(pageSizes.slice(0, 20).every((size) => size === 999)).toBe(true);
    expect(pageSizes[20]).toBe(20);
    expect(new Set(items.map((group) => group.id)).size).toBe(20_000);
  });

  it('is deterministic per tenant and distinct between tenants', async () => {
    const first = await sim.tenant({ groups: 10 });
    const second = await sim.tenant({ groups: 10 });
    const client = sim.client();
    const a1 = await collect<GraphGroup>(client.forTenant(first.credentials).listGroups());
    const a2 = await collect<GraphGroup>(client.forTenant(first.credentials).listGroups());
    const b = await collect<GraphGroup>(client.forTenant(second.credentials).listGroups());
    expect(a2.items).toEqual(a1.items);
    const ids = new Set(a1.items.map((group) => group.id));
    expect(b.items.some((group) => ids.has(group.id))).toBe(false);
    expect(a1.items[0]).toMatchObject({ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false });
    expect(a1.items[1]).toMatchObject({ groupTypes: [], mailEnabled: false, securityEnabled: true, mail: null });
  });

  it('an empty directory yields one empty page', async () => {
    const tenant = await sim.tenant({ groups: 0 });
    const { items, pageSizes } = await collect(sim.client().forTenant(tenant.credentials).listGroups());
    expect(items).toEqual([]);
    expect(pageSizes).toEqual([0]);
  });

  it('a page that fails mid-way surfaces as an error from the iterator', async () => {
    const tenant = await sim.tenant({ groups: 2500, retryAfterSeconds: 0 });
    const graph = sim.client({ maxRetries: 0 }).forTenant(tenant.credentials);
    const pages = graph.listGroups();
    const first = await pages.next();
    expect(first.value).toHaveLength(999);
    await tenant.configure({ throttle: true });
    await expect(pages.next()).rejects.toMatchObject({ reasonCode: 'PROVIDER_THROTTLED' });
  });
});

describe('role definitions and policies paging', () => {
  it('lists all role definitions across pages, built-in roles first', async () => {
    const tenant = await sim.tenant({ roleDefinitions: 60 });
    const { items, pageSizes } = await collect(sim.client().forTenant(tenant.credentials).listRoleDefinitions());
    expect(pageSizes).toEqual([25, 25, 10]);
    expect(new Set(items.map((role) => role.id)).size).toBe(60);
    expect(items.slice(0, 8).every((role) => role.isBuiltIn === true)).toBe(true);
    expect(items.slice(8).every((role) => role.isBuiltIn === false)).toBe(true);
    expect(items[0]?.rolePermissions.length).toBeGreaterThan(0);
  });

  it('default tenant has 8 role definitions and 5 policies', async () => {
    const tenant = await sim.tenant();
    const graph = sim.client().forTenant(tenant.credentials);
    expect((await collect(graph.listRoleDefinitions())).items).toHaveLength(8);
    const policies = await collect(graph.listConfigurationPolicies());
    expect(policies.items).toHaveLength(5);
    expect(policies.items[0]).toMatchObject({ technologies: 'mdm', roleScopeTagIds: ['0'] });
    expect(policies.items[0]?.settings).toBeUndefined();
  });

  it('lists configuration policies across pages', async () => {
    const tenant = await sim.tenant({ policies: 60 });
    const { items, pageSizes } = await collect(sim.client().forTenant(tenant.credentials).listConfigurationPolicies());
    expect(pageSizes).toEqual([25, 25, 10]);
    expect(new Set(items.map((policy) => policy.id)).size).toBe(60);
  });
});
