export { type AuditEventInput, auditDetail, auditRow, pruneAuditEvents, recordAudit } from './audit';
export { createDb, type Database, type DbHandle, type DbOptions, type DbOrTx, type Tx } from './client';
export { ensureDatabase, migrationsFolder, runMigrations } from './migrate';
export { type NotificationInput, recordNotifications } from './notifications';
export { type ReencryptReport, reencryptSecrets } from './reencrypt';
export { type NotificationRow, type RunRow, rowFromDriver, selectList } from './rows';
export * as schema from './schema';
export {
  type PermissionDrift,
  type ProviderConnectionSnapshot,
  permissionDriftSchema,
  providerConnectionSnapshotSchema,
} from './schema';
export { createSecretBox, parseKeys, type SecretBox } from './secrets';
export { databaseErrorSummary, isDatabaseUnavailable } from './unavailable';
export * from './vocabulary';
export {
  MAX_WEBHOOK_EVENT_DATA_BYTES,
  type RecordedWebhookEvent,
  recordWebhookEvent,
  type WebhookEventInput,
  webhookFanoutSql,
} from './webhooks';
