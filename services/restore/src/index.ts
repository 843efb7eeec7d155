export { type RestoreSubgraphOptions, startRestoreSubgraph } from './app';
export { createRestoreContext, type RestoreContext, type RestoreContextOptions, type RestoreDeps } from './context';
export { loadRestoreEnv, type RestoreEnv, restoreEnvSchema } from './env';
export type * from './model';
export * from './plan';
export { schema } from './schema/index';
