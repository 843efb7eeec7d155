export { type GatewayEnv, gatewayEnvSchema, loadGatewayEnv } from './env';
export { createGateway, type Gateway, type GatewayOptions } from './gateway';
export { useAuthorizationContext, useFreshSubscriptionErrors, useSubgraphErrorsAsGraphQLErrors } from './plugins';
export {
  DEFAULT_RATE_LIMITS,
  RATE_LIMITED,
  type RateLimitOptions,
  type RateLimitPolicy,
} from './rate-limit';
export { readSupergraph, SUPERGRAPH_PATH, subgraphsOf, withSubgraphUrls } from './supergraph';
export {
  CONSOLE_DOCUMENTS_PATH,
  PERSISTED_DOCUMENT_NOT_FOUND,
  PERSISTED_DOCUMENT_REQUIRED,
  readDocumentManifests,
} from './trusted-documents';
