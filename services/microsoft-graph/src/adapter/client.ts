/**
 * The Microsoft Graph adapter: client-credentials tokens from Entra (cached), and the Graph
 * reads and writes the background operations need, over plain HTTP with global fetch.
 */
import { createHash, randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import { MICROSOFT_GRAPH_APP_ID } from '../permissions';
import {
  GRAPH_CLOUDS,
  type GraphCloud,
  type GraphEndpoints,
  type ResolvedGraphEndpoints,
  resolveEndpoints,
} from './clouds';
import { GraphError, reasonCodeForAadError, reasonCodeForGraphError } from './errors';
import {
  defaultSleep,
  type HttpRequest,
  type HttpResponse,
  type Sleep,
  send,
  type TransportSettings,
} from './transport';
import {
  type GrantedPermissions,
  type GraphConfigurationPolicy,
  type GraphConfigurationPolicyInput,
  type GraphGroup,
  type GraphOrganization,
  type GraphRoleDefinition,
  graphAppRoleAssignmentSchema,
  graphConfigurationPolicySchema,
  graphGroupSchema,
  graphOrganizationSchema,
  graphPageSchema,
  graphRoleDefinitionSchema,
  graphServicePrincipalSchema,
} from './types';

export interface GraphClientOptions {
  /**
   * National cloud. Ignored when `endpoints` is given.
   * @defaultValue `'global'`
   */
  cloud?: GraphCloud;
  /** Explicit endpoints (e.g. the Graph simulator); wins over `cloud`. */
  endpoints?: GraphEndpoints;
  /** @defaultValue `globalThis.fetch` */
  fetch?: typeof fetch;
  /** @defaultValue a silent pino logger */
  logger?: Logger;
  /**
   * Retries after the first attempt, per HTTP request (a page, a token request).
   * @defaultValue 3
   */
  maxRetries?: number;
  /**
   * Longest wait the adapter holds a worker for between attempts. A longer `Retry-After`
   * ends the call at once with `GraphError.retryAfterMs` set, for the job to reschedule.
   * @defaultValue 30_000
   */
  maxRetryAfterMs?: number;
  /**
   * First backoff step when the server sends no `Retry-After` (doubles per attempt, jittered).
   * @defaultValue 1_000
   */
  backoffBaseMs?: number;
  /**
   * Per-attempt timeout, including reading the body. Graph pages of 999 groups are a few
   * hundred kilobytes; 30 s leaves room for slow tenants without hanging a worker.
   * @defaultValue 30_000
   */
  timeoutMs?: number;
  /**
   * Renew a cached token this long before it expires (capped at half its lifetime), so a
   * token never expires between being read from the cache and reaching Graph.
   * @defaultValue 300_000 (Entra tokens live 60-90 minutes)
   */
  tokenRefreshSkewMs?: number;
  /**
   * Most cached tokens kept; the least recently stored is dropped first.
   * @defaultValue 10_000
   */
  maxCachedTokens?: number;
  /** Waits between retries; tests may replace it. @defaultValue a timer that honours abort */
  sleep?: Sleep;
  /** Clock for token expiry. @defaultValue `Date.now` */
  now?: () => number;
}

/** The credentials of one provider connection (an Entra app registration in a tenant). */
export interface GraphCredentials {
  /** The customer's Entra tenant id (GUID) or verified domain. */
  entraTenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface RequestOptions {
  /**
   * Cancels the call with reason `RUN_INTERRUPTED`: before each request and page, during waits
   * between retries, and a read already sent. A write already sent is let finish, so that
   * whether it happened is known; the signal stops what would follow it.
   */
  signal?: AbortSignal;
}

export interface TenantClientOptions {
  /**
   * Cancels every call of this client (combined with each call's own `signal`): a run's
   * cancellation reaches every request and page it makes without being passed to each call.
   */
  signal?: AbortSignal;
}

export interface ListGroupsOptions extends RequestOptions {
  /**
   * Page size requested with `$top` (1-999).
   * @defaultValue 999, the Graph maximum, for the fewest round trips
   */
  pageSize?: number;
}

export interface UpdateConfigurationPolicyOptions extends RequestOptions {
  /**
   * `replace` sends PUT with the full policy including settings (what a restore needs);
   * `merge` sends PATCH, which Intune applies to name, description and scope tags only.
   * @defaultValue `'replace'`
   */
  mode?: 'replace' | 'merge';
}

/**
 * An app-only access token. The raw token is readable through `value` but is hidden from
 * `JSON.stringify`, pino and `util.inspect`, so logging this object cannot leak it.
 */
export class GraphAccessToken {
  readonly #value: string;
  readonly expiresAt: Date;
  /** `tid` claim, when the token is a decodable JWT. */
  readonly tenantId: string | undefined;
  /** `appid` claim, when the token is a decodable JWT. */
  readonly appId: string | undefined;
  /** `roles` claim (granted application permissions); `null` when the token is not decodable. */
  readonly roles: string[] | null;

  constructor(value: string, expiresAt: Date) {
    this.#value = value;
    this.expiresAt = expiresAt;
    const claims = decodeJwtPayload(value);
    this.tenantId = typeof claims?.tid === 'string' ? claims.tid : undefined;
    this.appId = typeof claims?.appid === 'string' ? claims.appid : undefined;
    this.roles = claims === null ? null : Array.isArray(claims.roles) ? claims.roles.filter(isString) : [];
  }

  get value(): string {
    return this.#value;
  }

  toJSON(): Record<string, unknown> {
    return { expiresAt: this.expiresAt, tenantId: this.tenantId, appId: this.appId, roles: this.roles };
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Reads a JWT payload without verifying it. Graph access tokens are meant for Graph, which
 * verifies them; the client only reads its own claims (granted roles), as Microsoft allows
 * for diagnostics. Returns null for anything that is not a JWT with a JSON object payload.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Operations against one tenant with one provider connection's credentials. */
export interface GraphTenantClient {
  /** A valid app-only token (from the cache when one is fresh). */
  getToken(options?: RequestOptions): Promise<GraphAccessToken>;
  /** `GET /v1.0/organization`: the tenant itself. */
  getOrganization(options?: RequestOptions): Promise<GraphOrganization>;
  /**
   * The application permissions Entra grants the app in this tenant right now: the Microsoft
   * Graph app role assignments of the app's service principal (`GET /servicePrincipals(appId=…)`,
   * its `appRoleAssignments`, and Graph's own principal for the role names), which change the
   * moment an admin revokes a permission, whereas a cached token keeps its `roles` until it
   * expires. When the app may not read service principals (neither Application.Read.All nor
   * Directory.Read.All: Graph answers 403), the `roles` of a token requested for this call
   * (never the cache's) stand in. An app without a service principal in the tenant has no
   * consent: `PROVIDER_CONSENT_MISSING`.
   */
  readGrantedPermissions(options?: RequestOptions): Promise<GrantedPermissions>;
  /** `GET /v1.0/groups`, one array per page, following `@odata.nextLink` to the end. */
  listGroups(options?: ListGroupsOptions): AsyncGenerator<GraphGroup[], void, undefined>;
  /** `GET /v1.0/deviceManagement/roleDefinitions`, one array per page. */
  listRoleDefinitions(options?: RequestOptions): AsyncGenerator<GraphRoleDefinition[], void, undefined>;
  /** `GET /beta/deviceManagement/configurationPolicies` (without settings), one array per page. */
  listConfigurationPolicies(options?: RequestOptions): AsyncGenerator<GraphConfigurationPolicy[], void, undefined>;
  /** One policy with its settings (`$expand=settings`). */
  getConfigurationPolicy(id: string, options?: RequestOptions): Promise<GraphConfigurationPolicy>;
  /**
   * `POST .../configurationPolicies`; returns the created policy with its new id. Read-only
   * properties (id, timestamps, settingCount, OData annotations) are dropped from `input`.
   */
  createConfigurationPolicy(
    input: GraphConfigurationPolicyInput,
    options?: RequestOptions,
  ): Promise<GraphConfigurationPolicy>;
  /** `PUT` (replace, default) or `PATCH` (merge) `.../configurationPolicies/{id}`; read-only properties dropped. */
  updateConfigurationPolicy(
    id: string,
    input: Partial<GraphConfigurationPolicyInput>,
    options?: UpdateConfigurationPolicyOptions,
  ): Promise<void>;
}

export interface GraphClient {
  readonly endpoints: ResolvedGraphEndpoints;
  forTenant(credentials: GraphCredentials, options?: TenantClientOptions): GraphTenantClient;
  /** Forgets every cached token (e.g. after a connection's consent was revoked). */
  clearTokenCache(): void;
}

const tokenResponseSchema = z.object({
  token_type: z.string(),
  // v2 endpoints send a number; older ones a numeric string.
  expires_in: z.coerce.number().int().positive(),
  access_token: z.string().min(1),
});

const aadErrorSchema = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
  trace_id: z.string().optional(),
});

const graphErrorBodySchema = z.object({
  error: z.looseObject({
    code: z.string().optional(),
    message: z.string().optional(),
    innerError: z.looseObject({ 'request-id': z.string().optional() }).optional(),
  }),
});

interface CachedToken {
  secretHash: string;
  token: GraphAccessToken;
  refreshAt: number;
}

/** Server-managed policy properties: a backup has them, a write must not send them. */
const READ_ONLY_POLICY_KEYS = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'settingCount',
  'isAssigned',
  'creationSource',
]);

/** The writable part of a policy, so a restore can pass what a backup read. */
export function writablePolicyBody(input: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    // OData annotations (`@odata.context`, `settings@odata.context`) describe a response.
    if (READ_ONLY_POLICY_KEYS.has(key) || key.includes('@odata.')) continue;
    body[key] = value;
  }
  return body;
}

const MAX_MESSAGE_PART = 300;

/** First line of a provider message, shortened, with the secret removed should it appear. */
function providerText(text: string | undefined, secret: string): string {
  if (!text) return '';
  let line = text.split(/\r?\n/, 1)[0] ?? '';
  if (secret.length >= 4) line = line.split(secret).join('[REDACTED]');
  return line.length > MAX_MESSAGE_PART ? `${line.slice(0, MAX_MESSAGE_PART)}...` : line;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 22);
}

export function createGraphClient(options: GraphClientOptions = {}): GraphClient {
  const endpoints = resolveEndpoints(options.endpoints ?? GRAPH_CLOUDS[options.cloud ?? 'global']);
  const logger = options.logger ?? pino({ level: 'silent' });
  const settings: TransportSettings = {
    fetch: options.fetch ?? globalThis.fetch,
    logger,
    maxRetries: options.maxRetries ?? 3,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    backoffBaseMs: options.backoffBaseMs ?? 1_000,
    timeoutMs: options.timeoutMs ?? 30_000,
    sleep: options.sleep ?? defaultSleep,
  };
  const now = options.now ?? Date.now;
  const refreshSkewMs = options.tokenRefreshSkewMs ?? 300_000;
  const maxCachedTokens = options.maxCachedTokens ?? 10_000;
  const graphOrigin = new URL(endpoints.graphBaseUrl).origin;

  // Keyed by authority + scope + tenant + client; the secret hash is checked on read, so a
  // rotated secret replaces the entry instead of piling up next to it.
  const tokenCache = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<GraphAccessToken>>();

  function cacheKey(credentials: GraphCredentials): string {
    return [
      endpoints.loginBaseUrl,
      endpoints.tokenScope,
      credentials.entraTenantId.toLowerCase(),
      credentials.clientId.toLowerCase(),
    ].join('|');
  }

  function checkCredentials(credentials: GraphCredentials): void {
    if (!credentials.entraTenantId.trim()) {
      throw new GraphError('No Entra tenant id given', { reasonCode: 'INTERNAL_ERROR', httpStatus: null });
    }
    if (!credentials.clientId.trim() || !credentials.clientSecret) {
      throw new GraphError('The provider connection has no client id or client secret', {
        reasonCode: 'PROVIDER_CREDENTIALS_MISSING',
        httpStatus: null,
      });
    }
  }

  async function requestToken(credentials: GraphCredentials): Promise<GraphAccessToken> {
    const tenant = credentials.entraTenantId;
    const secret = credentials.clientSecret;
    const label = `Entra token request for tenant ${tenant}`;
    const request: HttpRequest = {
      method: 'POST',
      url: `${endpoints.loginBaseUrl}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        client_id: credentials.clientId,
        client_secret: secret,
        scope: endpoints.tokenScope,
        grant_type: 'client_credentials',
      }).toString(),
      // Asking for a token changes nothing: safe to resend.
      idempotent: true,
      label,
      kind: 'token',
    };
    const requestedAt = now();
    const response = await send(settings, request, (res, retryAfterMs) => {
      const parsed = aadErrorSchema.safeParse(res.json);
      const body = parsed.success ? parsed.data : {};
      const reasonCode = reasonCodeForAadError({ status: res.status, error: body.error, errorCodes: body.error_codes });
      const codes = body.error_codes?.map((code) => `AADSTS${code}`).join(', ');
      const detail = [body.error, codes].filter(Boolean).join(', ');
      const description = providerText(body.error_description, secret);
      const details: ConstructorParameters<typeof GraphError>[1] = { reasonCode, httpStatus: res.status };
      if (body.error_codes !== undefined) details.aadErrorCodes = body.error_codes;
      if (body.error !== undefined) details.oauthError = body.error;
      if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
      if (body.trace_id !== undefined) details.requestId = body.trace_id;
      return new GraphError(
        `${label} failed (HTTP ${res.status}${detail ? ` ${detail}` : ''})${description ? `: ${description}` : ''}`,
        details,
      );
    });
    const parsed = tokenResponseSchema.safeParse(response.json);
    if (!parsed.success) {
      throw new GraphError(`${label} returned an unexpected response`, {
        reasonCode: 'PROVIDER_UNAVAILABLE',
        httpStatus: response.status,
      });
    }
    logger.debug({ tenant, clientId: credentials.clientId, expiresIn: parsed.data.expires_in }, 'obtained Graph token');
    return new GraphAccessToken(parsed.data.access_token, new Date(requestedAt + parsed.data.expires_in * 1000));
  }

  async function getAccessToken(
    credentials: GraphCredentials,
    signal: AbortSignal | undefined,
    fresh = false,
  ): Promise<GraphAccessToken> {
    checkCredentials(credentials);
    const key = cacheKey(credentials);
    const secretHash = hashSecret(credentials.clientSecret);
    const cached = tokenCache.get(key);
    if (cached && !fresh && cached.secretHash === secretHash && now() < cached.refreshAt) return cached.token;

    // Concurrent callers for the same connection share one token request.
    const flightKey = `${key}|${secretHash}`;
    // The shared request ignores any one caller's signal (one caller giving up must not
    // fail the others); each caller still stops waiting when its own signal aborts.
    const shared = inflight.get(flightKey) ?? startTokenRequest(credentials, key, flightKey, secretHash);
    return abortable(shared, signal, `Entra token request for tenant ${credentials.entraTenantId}`);
  }

  function startTokenRequest(
    credentials: GraphCredentials,
    key: string,
    flightKey: string,
    secretHash: string,
  ): Promise<GraphAccessToken> {
    const promise = requestToken(credentials)
      .then((token) => {
        const lifetime = token.expiresAt.getTime() - now();
        const refreshAt = token.expiresAt.getTime() - Math.min(refreshSkewMs, lifetime / 2);
        tokenCache.delete(key);
        tokenCache.set(key, { secretHash, token, refreshAt });
        if (tokenCache.size > maxCachedTokens) {
          const oldest = tokenCache.keys().next().value;
          if (oldest !== undefined) tokenCache.delete(oldest);
        }
        return token;
      })
      .finally(() => inflight.delete(flightKey));
    inflight.set(flightKey, promise);
    return promise;
  }

  function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, label: string): Promise<T> {
    if (!signal) return promise;
    const interrupted = () =>
      new GraphError(`${label} was cancelled`, {
        reasonCode: 'RUN_INTERRUPTED',
        httpStatus: null,
        retryable: false,
        cause: signal.reason,
      });
    if (signal.aborted) return Promise.reject(interrupted());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(interrupted());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  function dropToken(credentials: GraphCredentials, token: GraphAccessToken): void {
    const key = cacheKey(credentials);
    if (tokenCache.get(key)?.token === token) tokenCache.delete(key);
  }

  function graphUrl(path: string): string {
    return `${endpoints.graphBaseUrl}${path}`;
  }

  async function graphRequest(
    credentials: GraphCredentials,
    method: HttpRequest['method'],
    url: string,
    init: { body?: unknown; idempotent: boolean; signal: AbortSignal | undefined },
  ): Promise<HttpResponse> {
    const parsedUrl = new URL(url);
    // Never send the bearer token anywhere but the configured Graph host, whatever a
    // nextLink says.
    if (parsedUrl.origin !== graphOrigin) {
      throw new GraphError(`Refusing to follow a Graph link to another host (${parsedUrl.origin})`, {
        reasonCode: 'INTERNAL_ERROR',
        httpStatus: null,
      });
    }
    const label = `Graph ${method} ${parsedUrl.pathname}`;
    const secret = credentials.clientSecret;
    // One fresh-token retry on 401: the cached token may have been revoked (consent
    // withdrawn, app changed) before its expiry.
    for (let tokenAttempt = 0; ; tokenAttempt++) {
      const token = await getAccessToken(credentials, init.signal);
      const headers: Record<string, string> = {
        authorization: `Bearer ${token.value}`,
        accept: 'application/json',
        'client-request-id': randomUUID(),
      };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const request: HttpRequest = {
        method,
        url,
        headers,
        idempotent: init.idempotent,
        signal: init.signal,
        // A write on the wire is let finish: its effect must be known (see RequestOptions).
        finishInFlight: method !== 'GET',
        label,
      };
      if (init.body !== undefined) request.body = JSON.stringify(init.body);
      try {
        return await send(settings, request, (res, retryAfterMs) => {
          const parsed = graphErrorBodySchema.safeParse(res.json);
          const error = parsed.success ? parsed.data.error : undefined;
          const details: ConstructorParameters<typeof GraphError>[1] = {
            reasonCode: reasonCodeForGraphError({ status: res.status, code: error?.code }),
            httpStatus: res.status,
          };
          if (error?.code !== undefined) details.graphCode = error.code;
          if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
          const requestId = res.headers.get('request-id') ?? error?.innerError?.['request-id'];
          if (requestId) details.requestId = requestId;
          const message = providerText(error?.message, secret);
          return new GraphError(
            `${label} failed (HTTP ${res.status}${error?.code ? ` ${error.code}` : ''})${message ? `: ${message}` : ''}`,
            details,
          );
        });
      } catch (error) {
        if (error instanceof GraphError && error.httpStatus === 401 && tokenAttempt === 0) {
          logger.info({ request: label }, 'Graph rejected the access token; renewing it once');
          dropToken(credentials, token);
          continue;
        }
        throw error;
      }
    }
  }

  function parseBody<T>(schema: z.ZodType<T>, response: HttpResponse, what: string): T {
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) {
      throw new GraphError(`Graph returned an unexpected ${what}: ${z.prettifyError(parsed.error).slice(0, 300)}`, {
        reasonCode: 'INTERNAL_ERROR',
        httpStatus: response.status,
      });
    }
    return parsed.data;
  }

  async function* pages<T>(
    credentials: GraphCredentials,
    firstUrl: string,
    itemSchema: z.ZodType<T>,
    what: string,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<T[], void, undefined> {
    const itemsSchema = z.array(itemSchema);
    const seen = new Set<string>();
    let url: string | undefined = firstUrl;
    while (url !== undefined) {
      if (seen.has(url)) {
        throw new GraphError(`Graph paging for ${what} returned a link it already returned`, {
          reasonCode: 'INTERNAL_ERROR',
          httpStatus: null,
        });
      }
      seen.add(url);
      const response = await graphRequest(credentials, 'GET', url, { idempotent: true, signal });
      const page = parseBody(graphPageSchema, response, `${what} page`);
      const items = itemsSchema.safeParse(page.value);
      if (!items.success) {
        throw new GraphError(`Graph returned unexpected ${what}: ${z.prettifyError(items.error).slice(0, 300)}`, {
          reasonCode: 'INTERNAL_ERROR',
          httpStatus: response.status,
        });
      }
      yield items.data;
      url = page['@odata.nextLink'];
    }
  }

  const policiesPath = '/beta/deviceManagement/configurationPolicies';

  function forTenant(credentials: GraphCredentials, tenantOptions: TenantClientOptions = {}): GraphTenantClient {
    const creds = { ...credentials };
    const clientSignal = tenantOptions.signal;
    /** The client's signal and the call's, whichever aborts first. */
    const signalOf = (opts: RequestOptions | undefined): AbortSignal | undefined =>
      clientSignal && opts?.signal ? AbortSignal.any([clientSignal, opts.signal]) : (clientSignal ?? opts?.signal);
    return {
      getToken: (opts) => getAccessToken(creds, signalOf(opts)),

      async getOrganization(opts) {
        const response = await graphRequest(creds, 'GET', graphUrl('/v1.0/organization'), {
          idempotent: true,
          signal: signalOf(opts),
        });
        const body = parseBody(z.object({ value: z.array(graphOrganizationSchema) }), response, 'organization');
        const organization = body.value[0];
        if (!organization) {
          throw new GraphError(`Graph returned no organization for tenant ${creds.entraTenantId}`, {
            reasonCode: 'TARGET_NOT_FOUND',
            httpStatus: response.status,
          });
        }
        return organization;
      },

      async readGrantedPermissions(opts) {
        const signal = signalOf(opts);
        const read = async <T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> => {
          const response = await graphRequest(creds, 'GET', graphUrl(path), { idempotent: true, signal });
          return parseBody(schema, response, what);
        };
        try {
          let app: z.infer<typeof graphServicePrincipalSchema>;
          try {
            app = await read(
              `/v1.0/servicePrincipals(appId='${encodeURIComponent(creds.clientId)}')?$select=id,appId`,
              graphServicePrincipalSchema,
              'service principal',
            );
          } catch (err) {
            if (err instanceof GraphError && err.httpStatus === 404) {
              throw new GraphError(
                `The app ${creds.clientId} has no service principal in tenant ${creds.entraTenantId}: admin consent is missing`,
                { reasonCode: 'PROVIDER_CONSENT_MISSING', httpStatus: 404, cause: err },
              );
            }
            throw err;
          }
          const graphPrincipal = await read(
            `/v1.0/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id,appRoles`,
            graphServicePrincipalSchema,
            'Microsoft Graph service principal',
          );
          const names = new Map(graphPrincipal.appRoles.map((role) => [role.id.toLowerCase(), role.value]));
          const granted = new Set<string>();
          for await (const page of pages(
            creds,
            graphUrl(`/v1.0/servicePrincipals/${encodeURIComponent(app.id)}/appRoleAssignments`),
            graphAppRoleAssignmentSchema,
            'app role assignments',
            signal,
          )) {
            for (const assignment of page) {
              if (assignment.resourceId.toLowerCase() !== graphPrincipal.id.toLowerCase()) continue;
              const name = names.get(assignment.appRoleId.toLowerCase());
              if (name) granted.add(name);
            }
          }
          return { permissions: [...granted].sort(), source: 'APP_ROLE_ASSIGNMENTS' };
        } catch (err) {
          if (!(err instanceof GraphError) || err.httpStatus !== 403) throw err;
          // The app may not read service principals: a token issued now carries today's grants.
          const token = await getAccessToken(creds, signal, true);
          if (token.roles === null) throw err;
          return { permissions: [...token.roles].sort(), source: 'ACCESS_TOKEN' };
        }
      },

      async *listGroups(opts) {
        const top = opts?.pageSize ?? 999;
        if (!Number.isInteger(top) || top < 1 || top > 999) {
          throw new GraphError(`Group page size must be 1-999, got ${top}`, {
            reasonCode: 'INTERNAL_ERROR',
            httpStatus: null,
          });
        }
        const select = 'id,displayName,description,mail,mailEnabled,securityEnabled,groupTypes';
        yield* pages(
          creds,
          graphUrl(`/v1.0/groups?$top=${top}&$select=${select}`),
          graphGroupSchema,
          'groups',
          signalOf(opts),
        );
      },

      listRoleDefinitions(opts) {
        return pages(
          creds,
          graphUrl('/v1.0/deviceManagement/roleDefinitions'),
          graphRoleDefinitionSchema,
          'role definitions',
          signalOf(opts),
        );
      },

      listConfigurationPolicies(opts) {
        return pages(
          creds,
          graphUrl(policiesPath),
          graphConfigurationPolicySchema,
          'configuration policies',
          signalOf(opts),
        );
      },

      async getConfigurationPolicy(id, opts) {
        const response = await graphRequest(
          creds,
          'GET',
          graphUrl(`${policiesPath}/${encodeURIComponent(id)}?$expand=settings`),
          { idempotent: true, signal: signalOf(opts) },
        );
        return parseBody(graphConfigurationPolicySchema, response, 'configuration policy');
      },

      async createConfigurationPolicy(input, opts) {
        // Not idempotent: a create is retried only on 429, which Graph guarantees it did not
        // process. A timeout surfaces as PROVIDER_UNAVAILABLE for the restore to reconcile.
        const response = await graphRequest(creds, 'POST', graphUrl(policiesPath), {
          body: writablePolicyBody(input),
          idempotent: false,
          signal: signalOf(opts),
        });
        return parseBody(graphConfigurationPolicySchema, response, 'created configuration policy');
      },

      async updateConfigurationPolicy(id, input, opts) {
        const method = (opts?.mode ?? 'replace') === 'replace' ? 'PUT' : 'PATCH';
        // Intune answers 204 or 200 with the policy; both mean done.
        await graphRequest(creds, method, graphUrl(`${policiesPath}/${encodeURIComponent(id)}`), {
          body: writablePolicyBody(input),
          idempotent: true,
          signal: signalOf(opts),
        });
      },
    };
  }

  return {
    endpoints,
    forTenant,
    clearTokenCache() {
      tokenCache.clear();
    },
  };
}
