/**
 * A subgraph's GraphQL metrics and span attributes: request duration by operation name and type
 * (an Apollo Server plugin; names bounded by `boundedName`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { boundedName, graphqlRequestSeconds } from '@msp/telemetry';
import { trace } from '@opentelemetry/api';

export function requestMetricsPlugin(server: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const began = performance.now();
      let operationName = 'anonymous';
      let operationType = 'unknown';
      return {
        async didResolveOperation({ operationName: name, operation }) {
          operationName = boundedName(name);
          operationType = operation?.operation ?? 'unknown';
          trace.getActiveSpan()?.setAttributes({
            'graphql.operation.name': operationName,
            'graphql.operation.type': operationType,
          });
        },
        async willSendResponse() {
          graphqlRequestSeconds.observe(
            { server, operation_name: operationName, operation_type: operationType },
            (performance.now() - began) / 1000,
          );
        },
      };
    },
  };
}
