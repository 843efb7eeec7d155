export { type RestoreSubgraphOptions, startRestoreSubgraph } from './app';
export { createRestoreContext, type RestoreContext, type RestoreContextOptions } from './context';
export type { RestoreDeps } from './deps';
export { loadRestoreEnv, type RestoreEnv, restoreEnvSchema } from './env';
/** For run control (operations): a restore execution retried from Monitoring. */
export { linkExecution, restoreExecutionPrecondition } from './execution';
export type * from './model';
export { schema } from './schema/index';
