/**
 * Gateway plugins: the caller's token in the context, and three fixes for how the router runtime
 * (@graphql-hive/router-runtime 1.4.23) returns subscription events with errors. All three are
 * covered by tests/e2e (a stranger subscribing must see NOT_FOUND; a subscriber who loses access
 * gets exactly one error event, without the previous event's data): re-test them on every
 * router-runtime upgrade.
 */
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';

type Context = {
  authorization?: string;
  connectionParams?: Record<string, unknown>;
  request?: { headers: { get(name: string): string | null } };
};

/**
 * Puts the caller's `Authorization` into the context for `propagateHeaders` (HTTP requests to the
 * subgraphs, and each upstream subscription's `extensions.headers`): from the graphql-ws
 * `connection_init` payload (either case:
 * a capital `Authorization` is what the architecture fixes) or from the HTTP header (HTTP and
 * SSE).
 */
export function useAuthorizationContext(): GatewayPlugin {
  return {
    onContextBuilding({ context, extendContext }) {
      const c = context as Context;
      const fromParams = c.connectionParams?.Authorization ?? c.connectionParams?.authorization;
      const authorization =
        typeof fromParams === 'string' && fromParams.length > 0
          ? fromParams
          : (c.request?.headers.get('authorization') ?? undefined);
      if (authorization) extendContext({ authorization } as Record<string, unknown>);
    },
  };
}

/**
 * What a router-runtime fix may leave alone: the fast path's subgraph requests and documents
 * (fast-path.ts), whose events never pass through the runtime's plan execution. There the fixes
 * would only add a hook to every event of every subscriber (the workspace stream's fan-out).
 */
export interface SkipOptions {
  skipRequest?: (executionRequest: unknown) => boolean;
  skipDocument?: (document: DocumentNode, operationName?: string | null) => boolean;
}

function isGraphQLErrorLike(error: unknown): boolean {
  return Object.prototype.toString.call(error) === '[object GraphQLError]';
}

/** A plain `{ message, path, extensions }` (what the ws executor hands back) as a GraphQLError. */
export function revive(error: unknown): unknown {
  if (isGraphQLErrorLike(error) || !error || typeof error !== 'object') return error;
  const plain = error as GraphQLFormattedError;
  if (typeof plain.message !== 'string') return error;
  return new GraphQLError(plain.message, {
    ...(plain.path ? { path: plain.path } : {}),
    ...(plain.extensions ? { extensions: plain.extensions } : {}),
  });
}

function revived(result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.some((e) => !isGraphQLErrorLike(e))) return null;
  return { ...result, errors: result.errors.map(revive) as GraphQLError[] };
}

/**
 * Errors from a subscribed subgraph (an error on subscribe, field errors in events) arrive from
 * the ws executor as plain objects; the gateway's error masking then turns them into
 * "Unexpected error." / INTERNAL_SERVER_ERROR and the client loses `extensions.code`.
 * Re-creating each as a GraphQLError keeps message, path and code.
 */
export function useSubgraphErrorsAsGraphQLErrors(options: SkipOptions = {}): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest }) {
      if (options.skipRequest?.(executionRequest)) return undefined;
      return ({ result, setResult }) => {
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
          return {
            onNext({ result: event, setResult: setEvent }) {
              const fixed = revived(event);
              if (fixed) setEvent(fixed);
            },
          };
        }
        const fixed = revived(result as ExecutionResult);
        if (fixed) setResult(fixed);
        return undefined;
      };
    },
  };
}

/**
 * The router runtime reuses one errors array across a subscription's events, so event n carries
 * the errors of events 1..n. Hand each event a copy and empty the shared array.
 */
export function useFreshSubscriptionErrors(options: SkipOptions = {}): GatewayPlugin {
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ args }) {
          if (options.skipDocument?.(args.document, args.operationName)) return undefined;
          return {
            onNext({ result, setResult }) {
              const errors = result.errors as GraphQLError[] | undefined;
              if (!errors || errors.length === 0) return;
              const copy = [...errors];
              errors.length = 0;
              setResult({ ...result, errors: copy });
            },
          };
        },
      };
    },
  };
}

/**
 * The router runtime also keeps one `data` object across a subscription's events, and an event
 * whose data is null (the subgraph's root field failed: NOT_FOUND once the subscriber lost the
 * tenant, UNAUTHENTICATED at token expiry) leaves the previous event's data in place: the client
 * would get that stale payload again beside the error, and entity fields of it would be fetched
 * once more. An empty object in place of null makes the event carry its errors only.
 */
export function useNoStaleSubscriptionData(options: SkipOptions = {}): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest }) {
      if (options.skipRequest?.(executionRequest)) return undefined;
      return ({ result }) => {
        if (!result || typeof result !== 'object' || !(Symbol.asyncIterator in result)) return undefined;
        return {
          onNext({ result: event, setResult: setEvent }) {
            if (event.data == null) setEvent({ ...event, data: {} });
          },
        };
      };
    },
  };
}

/**
 * A cap on what one client request may pull from the subgraphs, summed over every subgraph
 * answer of its plan (each subgraph caps its own answer too). The cost limit should refuse such
 * an operation first; this is the backstop for an estimate that was wrong. An answer that would
 * cross the cap is replaced by a `RESPONSE_TOO_LARGE` error before its body is read.
 */
export function useResponseSizeCap(maxBytes: number, onRefused?: (bytes: number) => void): GatewayPlugin {
  const received = new WeakMap<object, number>();
  return {
    onFetch({ context }) {
      return ({ response, setResponse }) => {
        const length = Number(response.headers.get('content-length'));
        if (!context || !Number.isFinite(length)) return;
        const total = (received.get(context) ?? 0) + length;
        received.set(context, total);
        if (total <= maxBytes) return;
        onRefused?.(total);
        void response.body?.cancel().catch(() => {});
        setResponse(
          new Response(
            JSON.stringify({
              errors: [
                {
                  message: `The answer is larger than ${maxBytes} bytes: ask for smaller pages.`,
                  extensions: { code: 'RESPONSE_TOO_LARGE' },
                },
              ],
            }),
            { status: 200, headers: { 'content-type': 'application/json' } },
          ),
        );
      };
    },
  };
}
