/**
 * The gateway: Hive Gateway's runtime with the router runtime (the Rust query planner), composing
 * from the committed supergraph SDL, embedded in a plain `node:http` server that also serves
 * graphql-ws on the same path and the `/healthz` + `/readyz` probes.
 *
 * Verified recipes (shared/design/GATEWAY-NOTES.md): auth propagation through
 * `onContextBuilding` + `propagateHeaders` + the ws transport's `connectionParams`; two plugins
 * that fix how the router runtime hands subscription errors back (see `plugins.ts`);
 * `getSchema()` before accepting WebSocket connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin, getGraphQLWSOptions, Logger } from '@graphql-hive/gateway-runtime';
import { type AuthOptions, apiClientTokenKey, createAuthenticator } from '@msp/auth';
import type { Database } from '@msp/db';
import {
  costErrorsFor,
  createCredentialSigner,
  DEFAULT_LIMITS,
  DEFAULT_PARSE_LIMITS,
  GATEWAY_CREDENTIAL_HEADER,
  GATEWAY_CREDENTIAL_PARAM,
  limitedParse,
  nulErrors,
  type OperationLimits,
  operationCost,
  operationLimitsRule,
  type ParseLimits,
  redactError,
  withoutSuggestions,
} from '@msp/edge';
import { observeRequest, REQUEST_ID_HEADER, requestIdFrom, serveMetrics, subscriptionGauge } from '@msp/telemetry';
import { normalizeNodeRequest } from '@whatwg-node/server';
import { BREAK, type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, visit } from 'graphql';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import type { Logger as PinoLogger } from 'pino';
import { WebSocketServer } from 'ws';
import { createFastPath, type FastPathCounts, isFastPathRequest } from './fast-path';
import { createTokenEndpoint } from './oauth';
import {
  useAuthorizationContext,
  useFreshSubscriptionErrors,
  useNoStaleSubscriptionData,
  useResponseSizeCap,
  useSubgraphErrorsAsGraphQLErrors,
} from './plugins';
import { createRateLimiter, type RateLimitOptions } from './rate-limit';
import { scrub } from './scrub';
import { subgraphsOf, withSubgraphUrls } from './supergraph';
import { useCorrelationHeaders, useGatewayMetrics } from './telemetry';
import { createTrustedDocuments } from './trusted-documents';

export interface GatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql). */
  supergraphSdl: string;
  /** 0 picks a free port (tests). */
  port: number;
  /**
   * Interface to listen on.
   * @defaultValue '0.0.0.0'
   */
  host?: string;
  logger: PinoLogger;
  /**
   * Subgraph URLs by subgraph name (`operations`), replacing the ones in the SDL: tests start
   * subgraphs on ephemeral ports, deployments behind their own hostnames.
   */
  subgraphUrls?: Record<string, string>;
  /**
   * Browser origins allowed to call the gateway with credentials (CORS): exactly these, never a
   * reflected one. The console's (`PUBLIC_APP_URL`) is the one a deployment needs.
   * @defaultValue ['http://localhost:3000']
   */
  corsOrigins?: string[];
  /**
   * Serve GraphiQL on GET /graphql.
   * @defaultValue false
   */
  graphiql?: boolean;
  /**
   * Who may introspect (`__schema`, `__type`): everyone (development), or only a caller with a
   * valid bearer token (production: an anonymous caller gets `INTROSPECTION_DISABLED`, and `auth`
   * verifies the token).
   * @defaultValue 'everyone'
   */
  introspection?: 'everyone' | 'signed-in';
  /** Verifies bearer tokens for `introspection: 'signed-in'` (the same settings as the subgraphs'). */
  auth?: AuthOptions;
  /**
   * Keep graphql-js's "Did you mean …?" in error messages. Off in production: a suggestion spells
   * out the schema, field by field, to a caller who may not introspect it.
   * @defaultValue true
   */
  suggestions?: boolean;
  /** Depth, cost and alias limits on incoming operations (`DEFAULT_LIMITS` of `@msp/edge`). */
  limits?: OperationLimits;
  /**
   * The key the gateway signs each subgraph request's credential with (`GATEWAY_SUBGRAPH_KEY`,
   * `@msp/edge` credential.ts); subgraphs configured with the same key refuse anything else.
   * Unset: no credential is sent (subgraphs started without a key, in tests).
   */
  gatewayKey?: string;
  /** Token and nesting limits checked before parsing (`DEFAULT_PARSE_LIMITS` of `@msp/edge`). */
  parseLimits?: ParseLimits;
  /**
   * Most bytes one client request may receive from the subgraphs, summed over its plan's fetches
   * (`useResponseSizeCap`).
   * @defaultValue 16_777_216 (16 MiB)
   */
  maxResponseBytes?: number;
  /**
   * How long `/readyz` waits for each subgraph's `/readyz`.
   * @defaultValue 2000
   */
  readinessTimeoutMs?: number;
  /**
   * Serve operations whose plan is one fetch to one subgraph on the fast path (`fast-path.ts`).
   * @defaultValue true
   */
  fastPath?: boolean;
  /**
   * Rate limits per principal in Redis, shared by every replica (`rate-limit.ts`); needs `auth`
   * to know the principal. Unset: no limits (tests that are not about them).
   */
  rateLimit?: RateLimitOptions;
  /**
   * The OAuth 2.0 token endpoint for API clients (`POST /oauth/token`, `oauth.ts`): it reads the
   * clients' rows, and signs access tokens with the key derived from `gatewayKey` (which the
   * subgraphs verify them with). Unset, or without `gatewayKey`: no token endpoint.
   */
  apiClients?: {
    db: Database;
    /** @defaultValue 900 */
    tokenTtlSeconds?: number;
  };
  /**
   * Trusted (persisted) documents, id → document (`trusted-documents.ts`: the manifests of
   * `readDocumentManifests`): any caller may send one by its id, and an API client restricted to
   * them may send nothing else (recognised by its token, verified with the key derived from
   * `gatewayKey`). Unset: no persisted documents, and a restricted client can send nothing.
   */
  trustedDocuments?: Record<string, string>;
}

export interface Gateway {
  /** `http://host:port/graphql` (WebSocket: the same with `ws:`). */
  url: string;
  port: number;
  httpServer: Server;
  /** name → subgraph URL, as the gateway calls them. */
  subgraphs: Record<string, string>;
  /** Operations executed so far on the fast path and on the normal path. */
  paths(): FastPathCounts;
  close(): Promise<void>;
}

/** Whether `document` selects `__schema` or `__type` anywhere (fragments included). */
function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

const introspectionDisabled = () =>
  new GraphQLError('Introspection needs a signed-in caller here: send a bearer token.', {
    extensions: { code: 'INTROSPECTION_DISABLED' },
  });

/**
 * A hive logger writing through our pino logger, so gateway logs look like every service's;
 * credentials are scrubbed on the way (the runtime's debug lines carry the caller's token).
 */
function hiveLogger(logger: PinoLogger): Logger {
  return new Logger({
    level: logger.level === 'silent' ? false : (logger.level as 'trace' | 'debug' | 'info' | 'warn' | 'error'),
    writers: [
      {
        write(level, attrs, msg) {
          const fn = logger[level === 'trace' ? 'trace' : level];
          const text = scrub(msg ?? '') as string;
          if (attrs && typeof attrs === 'object' && !Array.isArray(attrs)) {
            // The request id comes from our log mixin (the runtime's is the same header, but it
            // stays on loggers it keeps past their request, such as a subgraph's executor).
            const { requestId: _stale, ...rest } = attrs as Record<string, unknown>;
            fn.call(logger, scrub(rest) as object, text);
          } else fn.call(logger, text);
        },
      },
    ],
  });
}

async function subgraphReady(graphqlUrl: string, timeoutMs: number): Promise<string | null> {
  const url = new URL('/readyz', graphqlUrl);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? null : `${url} answered ${res.status}`;
  } catch (error) {
    return `${url}: ${(error as Error).message}`;
  }
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const host = options.host ?? '0.0.0.0';
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2000;
  const supergraph = withSubgraphUrls(options.supergraphSdl, options.subgraphUrls ?? {});
  const subgraphs = subgraphsOf(supergraph);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const parseLimits = { ...DEFAULT_PARSE_LIMITS, ...options.parseLimits };
  const limitsRule = operationLimitsRule(limits);
  /** The cost of each request's operation, by its context (measured once: the rate limit charges it). */
  const measured = new WeakMap<object, number>();
  const costOf = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
    contextValue?: unknown;
  }): ExecutionResult | null => {
    const nul = nulErrors(args.document, args.variableValues);
    if (nul.length > 0) return { errors: nul };
    const cost = operationCost(args.schema, args.document, args.operationName, args.variableValues, limits);
    const errors = costErrorsFor(cost, limits);
    if (errors.length > 0) return { errors };
    if (args.contextValue && typeof args.contextValue === 'object') measured.set(args.contextValue, cost);
    return null;
  };
  const suggestions = options.suggestions ?? true;
  /**
   * Messages never echo a secret field's value (graphql-js prints whole inputs into them), nor,
   * without `suggestions`, a "Did you mean …?".
   */
  const redacted = (result: { errors?: readonly { message: string }[] | undefined }) => {
    for (const error of result.errors ?? []) {
      redactError(error);
      if (!suggestions) withoutSuggestions(error);
    }
  };

  // Introspection for signed-in callers only (production): checked before execution, with the
  // token the subgraphs would verify (verified tokens are remembered, so a client's repeated
  // introspection costs one verification).
  if (options.introspection === 'signed-in' && !options.auth) {
    throw new Error("introspection: 'signed-in' needs `auth` to verify the caller's token");
  }
  if (options.rateLimit && !options.auth) throw new Error("rateLimit needs `auth` to know the caller's principal");
  // API clients' access tokens verify with the key derived from the gateway key (services/auth);
  // with that key alone (no `auth`), only they do: enough to know a client restricted to
  // trusted documents, whose tokens the subgraphs verify the same way.
  const clientKey = options.gatewayKey ? apiClientTokenKey(options.gatewayKey) : undefined;
  const authOptions: AuthOptions | undefined =
    options.auth && clientKey && !options.auth.apiClientTokenKey
      ? { ...options.auth, apiClientTokenKey: clientKey }
      : (options.auth ?? (clientKey ? { apiClientTokenKey: clientKey } : undefined));
  const authenticator = authOptions ? createAuthenticator(authOptions) : null;
  const introspectionAuth = options.introspection === 'signed-in' ? authenticator : null;
  const introspectionPlugin: GatewayPlugin = {
    async onExecute({ args, setResultAndStopExecution }) {
      if (!introspectionAuth || !asksForIntrospection(args.document)) return;
      const authorization = (args.contextValue as { authorization?: unknown }).authorization;
      const verified = await introspectionAuth.authenticate(typeof authorization === 'string' ? authorization : null);
      if (!verified.ok) setResultAndStopExecution({ errors: [introspectionDisabled()] });
    },
  };

  // Limits, the same module as every subgraph's (`@msp/edge`): the document's size and nesting
  // before parsing (a deep literal overflowed graphql-js's recursive parser), depth and aliases
  // as a validation rule, the cost with the request's variables before execution.
  const limitsPlugin: GatewayPlugin = {
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => limitedParse(source, parseOptions, parseLimits));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(limitsRule);
      if (suggestions) return undefined;
      return ({ result }) => {
        for (const error of result) withoutSuggestions(error);
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refused = costOf(args);
      if (refused) setResultAndStopExecution(refused);
    },
    // Every answer, whatever produced its errors (validation, variable coercion, a subgraph).
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        if (one && typeof one === 'object' && !(Symbol.asyncIterator in one)) redacted(one as ExecutionResult);
      }
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = costOf(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };

  const signer = options.gatewayKey
    ? await createCredentialSigner(Object.keys(subgraphs), { key: options.gatewayKey })
    : null;
  const credentialPlugin: GatewayPlugin = {
    onContextBuilding({ extendContext }) {
      if (signer) {
        extendContext({
          gatewayCredentials: Object.fromEntries(Object.keys(subgraphs).map((n) => [n, signer.credentialFor(n)])),
        } as Record<string, unknown>);
      }
    },
  };

  const fastPath = createFastPath({
    enabled: options.fastPath ?? true,
    log: (message, attributes) => logger.debug(attributes, message),
  });

  const rateLimiter = options.rateLimit
    ? createRateLimiter(options.rateLimit, {
        authenticator: authenticator!,
        logger,
        costOf: (context) => measured.get(context) ?? 0,
      })
    : null;

  // Without documents, a restricted client has no document it may send: every one is refused.
  const trusted = authenticator ? createTrustedDocuments(options.trustedDocuments ?? {}, authenticator) : null;

  const hiveLog = hiveLogger(logger);
  const gateway = createGatewayRuntime({
    supergraph,
    unifiedGraphHandler: fastPath.handler,
    logging: hiveLog,
    graphiql: options.graphiql ? { title: 'MSP provider gate' } : false,
    // The default reflected any Origin with credentials allowed.
    cors: { origin: options.corsOrigins ?? ['http://localhost:3000'], credentials: true },
    landingPage: false,
    // Registered documents by id (HTTP); a restricted client's arbitrary document is refused
    // before parsing here, and on every transport by `trusted.plugin` before execution.
    ...(trusted ? { persistedDocuments: { ...trusted.runtimeOptions } } : {}),
    plugins: () => [
      useGatewayMetrics(hiveLog),
      useCorrelationHeaders(),
      useAuthorizationContext(),
      credentialPlugin,
      introspectionPlugin,
      ...(trusted ? [trusted.plugin] : []),
      // The router runtime's subscription fixes, where the runtime handles the events.
      useSubgraphErrorsAsGraphQLErrors({ skipRequest: isFastPathRequest }),
      useFreshSubscriptionErrors({ skipDocument: fastPath.serves }),
      useNoStaleSubscriptionData({ skipRequest: isFastPathRequest }),
      limitsPlugin,
      // After the limits: an operation refused as too complex is not charged its cost.
      ...(rateLimiter ? [rateLimiter.plugin] : []),
      useResponseSizeCap(options.maxResponseBytes ?? 16 * 1024 * 1024, (bytes) =>
        logger.warn({ bytes }, 'answer too large: refused'),
      ),
      fastPath.plugin,
    ],
    propagateHeaders: {
      fromClientToSubgraphs: ({ context, subgraphName }) => {
        const authorization = (context as { authorization?: unknown }).authorization;
        return {
          ...(typeof authorization === 'string' ? { authorization } : {}),
          ...(signer ? { [GATEWAY_CREDENTIAL_HEADER]: signer.credentialFor(subgraphName) } : {}),
        };
      },
    },
    // Every subgraph's subscriptions go over graphql-ws on its own /graphql. The gateway's
    // credential rides in connection_init and each caller's token in its operation's
    // `extensions.headers` (propagateHeaders above), so one upstream socket carries the
    // subscriptions of every caller (one per credential: it is re-signed every 15 s, so a new
    // subscription may open a new socket). The subgraph checks each operation's token.
    // BENCHMARKS.md, bench:subscriptions (workspace stream): one socket per caller before.
    transportEntries: Object.fromEntries(
      Object.keys(subgraphs).map((name) => [
        name,
        {
          options: {
            subscriptions: {
              kind: 'ws',
              location: '/graphql',
              options: {
                connectionParams: {
                  ...(signer ? { [GATEWAY_CREDENTIAL_PARAM]: `{context.gatewayCredentials.${name}}` } : {}),
                },
              },
            },
          },
        },
      ]),
    ),
  });
  // The first graphql-ws operation fails ("Expected null to be a GraphQL schema") otherwise.
  await gateway.getSchema();
  await rateLimiter?.ready;

  const tokenEndpoint =
    options.apiClients && options.gatewayKey
      ? createTokenEndpoint({
          db: options.apiClients.db,
          key: apiClientTokenKey(options.gatewayKey),
          logger: logger.child({ component: 'oauth' }),
          ttlSeconds: options.apiClients.tokenTtlSeconds,
        })
      : null;

  const probe = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (path === '/healthz') {
      reply(200, { status: 'ok' });
      return true;
    }
    if (serveMetrics(req, res)) return true;
    if (path === '/readyz') {
      void Promise.all(
        Object.entries(subgraphs).map(async ([name, url]) => [name, await subgraphReady(url, readinessTimeoutMs)]),
      ).then((results) => {
        const failing = Object.fromEntries(results.filter(([, problem]) => problem !== null));
        if (Object.keys(failing).length === 0) reply(200, { status: 'ready' });
        else reply(503, { status: 'unavailable', subgraphs: failing });
      });
      return true;
    }
    return false;
  };

  const httpServer = createServer((req, res) => {
    if (probe(req, res)) return;
    if (tokenEndpoint?.(req, res)) return;
    // One request id for the runtime, our logs and the subgraphs: the caller's, or one made here.
    req.headers[REQUEST_ID_HEADER] = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    // The runtime's request listener; errors it cannot answer are logged and end the response.
    observeRequest('gateway', req, res, async () => {
      await gateway(req, res);
    }).catch((error: unknown) => {
      logger.error({ err: error }, 'gateway request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsOptions = getGraphQLWSOptions<Record<string, unknown>, Extra>(gateway, (ctx) => ({
    req: ctx.extra.request,
    socket: ctx.extra.socket,
    // Without `request`, header propagation (and our auth context) is silently skipped.
    request: normalizeNodeRequest(ctx.extra.request, gateway.fetchAPI),
  }));
  const subscriptions = subscriptionGauge('gateway');
  const wsCleanup = useServer(
    {
      ...wsOptions,
      onOperation: (ctx, id, payload, args, result) => {
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) subscriptions.opened(ctx.extra, id);
        return wsOptions.onOperation?.(ctx, id, payload, args, result);
      },
      onComplete: (ctx, id, payload) => {
        subscriptions.closed(ctx.extra, id);
        return wsOptions.onComplete?.(ctx, id, payload);
      },
      onClose: (ctx, code, reason) => {
        subscriptions.closedAll(ctx.extra);
        return wsOptions.onClose?.(ctx, code, reason);
      },
    },
    wsServer,
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${publicHost}:${port}/graphql`;
  logger.info({ url, subgraphs }, 'gateway listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    httpServer,
    subgraphs,
    paths: fastPath.counts,
    close() {
      closing ??= (async () => {
        await wsCleanup.dispose();
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        // Long-lived SSE responses would hold close() forever.
        const force = setTimeout(() => httpServer.closeAllConnections(), 2000);
        await closed;
        clearTimeout(force);
        await gateway.dispose();
        await rateLimiter?.close();
        signer?.close();
      })();
      return closing;
    },
  };
}
