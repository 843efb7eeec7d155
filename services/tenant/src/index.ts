export { startTenantSubgraph, type TenantSubgraphOptions } from './app';
export { createTenantContext, type TenantContext, type TenantContextOptions } from './context';
export { loadTenantEnv, type TenantEnv, tenantEnvSchema } from './env';
export type { PolicyBackupModel, TenantModel, UserModel, WorkspaceModel } from './model';
export { schema } from './schema/index';
