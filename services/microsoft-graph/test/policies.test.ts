import { describe, expect, it } from 'vitest';
import { collect, useSimulator } from './support';

const sim = useSimulator();

describe('configuration policies', () => {
  it('backs up a policy with its settings and restores it: create, replace, merge', async () => {
    const tenant = await sim.tenant({ policies: 3 });
    const graph = sim.client().forTenant(tenant.credentials);

    const { items } = await collect(graph.listConfigurationPolicies());
    expect(items).toHaveLength(3);
    const source = items[2];
    if (!source) throw new Error('no policy listed');
    const backup = await graph.getConfigurationPolicy(source.id);
    expect(backup.settings).toHaveLength(3);
    expect(backup.settingCount).toBe(3);

    // Restore as a new policy, straight from the backup (read-only fields are dropped).
    const created = await graph.createConfigurationPolicy({
      ...backup,
      name: `${backup.name} (restored)`,
      platforms: backup.platforms ?? 'windows10',
      technologies: backup.technologies ?? 'mdm',
    });
    expect(created.id).not.toBe(source.id);
    expect(created.name).toBe(`${source.name} (restored)`);
    expect(created.settingCount).toBe(3);
    const readBack = await graph.getConfigurationPolicy(created.id);
    expect(readBack.settings).toEqual(backup.settings);
    expect((await collect(graph.listConfigurationPolicies())).items).toHaveLength(4);

    // Replace: settings and name change.
    const firstSetting = backup.settings?.slice(0, 1) ?? [];
    await graph.updateConfigurationPolicy(created.id, {
      name: 'Replaced',
      description: 'after restore',
      platforms: 'windows10',
      technologies: 'mdm',
      settings: firstSetting,
    });
    const replaced = await graph.getConfigurationPolicy(created.id);
    expect(replaced).toMatchObject({ name: 'Replaced', description: 'after restore', settingCount: 1 });
    expect(replaced.settings).toEqual(firstSetting);
    expect(replaced.createdDateTime).toBe(readBack.createdDateTime);

    // Merge: only the name, settings untouched.
    await graph.updateConfigurationPolicy(created.id, { name: 'Renamed' }, { mode: 'merge' });
    const merged = await graph.getConfigurationPolicy(created.id);
    expect(merged).toMatchObject({ name: 'Renamed', description: 'after restore', settingCount: 1 });
    expect(merged.settings).toEqual(firstSetting);

    const state = await tenant.state();
    expect(state.counters.byRoute['PUT /beta/deviceManagement/configurationPolicies/{id}']).toBe(1);
    expect(state.counters.byRoute['PATCH /beta/deviceManagement/configurationPolicies/{id}']).toBe(1);
    expect(state.policyCount).toBe(4);
  });

  it('writes persist until the tenant is reset', async () => {
    const tenant = await sim.tenant({ policies: 1 });
    const graph = sim.client().forTenant(tenant.credentials);
    const created = await graph.createConfigurationPolicy({ name: 'Kept', platforms: 'macOS', technologies: 'mdm' });
    expect((await collect(graph.listConfigurationPolicies())).items.map((p) => p.id)).toContain(created.id);

    expect((await sim.control('DELETE', tenant.id)).status).toBe(204);
    const after = await collect(sim.client().forTenant(tenant.credentials).listConfigurationPolicies());
    expect(after.items).toHaveLength(5);
    expect(after.items.map((p) => p.id)).not.toContain(created.id);
  });

  it('rejects an invalid policy as a non-retryable error', async () => {
    const tenant = await sim.tenant();
    const graph = sim.client().forTenant(tenant.credentials);
    await expect(
      graph.createConfigurationPolicy({ name: '', platforms: 'windows10', technologies: 'mdm' }),
    ).rejects.toMatchObject({ reasonCode: 'INTERNAL_ERROR', httpStatus: 400, retryable: false });
  });
});
