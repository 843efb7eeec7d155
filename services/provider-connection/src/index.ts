export { type ProviderConnectionSubgraphOptions, startProviderConnectionSubgraph } from './app';
export { type ConnectionContext, type ConnectionContextOptions, createConnectionContext } from './context';
export { loadProviderConnectionEnv, type ProviderConnectionEnv, providerConnectionEnvSchema } from './env';
export type { ConnectionModel } from './model';
export { defineCreateProviderConnectionInput } from './schema/create-input';
export { schema } from './schema/index';
export {
  blockersFor,
  blockersOf,
  createConnection,
  credentialStatusOf,
  EXPIRING_SOON_MS,
} from './service/connections';
