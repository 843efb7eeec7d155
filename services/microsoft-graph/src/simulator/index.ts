export { type GraphSimulator, type GraphSimulatorOptions, startGraphSimulator } from './server';
export type { TenantConfig, TenantConfigPatch, TenantCounters } from './state';
