/**
 * @msp/worker: BullMQ workers for provider operations (each job moved through
 * @msp/run-lifecycle), the reaper, run retention and the built-in connection health check.
 */

export type { RunRow } from '@msp/db';
export {
  DEFAULT_CREDENTIAL_EXPIRY_WARNING_MS,
  type HealthFinding,
  healthRecipients,
  recordHealth,
  warnCredentialExpiry,
} from './connection-health';
export { parseWorkerEnv, type WorkerEnv } from './env';
export { serveWorkerHealth, type WorkerHealthOptions } from './health';
export {
  createHealthSweep,
  type HealthSweep,
  type HealthSweepOptions,
  type HealthSweepReport,
  systemPrincipalUser,
} from './health-sweep';
export {
  type ClassifiedFailure,
  type ConnectionRow,
  classifyFailure,
  type DbExecutor,
  defineProcessor,
  type HandlerArgs,
  type Processor,
  type ProcessorContext,
  type ProcessorResult,
  type ProcessorSettings,
  RunFailure,
} from './kit';
export { PROCESSORS } from './processors';
export { CONFIGURATION_POLICY_TYPE } from './processors/policy-backup';
export { type ProviderFailure, providerFailureUpdate, recordProviderFailure } from './provider-state';
export { createReaper, type Reaper, type ReaperOptions } from './reaper';
export {
  createRetention,
  DEFAULT_AUDIT_RETENTION_MS,
  DEFAULT_RETENTION_MS,
  type Retention,
  type RetentionOptions,
} from './retention';
export {
  createWorkerRuntime,
  DEFAULT_HEALTH_CHECK_PATTERN,
  type RedisSettings,
  type WorkerRuntime,
  type WorkerRuntimeOptions,
} from './runtime';
export {
  createScheduleRunner,
  type FiringReport,
  type ScheduleRunner,
  type ScheduleRunnerOptions,
  tickOf,
} from './schedules';
export { createWebhookRuntime, type WebhookRuntime, type WebhookRuntimeOptions } from './webhooks';
