export {
  AccessLost,
  type AccessWatch,
  type AccessWatchOptions,
  createAccessWatch,
  decodeAccessChanged,
} from './access';
export { type OperationsSubgraph, type OperationsSubgraphOptions, startOperationsSubgraph } from './app';
export { createOperationsContext, type OperationsContext, type OperationsContextOptions } from './context';
export { loadOperationsEnv, type OperationsEnv, operationsEnvSchema } from './env';
export { createLiveEvents, decodeNotificationEvent, decodeRunEvent, type LiveEvents } from './events';
export type { NotificationModel, RunModel, RunUpdateModel } from './model';
export { schema } from './schema/index';
