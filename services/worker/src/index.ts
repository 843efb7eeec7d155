/**
 * @msp/worker: BullMQ workers for provider operations, the run lifecycle that alone moves runs
 * after admission, and the reaper.
 */

export type { RunRow } from '@msp/db';
export { serveWorkerHealth, type WorkerHealthOptions } from './health';
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
export {
  type BeginResult,
  type CancelRequest,
  type CancelResult,
  type CompleteResult,
  type Completion,
  createLifecycle,
  type Fence,
  type Lifecycle,
  type LifecycleOptions,
  type NotificationRow,
  type Progress,
  TERMINAL_OUTCOMES,
  type TerminalOutcome,
} from './lifecycle';
export { PROCESSORS } from './processors';
export { CONFIGURATION_POLICY_TYPE } from './processors/policy-backup';
export { type ProviderFailure, providerFailureUpdate, recordProviderFailure } from './provider-state';
export { createReaper, type Reaper, type ReaperOptions } from './reaper';
export { createRetention, DEFAULT_RETENTION_MS, type Retention, type RetentionOptions } from './retention';
export { createWorkerRuntime, type RedisSettings, type WorkerRuntime, type WorkerRuntimeOptions } from './runtime';
