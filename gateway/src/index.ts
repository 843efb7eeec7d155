export { type GatewayEnv, gatewayEnvSchema, loadGatewayEnv } from './env';
export { createGateway, type Gateway, type GatewayOptions } from './gateway';
export { useAuthorizationContext, useFreshSubscriptionErrors, useSubgraphErrorsAsGraphQLErrors } from './plugins';
export { readSupergraph, SUPERGRAPH_PATH, subgraphsOf, withSubgraphUrls } from './supergraph';
