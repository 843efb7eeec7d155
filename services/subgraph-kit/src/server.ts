/**
 * One server shape for every subgraph: Apollo Server 5 on a plain `node:http` server (its
 * `executeHTTPGraphQLRequest` needs no framework), graphql-ws on the same port and path, and the
 * `/healthz` + `/readyz` probes the one-command stack and load balancers poll.
 *
 * Why not `@apollo/server/standalone`: it owns its http server, so neither the probes nor the
 * WebSocket upgrade could share the port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { databaseErrorSummary, isDatabaseUnavailable } from '@msp/db';
import {
  checkDocumentText,
  costErrors,
  createCredentialVerifier,
  DEFAULT_PARSE_LIMITS,
  GATEWAY_CREDENTIAL_HEADER,
  GATEWAY_CREDENTIAL_PARAM,
  limitedParse,
  nulErrors,
  type OperationLimits,
  operationLimitsRule,
  type ParseLimits,
  redactError,
  SUBGRAPH_LIMITS,
} from '@msp/edge';
import type { Result } from '@msp/gate';
import { isAsyncIterable, loggableError, withTimeout } from '@msp/process';
import { observeRequest, serveMetrics, subscriptionGauge } from '@msp/telemetry';
import { type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import {
  type AuthenticatedActor,
  authorizationFromConnectionParams,
  authorizationFromExtensions,
  type RequestAuthenticator,
} from './auth';
import { coalesceWrites } from './coalesce';
import type { BaseContext, ContextInput } from './context';
import {
  formatErrorForClient,
  INTERNAL_ERROR_MESSAGE,
  isGraphQLError,
  isPublicError,
  maskedError,
  unauthenticatedError,
} from './errors';
import { execute, GraphQLError, subscribe } from './graphql';
import { createSharedSubscribe } from './shared-execution';
import { endAt } from './streams';
import { requestMetricsPlugin } from './telemetry';

export interface SubgraphServerOptions<Context extends BaseContext> {
  /** The subgraph's name, for logs. */
  name: string;
  schema: GraphQLSchema;
  /** 0 picks a free port (tests). */
  port: number;
  /**
   * Interface to listen on. Loopback unless configured: a subgraph answers the gateway only.
   * @defaultValue '127.0.0.1'
   */
  host?: string;
  /** @defaultValue '/graphql' */
  path?: string;
  /** Verifies bearer tokens and provisions users (`createRequestAuthenticator`). */
  authenticator: RequestAuthenticator;
  /**
   * Builds the GraphQL context of one authenticated HTTP request or graphql-ws operation.
   * Create per-request DataLoaders here. Unauthenticated operations never reach it: they fail
   * with UNAUTHENTICATED first.
   */
  contextFactory: (input: ContextInput) => Context | Promise<Context>;
  /**
   * Serve graphql-ws on the same port and path.
   * @defaultValue false
   */
  subscriptions?: boolean;
  /** Throws when a dependency (Postgres, Redis) does not answer: `/readyz` then says 503. */
  readiness?: () => Promise<void>;
  logger: Logger;
  /**
   * Largest accepted request body.
   * @defaultValue 1_048_576 (1 MiB): operations are small; anything bigger is abuse.
   */
  maxBodyBytes?: number;
  /**
   * How long `/readyz` waits for `readiness` before answering 503.
   * @defaultValue 2000
   */
  readinessTimeoutMs?: number;
  /**
   * graphql-ws keep-alive ping interval, which also detects dead peers.
   * @defaultValue 12_000
   */
  keepAliveMs?: number;
  /**
   * Subscription root fields whose per-event result is the same for every subscriber with the
   * same document and variables (authorization done at subscribe time, nothing below reads the
   * caller): each event is then executed once, not once per subscriber. See shared-execution.ts.
   * @defaultValue []
   */
  sharedSubscriptionFields?: readonly string[];
  /**
   * Fields that read the caller (`viewerCan…`): a subscription selecting any of them is executed
   * per subscriber even under a shared root field.
   * @defaultValue []
   */
  viewerFields?: readonly string[];
  /**
   * Depth, alias and cost limits: the gateway's (`@msp/edge`), applied again here so that a
   * request that reaches a subgraph some other way is bounded alike.
   * @defaultValue `SUBGRAPH_LIMITS` of `@msp/edge` (the gateway's, with room for the planner)
   */
  limits?: OperationLimits;
  /** Token and nesting limits checked before parsing. @defaultValue `DEFAULT_PARSE_LIMITS` */
  parseLimits?: ParseLimits;
  /**
   * The key the gateway signs its credential with (`GATEWAY_SUBGRAPH_KEY`). When set, every
   * GraphQL request (HTTP, graphql-ws) must carry a valid credential for this subgraph or is
   * refused before anything else is done (403 `GATEWAY_CREDENTIAL_REQUIRED`; a graphql-ws
   * connection is closed with 4403). Every subgraph process sets it; in-process tests that talk
   * to one subgraph directly may leave it unset.
   */
  gatewayKey?: string;
  /**
   * Largest answer sent: a bigger one is replaced by a `RESPONSE_TOO_LARGE` error (the cost limit
   * should refuse such an operation first; this is the backstop).
   * @defaultValue 8_388_608 (8 MiB)
   */
  maxResponseBytes?: number;
}

export interface SubgraphServer {
  /** `http://host:port/graphql` (the WebSocket URL is the same with `ws:`). */
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** Marks the context of a graphql-ws operation refused before execution (see `refusedOperation`). */
const REFUSED = Symbol('refused operation');
const refusalOf = (args: { contextValue?: unknown }) => {
  const error = (args.contextValue as { [REFUSED]?: GraphQLError } | undefined)?.[REFUSED];
  return error ? { errors: [error] } : null;
};

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return; // discard the rest, so the 413 can still be read by the client
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

const TOKEN_EXPIRED_MESSAGE = 'The bearer token has expired: reconnect with a fresh token.';

const isExpired = (actor: AuthenticatedActor) => actor.expiresAt !== null && actor.expiresAt.getTime() <= Date.now();

interface WsAuth {
  authorization: string | null;
  result: Result<AuthenticatedActor>;
}

/** What a graphql-ws connection keeps: its own token's check, and each operation's that brought one. */
type WsExtra = {
  auth: WsAuth;
  operations?: Map<string, WsAuth>;
};

export async function startSubgraphServer<Context extends BaseContext>(
  options: SubgraphServerOptions<Context>,
): Promise<SubgraphServer> {
  const { schema, authenticator, contextFactory } = options;
  const logger = options.logger.child({ subgraph: options.name });
  const path = options.path ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2000;

  const maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  const limits = { ...SUBGRAPH_LIMITS, ...options.limits };
  const parseLimits = { ...DEFAULT_PARSE_LIMITS, ...options.parseLimits };
  const limitsRule = operationLimitsRule(limits);

  const gatewayCheck = options.gatewayKey
    ? createCredentialVerifier({ key: options.gatewayKey, audience: options.name })
    : null;

  // Never the statement's parameters (user input, sealed secrets): `loggableError` drops them. An
  // unreachable database is an outage, not a bug: one warn line without the stack.
  const logInternal = (error: unknown) => {
    if (isDatabaseUnavailable(error)) {
      logger.warn({ cause: databaseErrorSummary(error) }, 'database unreachable: answered SERVICE_UNAVAILABLE');
      return;
    }
    logger.error({ err: loggableError(error) }, 'internal error in a GraphQL operation');
  };

  const httpServer = createServer();
  const apollo = new ApolloServer<Context>({
    schema,
    includeStacktraceInErrorResponses: false,
    // The same limits as the gateway's (`@msp/edge`): the document's text is checked in `handle`
    // before Apollo sees it; depth and aliases here; cost with the variables once the operation
    // is known.
    parseOptions: { maxTokens: parseLimits.maxTokens },
    validationRules: [limitsRule],
    // Only errors raised on purpose keep their message and code; the rest are masked (and logged).
    formatError: (formatted: GraphQLFormattedError, error: unknown) => {
      // Coercion errors print the whole input: never a secret field's value.
      if (isPublicError(error)) return redactError({ ...formatted });
      logInternal(error);
      return maskedError(formatted, error);
    },
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Subgraphs are reached through the gateway (which serves GraphiQL)...
      ApolloServerPluginLandingPageDisabled(),
      // ...and ours does not use Apollo's federated traces, which any caller could request with
      // a header and which would carry resolver timings and error details.
      ApolloServerPluginInlineTraceDisabled(),
      // Answers are per caller and never cached; the default cache-control plugin would wrap
      // every field resolver to collect hints nobody reads.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ document, operationName, request }) {
              const [refused] = [
                ...nulErrors(document, request.variables),
                ...costErrors(schema, document, operationName, request.variables, limits),
              ];
              if (refused) throw refused;
            },
          };
        },
      },
      requestMetricsPlugin(options.name),
    ],
  });
  await apollo.start();

  const httpContext = async (req: IncomingMessage): Promise<Context> => {
    const header = req.headers.authorization;
    const authorization = typeof header === 'string' && header.length > 0 ? header : null;
    const authenticated = await authenticator.authenticate(authorization);
    if (!authenticated.ok) throw unauthenticatedError(authenticated.error.message);
    return contextFactory({ actor: authenticated.value, authorization: authorization as string, transport: 'http' });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok', subgraph: options.name });
      return;
    }
    if (url.pathname === '/readyz') {
      try {
        if (options.readiness) await withTimeout(options.readiness(), readinessTimeoutMs);
        sendJson(res, 200, { status: 'ready', subgraph: options.name });
      } catch (error) {
        logger.warn({ err: error }, 'not ready');
        sendJson(res, 503, { status: 'unavailable', subgraph: options.name });
      }
      return;
    }
    if (url.pathname !== path) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    if (gatewayCheck) {
      const header = req.headers[GATEWAY_CREDENTIAL_HEADER];
      const check = await gatewayCheck.verify(typeof header === 'string' ? header : null);
      if (!check.ok) {
        logger.info({ remote: req.socket.remoteAddress }, 'request without a valid gateway credential refused');
        res.setHeader('connection', 'close');
        sendJson(res, 403, {
          errors: [{ message: check.message, extensions: { code: 'GATEWAY_CREDENTIAL_REQUIRED' } }],
        });
        return;
      }
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown;
    if (method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          res.setHeader('connection', 'close');
          sendJson(res, 413, { errors: [{ message: 'Request body too large.', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
        throw error;
      }
      if ((headers.get('content-type') ?? '').includes('json')) {
        try {
          body = raw.length > 0 ? JSON.parse(raw) : undefined;
        } catch {
          sendJson(res, 400, {
            errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
          });
          return;
        }
      } else {
        body = raw;
      }
    }
    const query = method === 'POST' ? (body as { query?: unknown } | undefined)?.query : url.searchParams.get('query');
    if (typeof query === 'string') {
      try {
        checkDocumentText(query, parseLimits);
      } catch (error) {
        if (!isGraphQLError(error)) throw error;
        // A syntax error is Apollo's to report; a limit is answered here, before any parsing.
        if (error.extensions.code) {
          sendJson(res, 400, { errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
          return;
        }
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => httpContext(req) });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (response.body.string.length > maxResponseBytes) {
        logger.warn({ bytes: response.body.string.length, maxResponseBytes }, 'answer too large: refused');
        res.removeHeader('content-length');
        sendJson(res, 200, {
          errors: [
            {
              message: `The answer is larger than ${maxResponseBytes} bytes: ask for smaller pages.`,
              extensions: { code: 'RESPONSE_TOO_LARGE' },
            },
          ],
        });
        return;
      }
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (serveMetrics(req, res)) return;
    observeRequest(options.name, req, res, () => handle(req, res)).catch((error: unknown) => {
      logger.error({ err: loggableError(error) }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: INTERNAL_ERROR_MESSAGE }] });
      else res.destroy();
    });
  });

  /**
   * A graphql-ws operation parsed under the parse limits and validated with the limits rule, or
   * its errors. graphql-ws skips its own parse and validation for what this returns.
   */
  const checkedOperation = (payload: {
    query: string;
    operationName?: string | null;
    variables?: Record<string, unknown> | null;
  }) => {
    let document: DocumentNode;
    try {
      document = limitedParse(payload.query, {}, parseLimits);
    } catch (error) {
      if (!isGraphQLError(error)) throw error;
      return [new GraphQLError(error.message, { extensions: { ...error.extensions, http: undefined } })];
    }
    const invalid = validate(schema, document, [...specifiedRules, limitsRule]);
    if (invalid.length > 0) return invalid.map((e) => new GraphQLError(e.message, { extensions: e.extensions }));
    const tooCostly = [
      ...nulErrors(document, payload.variables),
      ...costErrors(schema, document, payload.operationName, payload.variables, limits),
    ];
    if (tooCostly.length > 0) return tooCostly.map((e) => new GraphQLError(e.message, { extensions: e.extensions }));
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
    };
  };

  const sharedSubscribe = options.sharedSubscriptionFields?.length
    ? createSharedSubscribe(options.sharedSubscriptionFields, options.viewerFields)
    : null;
  /**
   * An operation answered with `error` instead of being executed (no context is built). It is
   * parsed (under the limits) but never validated: a caller refused here learns nothing of the
   * schema, no "Did you mean …?" and no introspection (HTTP authenticates before parsing too).
   */
  const refusedOperation = (
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    error: GraphQLError,
  ) => {
    let document: DocumentNode;
    try {
      document = limitedParse(payload.query, {}, parseLimits);
    } catch (parseError) {
      if (!isGraphQLError(parseError)) throw parseError;
      return [error];
    }
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: { [REFUSED]: error },
    };
  };

  let wsServer: WebSocketServer | null = null;
  let wsDisposable: { dispose(): void | Promise<void> } | null = null;
  if (options.subscriptions) {
    wsServer = new WebSocketServer({ server: httpServer, path, maxPayload: maxBodyBytes });
    // One event's messages to all of a socket's subscriptions leave in one write (coalesce.ts).
    wsServer.on('connection', (socket, request) => coalesceWrites(socket, request.socket));
    const format = (error: GraphQLError) => formatErrorForClient(error, logInternal);
    const subscriptions = subscriptionGauge(options.name);
    /** The operation's own token's check when it brought one, else the connection's. */
    const authOf = (extra: Partial<WsExtra>, id: string): WsAuth | undefined => extra.operations?.get(id) ?? extra.auth;
    wsDisposable = useServer<Record<string, unknown> | undefined, WsExtra>(
      {
        schema,
        // A refused operation (below) answers its one error as a result, then completes.
        execute: (args) => refusalOf(args) ?? execute(args),
        subscribe: (args) => {
          const refused = refusalOf(args);
          if (refused)
            return (async function* () {
              yield refused;
            })();
          return sharedSubscribe ? sharedSubscribe(args) : subscribe(args);
        },
        // The token is checked once per connection, and once per operation that brings its own
        // (the gateway's: one upstream socket carries many callers' operations, each with its
        // caller's token in `extensions.headers`). An UNAUTHENTICATED connection stays open so
        // that every operation on it gets an error the client can read (a 4403 close would only
        // show up as a close code, and graphql-ws clients retry those).
        onConnect: async (ctx) => {
          if (gatewayCheck) {
            const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
            const credential = params[GATEWAY_CREDENTIAL_PARAM] ?? params[GATEWAY_CREDENTIAL_HEADER];
            const check = await gatewayCheck.verify(typeof credential === 'string' ? credential : null);
            if (!check.ok) {
              logger.info('graphql-ws connection without a valid gateway credential refused');
              return false;
            }
          }
          const authorization = authorizationFromConnectionParams(ctx.connectionParams);
          ctx.extra.auth = { authorization, result: await authenticator.authenticate(authorization) };
          return true;
        },
        onSubscribe: async (ctx, id, payload) => {
          const own = authorizationFromExtensions(payload.extensions);
          if (own !== null) {
            ctx.extra.operations ??= new Map();
            ctx.extra.operations.set(id, { authorization: own, result: await authenticator.authenticate(own) });
          }
          const auth = authOf(ctx.extra, id);
          // An API client's operation on a socket opened earlier asks the client's row again:
          // revoked or rotated since, it is refused like a new request would be (an operation
          // that brought its own token was just checked).
          if (own === null && auth?.result.ok && auth.result.value.apiClientId) {
            const again = await authenticator.authenticate(auth.authorization);
            if (!again.ok) return refusedOperation(payload, unauthenticatedError(again.error.message));
          }
          // UNAUTHENTICATED as the operation's result (a `next` with the error, then `complete`),
          // not as a graphql-ws `error` message: the gateway relays a result's errors with their
          // code, while an `error` message reached its clients as INTERNAL_SERVER_ERROR.
          if (!auth?.result.ok) {
            return refusedOperation(
              payload,
              unauthenticatedError(auth && !auth.result.ok ? auth.result.error.message : undefined),
            );
          }
          if (isExpired(auth.result.value))
            return refusedOperation(payload, unauthenticatedError(TOKEN_EXPIRED_MESSAGE));
          return checkedOperation(payload);
        },
        // A subscription lives no longer than the token it was opened with: at the token's
        // expiry it yields UNAUTHENTICATED and completes (the client reconnects with a fresh one).
        onOperation: (ctx, id, _payload, _args, result) => {
          if (isAsyncIterable(result)) subscriptions.opened(ctx.extra, id);
          const auth = authOf(ctx.extra, id);
          const expiresAt = auth?.result.ok ? auth.result.value.expiresAt : null;
          if (!expiresAt || !isAsyncIterable(result)) return undefined;
          return endAt(result, expiresAt, () => ({ errors: [unauthenticatedError(TOKEN_EXPIRED_MESSAGE)] }));
        },
        onComplete: (ctx, id) => {
          ctx.extra.operations?.delete(id);
          subscriptions.closed(ctx.extra, id);
        },
        onClose: (ctx) => subscriptions.closedAll(ctx.extra),
        context: (ctx, id) => {
          const auth = authOf(ctx.extra, id) as WsAuth & { result: { ok: true; value: AuthenticatedActor } };
          return contextFactory({
            actor: auth.result.value,
            authorization: auth.authorization as string,
            transport: 'ws',
          });
        },
        onNext: (_ctx, _id, _payload, _args, result) =>
          result.errors ? { ...result, errors: result.errors.map(format) } : undefined,
        onError: (_ctx, _id, _payload, errors) => errors.map(format),
      },
      wsServer,
      options.keepAliveMs ?? 12_000,
    );
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${path}`;
  logger.info({ url, subscriptions: Boolean(options.subscriptions) }, 'subgraph listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    httpServer,
    close() {
      closing ??= (async () => {
        // Sockets first (graphql-ws completes their subscriptions), then drain HTTP.
        if (wsDisposable) await wsDisposable.dispose();
        await apollo.stop();
      })();
      return closing;
    },
  };
}
