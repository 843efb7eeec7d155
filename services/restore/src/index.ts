export { type RestoreSubgraphOptions, startRestoreSubgraph } from './app';
export { createRestoreContext, type RestoreContext, type RestoreContextOptions } from './context';
export type { RestoreDeps } from './deps';
export { loadRestoreEnv, type RestoreEnv, restoreEnvSchema } from './env';
export type * from './model';
export { schema } from './schema/index';
