export {
  type AuthenticatedActor,
  authorizationFromConnectionParams,
  createRequestAuthenticator,
  type RequestAuthenticator,
  type RequestAuthenticatorOptions,
} from './auth';
export { createBuilder, type KitBuilder, type KitScalars, type KitSchemaTypes, type KitTypes } from './builder';
export { type Actor, type BaseContext, type BaseContextOptions, baseContext, type ContextInput } from './context';
export {
  formatErrorForClient,
  INTERNAL_ERROR_MESSAGE,
  isGraphQLError,
  isPublicError,
  listSize,
  maskedError,
  PUBLIC_ERROR_CODES,
  SERVICE_UNAVAILABLE,
  SERVICE_UNAVAILABLE_MESSAGE,
  toGraphQLError,
  unauthenticatedError,
  unwrap,
} from './errors';
export { createFanout, type Decoder, type Fanout, type FanoutOptions, type Listener } from './fanout';
export { type ActionHostOptions, gateFor, hostServerOptions, type SubgraphHostOptions } from './host';
export { type BatchLoaderOptions, batchLoader, MAX_BATCH_SIZE } from './loaders';
export { type ProcessResources, runSubgraphProcess, type SubgraphProcessOptions } from './process';
export { checkPostgres, checkRedis, readinessOf } from './readiness';
export { FEDERATION_LINK_URL, printSchema, toSubgraphSchema, writeSchema } from './schema';
export { type SubgraphServer, type SubgraphServerOptions, startSubgraphServer } from './server';
export { type SubgraphEnv, subgraphEnvSchema, subgraphSettings } from './settings';
export {
  defineEntityStub,
  defineSharedTypes,
  defineStartResult,
  type PageInfoShape,
  ROOT_TYPE_DESCRIPTIONS,
  type SharedEnumName,
  type SharedTypesOptions,
} from './shared-types';
