/**
 * Rate limits per principal, shared by every gateway replica through Redis (issue 16).
 *
 * - The principal is the verified bearer token's subject (a person, or an API client: whatever
 *   the authenticator yields as `identity.subject`), hashed into the key. A caller without a
 *   token, or whose token does not verify, is limited by the connection's address under the same
 *   policies: such a caller can do nothing but be refused by the subgraphs, introspect in
 *   development and ask `__typename`, and refusing them here would change those answers, while an
 *   address bucket bounds a flood of them (each bad token costs a signature check). Behind a load
 *   balancer every anonymous caller shares the balancer's address; signed-in callers are not
 *   affected by that.
 * - Three policies, each a fixed window counted in Redis by rate-limiter-flexible's
 *   `RateLimiterRedis` (one atomic Lua script per check: `SET NX EX` + `INCRBY` + `PTTL`):
 *   `requests` (every HTTP request to the GraphQL endpoint, and every graphql-ws operation, counts
 *   1, before anything is parsed, so invalid documents count too), `cost` (each executed
 *   operation's cost estimate, the one `@msp/edge` computes for `GATEWAY_MAX_COST`) and `starts`
 *   (each `start*` or `retryOperationRun` field of a mutation: every one admits a run that calls
 *   Microsoft Graph; `cancelOperationRun` frees work rather than making it and counts as a request
 *   only). Once a principal is over a policy, this replica refuses it from memory until the
 *   window ends, without asking Redis again.
 * - Beyond a limit: HTTP 429 with `Retry-After` (seconds) and one GraphQL error
 *   `RATE_LIMITED` (extensions: `policy`, `retryAfter`); over graphql-ws the same error as the
 *   operation's result.
 * - Every HTTP answer of the GraphQL endpoint carries the IETF draft's fields
 *   (draft-ietf-httpapi-ratelimit-headers, structured fields): `RateLimit-Policy` naming the
 *   three policies (`"requests";q=300;w=10, "cost";q=150000;w=10;qu="cost", "starts";q=60;w=60`)
 *   and `RateLimit` with what is left of the ones this request was charged to (`"requests";r=297;
 *   t=8, "cost";r=148003;t=8`). The older `RateLimit-Limit/-Remaining/-Reset` trio can describe
 *   one policy only; three would have to be folded into one misleading figure.
 * - Redis down or slow (not ready, or no answer within `redisTimeoutMs`): each check is made in
 *   the replica's own memory with the same policies (so one principal gets at most the limit per
 *   replica instead of per deployment), counted in `msp_rate_limit_store_errors_total`, with one
 *   warn line when it starts and one info line when Redis answers again. Neither failing open
 *   (no limit at all while Redis is away) nor refusing everyone.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Authenticator } from '@msp/auth';
import { rateLimitDecisions, rateLimitStoreErrors } from '@msp/telemetry';
import { type DocumentNode, GraphQLError, getOperationAST, Kind, type SelectionSetNode } from 'graphql';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { clientAddressResolver } from './client-address';

export const RATE_LIMITED = 'RATE_LIMITED';

export type RateLimitPolicyName = 'requests' | 'cost' | 'starts';

/** At most `limit` per window of `windowSeconds`. */
export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitOptions {
  /** The Redis every replica shares (`REDIS_URL`). */
  redisUrl: string;
  /**
   * GraphQL requests per principal.
   * @defaultValue 300 per 10 s
   */
  requests?: RateLimitPolicy;
  /**
   * Sum of the executed operations' cost estimates per principal.
   * @defaultValue 150,000 per 10 s
   */
  cost?: RateLimitPolicy;
  /**
   * Start fields (`start*`, `retryOperationRun`) per principal.
   * @defaultValue 60 per 60 s
   */
  starts?: RateLimitPolicy;
  /**
   * Prefix of the Redis keys (`<prefix>:<policy>:<principal>`).
   * @defaultValue 'msp:ratelimit'
   */
  keyPrefix?: string;
  /**
   * How long a check waits for Redis before it is made in memory instead.
   * @defaultValue 250
   */
  redisTimeoutMs?: number;
  /**
   * Load balancers (addresses, CIDR ranges) whose `X-Forwarded-For` names an anonymous caller's
   * address (client-address.ts).
   * @defaultValue none: the connection's address, the header ignored
   */
  trustedProxies?: readonly string[];
}

/** Defaults a person never meets; a burst of 1,000 requests in a few seconds is cut after 300. */
export const DEFAULT_RATE_LIMITS: Record<RateLimitPolicyName, RateLimitPolicy> = {
  requests: { limit: 300, windowSeconds: 10 },
  cost: { limit: 150_000, windowSeconds: 10 },
  starts: { limit: 60, windowSeconds: 60 },
};

const POLICIES: RateLimitPolicyName[] = ['requests', 'cost', 'starts'];

/** What one check found: allowed or not, what is left, and when the window ends. */
interface Charge {
  policy: RateLimitPolicyName;
  allowed: boolean;
  remaining: number;
  resetSeconds: number;
}

interface Principal {
  key: string;
  caller: 'signed-in' | 'anonymous';
}

/** A start admits a run: `start*` fields and `retryOperationRun`. */
export function isStartField(name: string): boolean {
  return /^start[A-Z]/.test(name) || name === 'retryOperationRun';
}

/**
 * How many start fields the operation executes: root fields of a mutation, through fragments,
 * one per response key (a field repeated under the same key executes once).
 */
export function countStarts(document: DocumentNode, operationName?: string | null): number {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation?.operation !== 'mutation') return 0;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const keys = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (isStartField(selection.name.value)) keys.add((selection.alias ?? selection.name).value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) {
          seen.add(name);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return keys.size;
}

function rateLimitedError(charge: Charge, policy: RateLimitPolicy): GraphQLError {
  const retryAfter = Math.max(1, charge.resetSeconds);
  const what = charge.policy === 'cost' ? 'query cost' : charge.policy;
  return new GraphQLError(
    `Rate limit reached: at most ${policy.limit} ${what} per ${policy.windowSeconds} s for one caller. Try again in ${retryAfter} s.`,
    {
      extensions: {
        code: RATE_LIMITED,
        policy: charge.policy,
        retryAfter,
        http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
      },
    },
  );
}

export interface RateLimiter {
  plugin: GatewayPlugin;
  /**
   * Settles once the first connection to Redis is made or has failed (its `connectTimeout`): the
   * gateway waits for it before listening, so that its first requests are counted in Redis.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The gateway's rate limits. `costOf` gives the cost the limits plugin measured for a request
 * context (its `contextValue`), so the estimate is made once.
 */
export function createRateLimiter(
  options: RateLimitOptions,
  deps: { authenticator: Authenticator; logger: Logger; costOf: (context: object) => number },
): RateLimiter {
  const { authenticator, logger, costOf } = deps;
  const policies: Record<RateLimitPolicyName, RateLimitPolicy> = {
    requests: options.requests ?? DEFAULT_RATE_LIMITS.requests,
    cost: options.cost ?? DEFAULT_RATE_LIMITS.cost,
    starts: options.starts ?? DEFAULT_RATE_LIMITS.starts,
  };
  const keyPrefix = options.keyPrefix ?? 'msp:ratelimit';
  // Not ready: fail the check at once (and make it in memory) rather than queue it until Redis
  // is back; a hung Redis answers within `commandTimeout` or not at all.
  const redis = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.redisTimeoutMs ?? 250,
    lazyConnect: true,
  });
  redis.on('error', (error: Error) => logger.debug({ error: error.message }, 'rate limits: Redis connection error'));
  const ready = redis.connect().catch((error: Error) => {
    logger.warn(
      { error: error.message },
      'rate limits: Redis unavailable at start; limiting in memory until it answers',
    );
  });

  const limiters = Object.fromEntries(
    POLICIES.map((name) => {
      const { limit, windowSeconds } = policies[name];
      const common = { keyPrefix: `${keyPrefix}:${name}`, points: limit, duration: windowSeconds };
      return [
        name,
        {
          // Over the limit, the rest of the window is refused from memory (no Redis call).
          store: new RateLimiterRedis({
            ...common,
            storeClient: redis,
            rejectIfRedisNotReady: true,
            inMemoryBlockOnConsumed: limit + 1,
          }),
          memory: new RateLimiterMemory(common),
        },
      ];
    }),
  ) as Record<RateLimitPolicyName, { store: RateLimiterRedis; memory: RateLimiterMemory }>;

  let degraded = false;
  const toCharge = (policy: RateLimitPolicyName, res: RateLimiterRes, allowed: boolean): Charge => ({
    policy,
    allowed,
    remaining: res.remainingPoints,
    resetSeconds: Math.ceil(res.msBeforeNext / 1000),
  });

  async function charge(policy: RateLimitPolicyName, principal: Principal, points: number): Promise<Charge> {
    const { store, memory } = limiters[policy];
    let result: Charge;
    try {
      result = toCharge(policy, await store.consume(principal.key, points), true);
      if (degraded) {
        degraded = false;
        logger.info('rate limits: Redis answers again; limits are shared by every replica');
      }
    } catch (error) {
      if (error instanceof RateLimiterRes) result = toCharge(policy, error, false);
      else {
        rateLimitStoreErrors.inc();
        if (!degraded) {
          degraded = true;
          logger.warn(
            { error: (error as Error).message },
            'rate limits: Redis unavailable; limiting in this replica’s memory until it answers',
          );
        }
        try {
          result = toCharge(policy, await memory.consume(principal.key, points), true);
        } catch (limited) {
          result = toCharge(policy, limited as RateLimiterRes, false);
        }
      }
    }
    rateLimitDecisions.inc({ policy, caller: principal.caller, outcome: result.allowed ? 'allowed' : 'limited' });
    return result;
  }

  async function principalOf(authorization: unknown, address: string | undefined): Promise<Principal> {
    if (typeof authorization === 'string' && authorization) {
      const verified = await authenticator.authenticate(authorization);
      if (verified.ok) {
        const digest = createHash('sha256').update(verified.identity.subject).digest('base64url').slice(0, 22);
        return { key: `sub:${digest}`, caller: 'signed-in' };
      }
    }
    return { key: `ip:${address ?? 'unknown'}`, caller: 'anonymous' };
  }

  const policyHeader = POLICIES.map((name) => {
    const { limit, windowSeconds } = policies[name];
    return `"${name}";q=${limit};w=${windowSeconds}${name === 'cost' ? ';qu="cost"' : ''}`;
  }).join(', ');
  const rateLimitHeader = (charges: Charge[]) =>
    charges.map((c) => `"${c.policy}";r=${c.remaining};t=${Math.max(0, c.resetSeconds)}`).join(', ');

  /** HTTP requests, by the runtime's `Request`: the principal and what each check found. */
  const requests = new WeakMap<Request, { principal: Principal; charges: Charge[] }>();

  const clientAddress = clientAddressResolver(options.trustedProxies);
  /** An anonymous caller's address: the HTTP request's, or the graphql-ws upgrade request's. */
  const addressOf = (serverContext: unknown): string | undefined => {
    const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
    const forwarded = req?.headers['x-forwarded-for'];
    return clientAddress(req?.socket?.remoteAddress, Array.isArray(forwarded) ? forwarded.join(',') : forwarded);
  };

  /** The cost and start checks of an operation about to execute (or subscribe). */
  async function admit(
    args: { contextValue: unknown; document: DocumentNode; operationName?: string | null },
    stop: (result: { errors: GraphQLError[] }) => void,
  ): Promise<void> {
    const context = args.contextValue as { request?: Request; authorization?: unknown; req?: IncomingMessage };
    let state = context.request ? requests.get(context.request) : undefined;
    if (!state) {
      // graphql-ws: each operation is a request of its own.
      const principal = await principalOf(context.authorization, addressOf(context));
      const counted = await charge('requests', principal, 1);
      if (!counted.allowed) {
        stop({ errors: [rateLimitedError(counted, policies.requests)] });
        return;
      }
      state = { principal, charges: [counted] };
    }
    const { principal } = state;
    const cost = costOf(args.contextValue as object);
    const starts = countStarts(args.document, args.operationName);
    const charges = await Promise.all([
      cost > 0 ? charge('cost', principal, cost) : null,
      starts > 0 ? charge('starts', principal, starts) : null,
    ]);
    for (const c of charges) if (c) state.charges.push(c);
    const refused = charges.find((c) => c && !c.allowed);
    if (refused) stop({ errors: [rateLimitedError(refused, policies[refused.policy])] });
  }

  const plugin: GatewayPlugin = {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      // A CORS preflight carries no credentials and runs nothing.
      if (request.method === 'OPTIONS') return;
      const principal = await principalOf(request.headers.get('authorization'), addressOf(serverContext));
      const counted = await charge('requests', principal, 1);
      requests.set(request, { principal, charges: [counted] });
      if (counted.allowed) return;
      const error = rateLimitedError(counted, policies.requests);
      const { http: _http, ...extensions } = error.extensions;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
          status: 429,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'Retry-After': String(extensions.retryAfter),
            'RateLimit-Policy': policyHeader,
            RateLimit: rateLimitHeader([counted]),
          },
        }),
      );
    },
    onExecute({ args, setResultAndStopExecution }) {
      return admit(args, setResultAndStopExecution);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      return admit(args, setResultAndStopExecution);
    },
    onResponse({ request, response }) {
      const state = requests.get(request);
      if (!state) return;
      response.headers.set('RateLimit-Policy', policyHeader);
      response.headers.set('RateLimit', rateLimitHeader(state.charges));
    },
  };

  return {
    plugin,
    ready,
    async close() {
      await ready;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
