/**
 * The single-subgraph fast path (issue 18). Most operations touch one subgraph only: every start
 * mutation, `operationRun(id)` without cross-subgraph fields, Monitoring lists. For those the
 * router runtime's query plan is one fetch, yet the normal path still looks the plan up, runs it,
 * parses the subgraph's JSON and projects it into the client's shape. Here, such an operation is
 * forwarded as the client wrote it and the subgraph's answer goes back to the client as the
 * subgraph wrote it.
 *
 * What stays exactly as on the normal path, by construction:
 * - every check before execution (parsing, validation with our limits, the caller's token in the
 *   context): the fast path starts where the router runtime's executor would;
 * - the subgraph request goes through the runtime's own `onSubgraphExecute` (every plugin's hook:
 *   `propagateHeaders`, the subgraph-error plugin that adds `serviceName`, ours) and the runtime's
 *   hooked `fetch` (every `onFetch` hook: the request id...); only the last step, the HTTP call,
 *   is ours (`rawExecutor`), with the headers the runtime's HTTP executor would send;
 * - errors: an answer with errors (or anything unexpected) is parsed and handled as the runtime's
 *   HTTP executor and the router runtime handle it (`parsedResult`, `asRouterRuntimeResult`), so
 *   codes, paths and masking are the same. The differential test (tests/e2e/fast-path.test.ts)
 *   compares both paths on every operation the project sends.
 *
 * Which operations qualify is decided once per distinct document (a bounded cache) from the
 * router runtime's own planner (`@graphql-hive/router-query-planner`, the planner
 * `unifiedGraphHandler` loads, on the same supergraph): a plan that is a single `Fetch` (or, for
 * a subscription, a `Subscription` whose one fetch is its primary) with no `@requires` and no
 * rewrites, with no introspection and no `@defer`/`@stream`, whose document is also valid against
 * that subgraph's schema (a type condition the subgraph does not know is pruned by the planner,
 * not by the subgraph). Cross-subgraph selections and everything else take the normal path.
 *
 * A subscription on the fast path is sent by the runtime's own graphql-ws transport (every
 * plugin's `onSubgraphExecute` hook included), and each of its events goes to the client as the
 * subgraph sent it, with the one-fetch plan's error placement: no plan execution and no
 * projection per event and subscriber (the workspace stream's fan-out, BENCHMARKS.md).
 */

import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { QueryPlanner } from '@graphql-hive/router-query-planner';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { isAsyncIterable, mapAsyncIterator } from '@msp/process';
import {
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  validate,
  visit,
} from 'graphql';
import { revive } from './plugins';

type Handler = typeof unifiedGraphHandler;
type HandlerOptions = Parameters<Handler>[0];
type HandlerResult = Awaited<ReturnType<Handler>>;
type Executor = NonNullable<HandlerResult['executor']>;
type ExecutionRequest = Parameters<Executor>[0];

/** Where a document goes on the fast path. */
interface Route {
  subgraph: string;
  /** The client's document, printed once. */
  query: string;
  operation: OperationDefinitionNode;
  /**
   * Where the router runtime puts a subgraph error without a path: the first root field of the
   * fetch (its `getDefaultErrorPath`).
   */
  defaultErrorPath: string[];
}

/** Why a document takes the normal path (for the debug log). */
type Decision = { route: Route } | { normal: string };

export interface FastPathOptions {
  /**
   * Serve single-subgraph operations on the fast path (`GATEWAY_FAST_PATH`).
   * @defaultValue true
   */
  enabled?: boolean;
  /**
   * Distinct documents whose decision is remembered (oldest out).
   * @defaultValue 1000 (as many as the runtime's parse cache keeps)
   */
  maxDocuments?: number;
  /** Logs each decision (once per document) at debug level. */
  log?: (message: string, attributes: Record<string, unknown>) => void;
}

/** Operations executed since the gateway started, by path. */
export interface FastPathCounts {
  fast: number;
  normal: number;
}

export interface FastPath {
  /** `unifiedGraphHandler` with the fast path in front of the router runtime's executor. */
  handler: Handler;
  /** Swaps the HTTP executor for the raw one on fast-path subgraph requests. */
  plugin: GatewayPlugin;
  counts(): FastPathCounts;
  /** True once the document (and operation) is decided for the fast path. */
  serves(document: DocumentNode, operationName?: string | null): boolean;
}

/** Marks a subgraph request sent by the fast path (survives the hooks' `{ ...request }` copies). */
const FAST = Symbol('fast path route');
type FastRequest = ExecutionRequest & { [FAST]?: Route };

/**
 * True for a subgraph request the fast path sends. Its events reach the client through
 * `asRouterRuntimeResult` alone, never through the router runtime's plan execution, so the plugins
 * that repair the runtime's handling of subscription events (plugins.ts) have nothing to repair
 * there and add no per-event hook to it.
 */
export function isFastPathRequest(request: unknown): boolean {
  return Boolean(request && typeof request === 'object' && FAST in request);
}

/** What executor-http sends and accepts (`buildHTTPExecutor`). */
const ACCEPT = 'application/graphql-response+json, application/json, multipart/mixed';

/** True when the router runtime would answer the document itself (its `isIntrospection`). */
function answeredByRuntime(operation: OperationDefinitionNode): boolean {
  const root = operation.selectionSet.selections;
  return root.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename');
}

/** `__schema`/`__type` anywhere, or `@defer`/`@stream`: not for the fast path. */
function unsupportedFeature(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = 'introspection';
        return BREAK;
      }
      return undefined;
    },
    Directive(node) {
      if (node.name.value === 'defer' || node.name.value === 'stream') {
        found = `@${node.name.value}`;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The router runtime's default error path of a fetch: its first root field's response key. */
function defaultErrorPath(fetchOperation: string, operationName: string | undefined): string[] {
  const operation = getOperationAST(parse(fetchOperation, { noLocation: true }), operationName);
  const first = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!first || first.kind !== Kind.FIELD) return [];
  return [first.alias?.value ?? first.name.value];
}

/**
 * The subgraph's answer as it came, for an answer with data and nothing else (no `errors`, no
 * `extensions`: the router runtime drops a subgraph's extensions). Serialising it (yoga's
 * `result.stringify`) returns the text; `data` is parsed only if something reads it (a plugin,
 * a graphql-ws message).
 */
function rawResult(text: string): ExecutionResult {
  let data: unknown;
  let read = false;
  const result = {} as ExecutionResult;
  Object.defineProperty(result, 'data', {
    enumerable: true,
    configurable: true,
    get() {
      if (!read) {
        data = (JSON.parse(text) as ExecutionResult).data;
        read = true;
      }
      return data;
    },
    set(value: unknown) {
      data = value;
      read = true;
    },
  });
  // Once `data` was read it may have been changed in place: then it is serialised like any result.
  Object.defineProperty(result, 'stringify', {
    value: (value: unknown) => (value === result && !read ? text : JSON.stringify(value)),
  });
  return result;
}

/** True for `{"data":{"…` with no `"errors"` and no `"extensions"` anywhere in the text. */
function isPlainData(text: string): boolean {
  return text.startsWith('{"data":{"') && !text.includes('"errors"') && !text.includes('"extensions"');
}

interface UpstreamErrorExtensions {
  code?: string;
  request: { method: string; body: string };
  response?: { status: number; statusText: string; body?: unknown };
}

/** An answer that is not plain data, handled as `buildHTTPExecutor` (executor-http) handles it. */
function parsedResult(text: string, extensions: UpstreamErrorExtensions): ExecutionResult {
  const failed = (message: string, originalError?: Error): ExecutionResult => {
    extensions.code = 'RESPONSE_VALIDATION_FAILED';
    return { errors: [new GraphQLError(message, { extensions: { ...extensions }, originalError })] };
  };
  if (!text) return failed('No response returned', new Error('No response returned'));
  let parsed: { data?: unknown; errors?: Array<{ message: string } & Record<string, unknown>> };
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return failed(`Unexpected response: ${JSON.stringify(text)}`, error as Error);
  }
  if (extensions.response) extensions.response.body = parsed;
  if (parsed.data == null && (parsed.errors == null || parsed.errors.length === 0)) {
    const message = `Unexpected empty "data" and "errors" fields in result: ${text}`;
    return failed(message, new Error(message));
  }
  if (!Array.isArray(parsed.errors)) return parsed as ExecutionResult;
  return {
    ...parsed,
    errors: parsed.errors.map(({ message, ...options }) => new GraphQLError(message, options)),
  } as ExecutionResult;
}

/** A failed HTTP call, as executor-http's `coerceFetchError` reports it. */
function fetchError(error: unknown, url: string, extensions: UpstreamErrorExtensions): ExecutionResult {
  extensions.code = 'SUBREQUEST_HTTP_ERROR';
  const e = error as Error;
  if (e?.name === 'GraphQLError') return { errors: [e as GraphQLError] };
  const message = e?.name === 'TypeError' && e.message === 'fetch failed' ? `fetch failed to ${url}` : e?.message;
  return {
    errors: [new GraphQLError(message || 'Unknown error', { extensions: { ...extensions }, originalError: e })],
  };
}

type HookedFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
  context: unknown,
  info: unknown,
) => Promise<Response>;

/**
 * The last step of a fast-path subgraph request: the HTTP call, through the runtime's hooked
 * fetch (so every `onFetch` hook sees it as the HTTP executor's), with the headers and body the
 * HTTP executor would build.
 */
function rawExecutor(url: string, fetchFn: HookedFetch) {
  return async (request: FastRequest): Promise<ExecutionResult> => {
    const route = request[FAST]!;
    const { headers: extensionHeaders, ...extensions } = (request.extensions ?? {}) as Record<string, unknown>;
    const headers: Record<string, string> = { accept: ACCEPT, ...(extensionHeaders as Record<string, string>) };
    headers['content-type'] ??= 'application/json';
    const variables = request.variables && Object.keys(request.variables).length > 0 ? request.variables : undefined;
    const body = JSON.stringify({
      query: route.query,
      variables,
      operationName: request.operationName || undefined,
      extensions: Object.keys(extensions).length > 0 ? extensions : undefined,
    });
    const upstream: UpstreamErrorExtensions = { request: { method: 'POST', body } };
    let response: Response;
    let text: string;
    try {
      response = await fetchFn(
        url,
        { method: 'POST', headers, body, signal: request.signal },
        request.context,
        request.info,
      );
      upstream.response = { status: response.status, statusText: response.statusText };
      text = await response.text();
    } catch (error) {
      return fetchError(error, url, upstream);
    }
    if (response.ok && (response.headers.get('content-type') ?? '').includes('json')) {
      const trimmed = text.endsWith('\n') ? text.slice(0, -1) : text;
      if (isPlainData(trimmed)) return rawResult(trimmed);
    }
    upstream.response.body = text;
    return parsedResult(text, upstream);
  };
}

/**
 * The subgraph's result as the router runtime's `executeQueryPlan` returns a one-fetch plan's:
 * errors without a path are placed at the fetch's first root field, `data` is left out when the
 * subgraph sent none (or an empty object), and the subgraph's `extensions` are dropped. A raw
 * answer has nothing to change.
 */
function asRouterRuntimeResult(result: ExecutionResult, route: Route): ExecutionResult {
  if (Object.getOwnPropertyDescriptor(result, 'stringify')) return result;
  const out: ExecutionResult = {};
  if (result.data && Object.keys(result.data).length > 0) out.data = result.data;
  if (result.errors?.length) {
    // A subscription's errors come from the graphql-ws transport as plain objects: as GraphQLErrors
    // first (masking would hide them, or an `originalError` made of one), as on the normal path.
    out.errors = result.errors.map((raw) => {
      const error = revive(raw) as GraphQLError;
      return error.path
        ? error
        : new GraphQLError(error.message, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            path: route.defaultErrorPath,
            originalError: error,
            extensions: error.extensions,
          });
    });
  }
  return out;
}

/** A subgraph call that failed outright, as the router runtime's `handleSubgraphExecutionError`. */
function asRouterRuntimeError(error: unknown, route: Route): ExecutionResult {
  if (error instanceof GraphQLError) return { errors: [error] };
  return {
    errors: [
      new GraphQLError((error as Error)?.message ?? String(error), {
        originalError: error as Error,
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: route.subgraph },
        path: route.defaultErrorPath,
      }),
    ],
  };
}

export function createFastPath(options: FastPathOptions = {}): FastPath {
  const enabled = options.enabled ?? true;
  const counts: FastPathCounts = { fast: 0, normal: 0 };
  const maxDocuments = options.maxDocuments ?? 1000;
  /** document → operation name ('' for none) → decision, or its promise while it is planned. */
  const decisions = new Map<DocumentNode, Map<string, Decision | Promise<Decision>>>();

  const plugin: GatewayPlugin = {
    onSubgraphExecute({ executionRequest, transportEntry, setExecutor }) {
      const request = executionRequest as FastRequest;
      const fetchFn = (request.context as { fetch?: HookedFetch } | undefined)?.fetch;
      // Another transport, transport-level headers or HTTP executor options (timeout, retry,
      // APQ...) the raw call would not honour: the runtime's own executor sends the client's
      // document instead (still no planning and no projection).
      // A subscription goes through the runtime's own subscription transport (graphql-ws).
      if (request.operationType === 'subscription') return;
      if (!request[FAST] || !fetchFn || !transportEntry?.location || transportEntry.kind !== 'http') return;
      const executorOptions = Object.keys(transportEntry.options ?? {}).filter((k) => k !== 'subscriptions');
      if (transportEntry.headers || executorOptions.length > 0) return;
      setExecutor(rawExecutor(transportEntry.location, fetchFn) as unknown as Executor);
    },
  };

  const handler: Handler = async (handlerOptions: HandlerOptions) => {
    const result = await unifiedGraphHandler(handlerOptions);
    const normalExecutor = result.executor;
    if (!normalExecutor) return result;
    const normal = (request: ExecutionRequest) => {
      counts.normal += 1;
      return normalExecutor(request);
    };
    if (!enabled) return { ...result, executor: normal as Executor };

    const planner = new QueryPlanner(handlerOptions.getUnifiedGraphSDL());
    const plansVary = planner.overrideLabels.length > 0 || planner.overridePercentages.length > 0;
    const schema = result.unifiedGraph;

    const decide = async (document: DocumentNode, operationName: string | undefined): Promise<Decision> => {
      const operation = getOperationAST(document, operationName);
      if (!operation) return { normal: 'no such operation' };
      if (answeredByRuntime(operation)) return { normal: 'only __typename' };
      const feature = unsupportedFeature(document);
      if (feature) return { normal: feature };
      // Progressive @override: the plan depends on the request.
      if (plansVary) return { normal: 'progressive override' };
      const query = print(document);
      const plan = await planner.planAsync(query, operationName, new Set(), 0);
      // A subscription to one subgraph is a Subscription node with its one fetch as `primary`.
      const root = plan.node;
      const node = root?.kind === 'Subscription' ? root.primary : root?.kind === 'Fetch' ? root : undefined;
      if (!node) return { normal: `plan: ${root?.kind ?? 'empty'}` };
      if (node.requires?.length || node.inputRewrites?.length || node.outputRewrites?.length)
        return { normal: 'plan: entity fetch or rewrites' };
      if (validate(result.getSubgraphSchema(node.serviceName), document).length > 0)
        return { normal: `not valid on ${node.serviceName}` };
      return {
        route: {
          subgraph: node.serviceName,
          query,
          operation,
          defaultErrorPath: defaultErrorPath(node.operation, node.operationName),
        },
      };
    };

    const decisionFor = (document: DocumentNode, operationName: string | undefined): Decision | Promise<Decision> => {
      let byName = decisions.get(document);
      if (!byName) {
        byName = new Map();
        decisions.set(document, byName);
        if (decisions.size > maxDocuments) decisions.delete(decisions.keys().next().value!);
      }
      const key = operationName ?? '';
      const known = byName.get(key);
      if (known) return known;
      const planned = decide(document, operationName)
        .catch((error: unknown): Decision => ({ normal: `planning failed: ${(error as Error)?.message ?? error}` }))
        .then((decision) => {
          // Settled: later requests find the decision itself, without waiting a turn.
          byName.set(key, decision);
          options.log?.('route' in decision ? 'fast path' : 'normal path', {
            operationName,
            ...('route' in decision ? { subgraph: decision.route.subgraph } : { reason: decision.normal }),
          });
          return decision;
        });
      byName.set(key, planned);
      return planned;
    };

    const fast = (request: ExecutionRequest, route: Route) => {
      const coerced = getVariableValues(schema, route.operation.variableDefinitions ?? [], request.variables ?? {});
      // Bad variables: the normal path reports them (before any subgraph call).
      if (coerced.errors) return normal(request);
      counts.fast += 1;
      const subgraphRequest: FastRequest = {
        document: request.document,
        variables: coerced.coerced,
        operationType: route.operation.operation,
        operationName: request.operationName,
        extensions: request.extensions,
        rootValue: request.rootValue,
        context: request.context,
        subgraphName: route.subgraph,
        info: request.info,
        signal: request.signal,
        [FAST]: route,
      };
      return Promise.resolve(handlerOptions.onSubgraphExecute(route.subgraph, subgraphRequest)).then(
        (r) =>
          isAsyncIterable(r)
            ? // A subscription: each event as the router runtime would hand it on.
              mapAsyncIterator(r as AsyncIterable<ExecutionResult>, (event) => asRouterRuntimeResult(event, route))
            : (asRouterRuntimeResult(r as ExecutionResult, route) as ExecutionResult<unknown>),
        (error: unknown) => asRouterRuntimeError(error, route) as ExecutionResult<unknown>,
      ) as ReturnType<Executor>;
    };

    const serve = (request: ExecutionRequest, decision: Decision): ReturnType<Executor> =>
      'route' in decision ? fast(request, decision.route) : normal(request);
    const executor = ((request: ExecutionRequest) => {
      const decision = decisionFor(request.document, request.operationName);
      return decision instanceof Promise ? decision.then((d) => serve(request, d)) : serve(request, decision);
    }) as Executor;
    return { ...result, executor };
  };

  const serves = (document: DocumentNode, operationName?: string | null): boolean => {
    const decision = decisions.get(document)?.get(operationName ?? '');
    return Boolean(decision && !(decision instanceof Promise) && 'route' in decision);
  };

  return { handler, plugin, counts: () => ({ ...counts }), serves };
}
