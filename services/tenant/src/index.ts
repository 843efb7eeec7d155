export { startTenantSubgraph, type TenantSubgraphOptions } from './app';
/** The audit log's NDJSON export over the API (`npm run audit:export`). */
export { AuditExportError, type AuditExportOptions, auditExportLine, exportAuditEvents } from './audit-export';
export { createTenantContext, type TenantContext, type TenantContextOptions } from './context';
export { loadTenantEnv, type TenantEnv, tenantEnvSchema } from './env';
export type { PolicyBackupModel, TenantModel, UserModel, WorkspaceModel } from './model';
export { schema } from './schema/index';
/** For onboarding, which creates the tenant it onboards inside its own transaction. */
export { insertTenant, prepareTenant } from './service/tenants';
