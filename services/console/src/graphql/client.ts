import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient, type FormattedExecutionResult, type Client as WsClient } from 'graphql-ws';
import { Client, fetchExchange, makeOperation, mapExchange, type Operation, subscriptionExchange } from 'urql';
import type { Session } from '../auth/session';
import schema from '../gql/schema';
import { LiveStatus } from './live';

export interface Api {
  client: Client;
  live: LiveStatus;
  dispose(): void;
}

/** Value types without an id: the cache embeds them in their parent entity. */
const EMBEDDED_KEYS = Object.fromEntries(
  [
    'OperatorMessage',
    'RunProgress',
    'RunReason',
    'OperationRunUpdate',
    'OperationRunConnection',
    'OperationRunEdge',
    'PageInfo',
    'ScheduleConnection',
    'ScheduleEdge',
    'ScheduleProblem',
    'ScheduleFiringConnection',
    'ScheduleFiringEdge',
    'WebhookEndpointSecret',
    'WebhookDeliveryConnection',
    'WebhookDeliveryEdge',
    'WebhookDeliveryPageInfo',
    'WebhookDeliveryAttempt',
    'TenantMember',
  ].map((type) => [type, () => null]),
);

/**
 * The production build sends its queries and mutations as trusted documents: the document's id
 * (`__meta__.hash`, written by codegen with src/gql/persisted-documents.json, which the gateway
 * registers) in Apollo's `persistedQuery` extension, and no text (urql's fetch body leaves the
 * query out then). Subscriptions (graphql-ws) still send their text. Two steps, around the cache
 * exchange: it forwards a copy of the document (its `__typename` additions) without `__meta__`,
 * and a new request without `extensions`, but keeps the context. So the id is read from the
 * document before it (`withDocumentId`: into the context) and set as the extension after it
 * (`asPersisted`).
 */
export function withDocumentId(operation: Operation): Operation {
  if (operation.kind !== 'query' && operation.kind !== 'mutation') return operation;
  const hash = (operation.query as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') return operation;
  return makeOperation(operation.kind, operation, { ...operation.context, documentId: hash });
}

export function asPersisted(operation: Operation): Operation {
  const documentId = operation.context.documentId;
  if (typeof documentId !== 'string' || (operation.kind !== 'query' && operation.kind !== 'mutation')) {
    return operation;
  }
  return makeOperation(
    operation.kind,
    { ...operation, extensions: { ...operation.extensions, persistedQuery: { version: 1, sha256Hash: documentId } } },
    operation.context,
  );
}

const isUnauthenticated = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  Boolean(errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED'));

/** What graphql-ws hands a subscription when the socket closed with a code it does not retry. */
const isCloseEvent = (error: unknown): error is { code: number; reason?: string } =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';

/**
 * Back-off between attempts to re-open the live connection: 0.5 s doubling to 15 s, each wait
 * drawn between half and all of it so that many consoles do not come back in step.
 */
export const reconnectDelay = (attempt: number): number =>
  Math.min(500 * 2 ** attempt, 15_000) * (0.5 + Math.random() / 2);

/**
 * The one GraphQL client: queries and mutations over HTTP, subscriptions over graphql-ws, both
 * to the gateway and both with the session's current token. A normalized cache (graphcache)
 * keys runs and notifications by id, so a live event updates every list row and detail page that
 * shows that run. When the session renews its token the socket is closed and re-opened with the
 * fresh one; graphql-ws re-subscribes every active subscription on the new socket. A subscription
 * the API ends with UNAUTHENTICATED (its token expired first) is re-subscribed once the session
 * has a new token.
 *
 * graphql-ws retries a lost socket itself, except after a close code it deems fatal (1011
 * "internal error", 4500 and most other 1xxx/4xxx codes): it then ends every subscription with the
 * close event and connects no more. A gateway failing or restarting can close that way, so here
 * every subscription so ended is re-subscribed after a back-off (one wait shared by all of them,
 * growing until a connection is acknowledged), the indicator says "reconnecting" meanwhile, and the
 * connection that comes back counts as a reconnection (pages read their data again).
 */
export function createApi(graphqlUrl: string, session: Session): Api {
  const live = new LiveStatus();
  let socket: WebSocket | null = null;
  // A socket this client closed on purpose (a renewed token) comes back at once, not after a back-off.
  let renewing = false;
  // Set when graphql-ws gave up on a socket (a fatal close code) until a new one is acknowledged.
  let lostFatally = false;
  let fatalAttempts = 0;
  let fatalWait: Promise<void> | null = null;
  /** One back-off for every subscription that the same fatal close ended. */
  const afterFatalClose = (): Promise<void> => {
    lostFatally = true;
    live.set('reconnecting');
    if (!fatalWait) {
      const delay = reconnectDelay(fatalAttempts);
      fatalAttempts += 1;
      fatalWait = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => {
        fatalWait = null;
      });
    }
    return fatalWait;
  };
  const ws: WsClient = createWsClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    lazy: true,
    // Keep the socket a moment between pages instead of closing and re-opening it.
    lazyCloseTimeout: 3000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => {
      if (renewing) {
        renewing = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => setTimeout(resolve, reconnectDelay(retries)));
    },
    connectionParams: () => {
      const token = session.token();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
    on: {
      connecting: (reconnecting) => live.set(reconnecting || lostFatally ? 'reconnecting' : 'connecting'),
      opened: (s) => {
        socket = s as WebSocket;
      },
      connected: (_socket, _payload, wasRetry) => {
        const back = wasRetry || lostFatally;
        lostFatally = false;
        fatalAttempts = 0;
        if (back) live.reconnected();
        else live.set('live');
      },
      closed: () => {
        socket = null;
        // lazy: a close with nothing subscribed is the idle state, not a lost connection.
        live.set(live.get() === 'live' || live.get() === 'reconnecting' ? 'reconnecting' : 'idle');
      },
    },
  });

  let lastToken = session.token();
  const unsubscribeSession = session.subscribe(() => {
    const token = session.token();
    if (token === lastToken) return;
    lastToken = token;
    // 4205 is not fatal to graphql-ws: it reconnects (with the new token) and re-subscribes.
    if (socket && socket.readyState <= WebSocket.OPEN) {
      renewing = true;
      socket.close(4205, 'Token renewed');
    }
  });

  const nextToken = (since: string | null) =>
    new Promise<void>((resolve) => {
      const stop = session.subscribe(() => {
        if (session.token() && session.token() !== since) {
          stop();
          resolve();
        }
      });
    });

  const client = new Client({
    url: graphqlUrl,
    fetchOptions: (): RequestInit => {
      const token = session.token();
      return token ? { headers: { authorization: `Bearer ${token}` } } : {};
    },
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onOperation: (operation) => (import.meta.env.PROD ? withDocumentId(operation) : operation),
        onResult(result) {
          if (isUnauthenticated(result.error?.graphQLErrors) && result.operation.kind !== 'subscription') {
            session.refused();
          }
        },
      }),
      cacheExchange({
        schema,
        keys: EMBEDDED_KEYS,
        updates: {
          Mutation: {
            // A retry is a new run linked to this one: its list of retries is read again.
            retryOperationRun: (_result, args, cache) => {
              cache.invalidate({ __typename: 'OperationRun', id: args.id as string }, 'retries');
            },
            // A deleted connection leaves every list that showed it (a tenant's connections).
            deleteProviderConnection: (_result, args, cache) => {
              cache.invalidate({ __typename: 'ProviderConnection', id: args.id as string });
            },
            // A deleted webhook endpoint leaves the workspace's list.
            deleteWebhookEndpoint: (_result, args, cache) => {
              cache.invalidate({ __typename: 'WebhookEndpoint', id: args.id as string });
            },
            // Another default: every connection of the tenant changed its isDefault.
            setDefaultProviderConnection: (result, _args, cache) => {
              const tenant = (result.setDefaultProviderConnection as { tenant?: { id: string } } | null)?.tenant;
              if (tenant) cache.invalidate({ __typename: 'Tenant', id: tenant.id }, 'providerConnections');
            },
          },
        },
      }),
      mapExchange({ onOperation: asPersisted }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe(sink) {
            let dispose: (() => void) | null = null;
            let closed = false;
            const start = () => {
              const tokenAtStart = session.token();
              let restarting = false;
              dispose = ws.subscribe<unknown>(
                { query: request.query ?? '', variables: request.variables },
                {
                  next(result: FormattedExecutionResult<unknown>) {
                    if (isUnauthenticated(result.errors)) {
                      // The API ends the subscription at token expiry: wait for a fresh token.
                      restarting = true;
                      dispose?.();
                      session.refused();
                      void nextToken(tokenAtStart).then(() => {
                        if (!closed) start();
                      });
                      return;
                    }
                    sink.next(result as never);
                  },
                  error: (error) => {
                    if (closed || !isCloseEvent(error)) {
                      sink.error(error);
                      return;
                    }
                    // A close graphql-ws does not retry (see above): subscribe again after the back-off.
                    dispose = null;
                    void afterFatalClose().then(() => {
                      if (!closed) start();
                    });
                  },
                  complete: () => {
                    if (!restarting && !closed) sink.complete();
                  },
                },
              );
            };
            start();
            return {
              unsubscribe() {
                closed = true;
                dispose?.();
              },
            };
          },
        }),
      }),
    ],
  });

  return {
    client,
    live,
    dispose() {
      unsubscribeSession();
      void ws.dispose();
    },
  };
}
