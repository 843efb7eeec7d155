/**
 * The gateway's part of observability:
 * - the runtime's Prometheus plugin (`@graphql-mesh/plugin-prometheus`) writing into the
 *   process's registry (`@msp/telemetry`): request duration by operation name and type, subgraph
 *   execution and fetch durations, errors;
 * - every subgraph request carries the client's request id (`x-request-id`) and the trace
 *   context (W3C `traceparent`, when tracing is on), so the subgraph's logs and spans join the
 *   gateway's.
 */
import type { GatewayPlugin, Logger } from '@graphql-hive/gateway-runtime';
import usePrometheus from '@graphql-mesh/plugin-prometheus';
import { currentRequestId, REQUEST_ID_HEADER, registry } from '@msp/telemetry';
import { context, propagation } from '@opentelemetry/api';

export function useGatewayMetrics(log: Logger): GatewayPlugin {
  return usePrometheus({
    log,
    registry,
    // /metrics is served by the gateway's own HTTP server (with the process's other metrics).
    endpoint: false,
    metrics: {
      graphql_envelop_request_duration: true,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: true,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_error_result: true,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_request: true,
      graphql_yoga_http_duration: true,
      graphql_gateway_fetch_duration: true,
      graphql_gateway_subgraph_execute_duration: true,
      graphql_gateway_subgraph_execute_errors: true,
    },
  }) as unknown as GatewayPlugin;
}

/** Adds the request id and the trace context to every subgraph request. */
export function useCorrelationHeaders(): GatewayPlugin {
  return {
    onFetch({ options, setOptions }) {
      const requestId = currentRequestId();
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      if (!requestId && Object.keys(carrier).length === 0) return;
      const headers = { ...(options.headers as Record<string, string> | undefined) };
      if (requestId) headers[REQUEST_ID_HEADER] = requestId;
      Object.assign(headers, carrier);
      setOptions({ ...options, headers });
    },
  };
}
