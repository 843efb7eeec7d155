/**
 * The Graph simulator: the Entra token endpoint and the Graph endpoints the platform uses,
 * with the same paths, status codes, headers and error bodies, plus a control API under
 * `/_simulator` that tells a tenant to refuse consent, reject secrets, throttle, fail or be
 * slow. One server answers both hosts: point `loginBaseUrl` and `graphBaseUrl` at it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import { satisfiesPermission } from '../permissions';
import { groupAt, isGuid, organizationFor, roleDefinitionAt, tenantObjectId, uuidFrom } from './data';
import { type AadErrorResponse, aadError, aadThrottled, mintToken, readToken, type SimTokenClaims } from './entra';
import { TenantRegistry, type TenantState, tenantConfigPatchSchema } from './state';

export interface GraphSimulatorOptions {
  /**
   * Port to listen on; 0 picks a free one (tests).
   * @defaultValue 4010, the simulator's fixed development port
   */
  port?: number;
  /**
   * Interface to listen on.
   * @defaultValue all interfaces (IPv4 and IPv6), so `localhost` works whichever way it resolves
   */
  host?: string;
  /** @defaultValue a silent pino logger */
  logger?: Logger;
}

export interface GraphSimulator {
  /** Base URL for both `loginBaseUrl` and `graphBaseUrl`, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_PAGE = { groups: 100, roleDefinitions: 25, policies: 25 } as const;
const MAX_PAGE = 999;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Scheme and host as the client addressed us, for absolute nextLinks. */
  origin: string;
  requestId: string;
  clientRequestId: string;
  /** Tenant key, once known, for the request log. */
  tenant?: string;
}

function send(ex: Exchange, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const base: Record<string, string> = { 'request-id': ex.requestId, 'client-request-id': ex.clientRequestId };
  if (body === undefined) {
    ex.res.writeHead(status, { ...base, ...headers });
    ex.res.end();
    return;
  }
  const text = JSON.stringify(body);
  ex.res.writeHead(status, {
    ...base,
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  ex.res.end(text);
}

function graphErrorBody(ex: Exchange, code: string, message: string) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'request-id': ex.requestId,
        'client-request-id': ex.clientRequestId,
      },
    },
  };
}

function sendGraphError(ex: Exchange, status: number, code: string, message: string, headers?: Record<string, string>) {
  send(ex, status, graphErrorBody(ex, code, message), headers);
}

function sendAad(ex: Exchange, error: AadErrorResponse, headers: Record<string, string> = {}): void {
  // Entra answers with plain JSON and no Graph request-id headers.
  const text = JSON.stringify(error.body);
  ex.res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store, no-cache',
    'x-ms-request-id': String(error.body.trace_id ?? ex.requestId),
    ...headers,
  });
  ex.res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'RequestEntityTooLarge', 'Request body too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new HttpProblem(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}

// ---------------------------------------------------------------------------------------
// Paging

function encodeSkipToken(offset: number): string {
  return Buffer.from(`sim:${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number {
  const match = /^sim:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new HttpProblem(400, 'Request_BadRequest', `Invalid skip token '${token}'.`);
  return Number(match[1]);
}

function pageWindow(url: URL, defaultTop: number): { top: number; offset: number } {
  const rawTop = url.searchParams.get('$top');
  let top = defaultTop;
  if (rawTop !== null) {
    top = Number(rawTop);
    if (!/^\d+$/.test(rawTop) || top < 1 || top > MAX_PAGE) {
      throw new HttpProblem(
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${rawTop}'. Must be between 1 and ${MAX_PAGE} inclusive.`,
      );
    }
  }
  const skip = url.searchParams.get('$skiptoken');
  return { top, offset: skip === null ? 0 : decodeSkipToken(skip) };
}

/** nextLink keeps the query as given (with literal `$` names, as Graph writes them). */
function nextLink(ex: Exchange, offset: number): string {
  const parts: string[] = [];
  for (const [key, value] of ex.url.searchParams) {
    if (key !== '$skiptoken') parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return `${ex.origin}${ex.url.pathname}?${parts.join('&')}`;
}

function applySelect(item: Record<string, unknown>, url: URL): Record<string, unknown> {
  const select = url.searchParams.get('$select');
  if (!select) return item;
  const keys = select.split(',').map((key) => key.trim());
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (key in item) picked[key] = item[key];
  return picked;
}

function sendPage(
  ex: Exchange,
  context: string,
  total: number,
  window: { top: number; offset: number },
  itemAt: (index: number) => Record<string, unknown>,
): void {
  const end = Math.min(total, window.offset + window.top);
  const value: Record<string, unknown>[] = [];
  for (let i = window.offset; i < end; i++) value.push(applySelect(itemAt(i), ex.url));
  const body: Record<string, unknown> = { '@odata.context': `${ex.origin}${context}` };
  if (end < total) body['@odata.nextLink'] = nextLink(ex, end);
  body.value = value;
  send(ex, 200, body);
}

// ---------------------------------------------------------------------------------------
// Policies

const READ_ONLY_POLICY_KEYS = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'settingCount',
  'isAssigned',
  'creationSource',
  'settings',
]);

const policyWriteSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  platforms: z.string().min(1),
  technologies: z.string().min(1),
  roleScopeTagIds: z.array(z.string()).nullish(),
  settings: z.array(z.unknown()).optional(),
});

const policyPatchSchema = z.looseObject({
  name: z.string().min(1).optional(),
  description: z.string().nullish(),
  roleScopeTagIds: z.array(z.string()).nullish(),
});

function writableFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    // Read-only properties from a backup are ignored, as are OData annotations.
    if (!READ_ONLY_POLICY_KEYS.has(key) && !key.startsWith('@odata.') && !key.includes('@odata.')) out[key] = value;
  }
  return out;
}

function parseOr400<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(400, 'BadRequest', `Invalid request body: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const registry = new TenantRegistry();
  let port = options.port ?? 4010;

  async function withLatency(tenant: TenantState): Promise<void> {
    if (tenant.config.latencyMs > 0) await delay(tenant.config.latencyMs);
  }

  function throttleHeaders(tenant: TenantState): Record<string, string> {
    return { 'retry-after': String(tenant.config.retryAfterSeconds) };
  }

  // -- Entra token endpoint ---------------------------------------------------------------

  async function handleToken(ex: Exchange, tenantKey: string): Promise<void> {
    ex.tenant = tenantKey;
    const tenant = registry.get(tenantKey);
    await withLatency(tenant);
    tenant.counters.tokenRequests += 1;
    tenant.count('POST token');
    if (tenant.takeThrottle('token')) {
      tenant.counters.throttled += 1;
      sendAad(ex, aadThrottled(), throttleHeaders(tenant));
      return;
    }
    const contentType = ex.req.headers['content-type'] ?? '';
    const raw = await readBody(ex.req);
    const form = new URLSearchParams(contentType.includes('application/x-www-form-urlencoded') ? raw : '');
    const appId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const ctx = { appId, tenant: tenantKey, scope };

    if (!isGuid(tenantKey) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantKey)) {
      sendAad(ex, aadError(900023, ctx));
      return;
    }
    for (const parameter of ['grant_type', 'client_id', 'scope']) {
      if (!form.get(parameter)) {
        sendAad(ex, aadError(900144, { ...ctx, parameter }));
        return;
      }
    }
    if (form.get('grant_type') !== 'client_credentials') {
      sendAad(ex, aadError(70003, ctx));
      return;
    }
    if (!scope.endsWith('/.default')) {
      sendAad(ex, aadError(1002012, ctx));
      return;
    }
    const secret = form.get('client_secret');
    if (!secret) {
      sendAad(ex, aadError(7000218, ctx));
      return;
    }
    const { config } = tenant;
    if (config.aadError !== null) {
      sendAad(ex, aadError(config.aadError, ctx));
      return;
    }
    if (config.consent === 'missing') {
      sendAad(ex, aadError(65001, ctx));
      return;
    }
    if (!config.acceptSecret || (config.acceptedSecrets !== null && !config.acceptedSecrets.includes(secret))) {
      sendAad(ex, aadError(7000215, ctx));
      return;
    }

    const now = Math.floor(Date.now() / 1000);
    const tid = tenantObjectId(tenant.key);
    const servicePrincipal = uuidFrom(`${tenant.key}:sp:${appId.toLowerCase()}`);
    const claims: SimTokenClaims = {
      aud: scope.replace(/\/\.default$/, ''),
      iss: `https://sts.windows.net/${tid}/`,
      iat: now,
      nbf: now,
      exp: now + config.tokenLifetimeSeconds,
      appid: appId,
      idtyp: 'app',
      oid: servicePrincipal,
      sub: servicePrincipal,
      tid,
      ver: '1.0',
      sim_tenant: tenant.key,
      sim_seq: registry.nextSeq(),
    };
    // Entra omits the claim entirely when no app role is granted.
    if (config.permissions.length > 0) claims.roles = [...config.permissions];
    tenant.counters.tokensIssued += 1;
    const body = {
      token_type: 'Bearer',
      expires_in: config.tokenLifetimeSeconds,
      ext_expires_in: config.tokenLifetimeSeconds,
      access_token: mintToken(claims),
    };
    const text = JSON.stringify(body);
    ex.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache' });
    ex.res.end(text);
  }

  // -- Graph ------------------------------------------------------------------------------

  function authorize(ex: Exchange): SimTokenClaims | null {
    const header = ex.req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1]) {
      sendGraphError(ex, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
      return null;
    }
    const check = readToken(match[1].trim());
    if (!check.ok) {
      sendGraphError(ex, 401, 'InvalidAuthenticationToken', check.message);
      return null;
    }
    return check.claims;
  }

  function forbiddenDirectory(ex: Exchange): void {
    sendGraphError(ex, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }

  /** Intune words a missing app role its own way (code Forbidden, JSON-in-a-string message). */
  function forbiddenIntune(ex: Exchange, scopes: string[]): void {
    const message = JSON.stringify({
      _version: 3,
      Message: `Application is not authorized to perform this operation. Application must have one of the following scopes: ${scopes.join(', ')} - Operation ID (for customer support): ${randomUUID()} - Activity ID: ${ex.clientRequestId} - Url: ${ex.origin}${ex.url.pathname}`,
      CustomApiErrorPhrase: '',
      RetryAfter: null,
      ErrorSourceService: '',
      HttpHeaders: '{}',
    });
    sendGraphError(ex, 403, 'Forbidden', message);
  }

  function methodNotAllowed(ex: Exchange): void {
    sendGraphError(ex, 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  }

  async function handleGraph(ex: Exchange, version: 'v1.0' | 'beta', rest: string): Promise<void> {
    const claims = authorize(ex);
    if (!claims) return;
    ex.tenant = claims.sim_tenant;
    const tenant = registry.get(claims.sim_tenant);
    await withLatency(tenant);

    const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
    const method = ex.req.method ?? 'GET';
    const isPolicy = segments[0] === 'deviceManagement' && segments[1] === 'configurationPolicies';
    const template =
      isPolicy && segments.length > 2
        ? `/${version}/deviceManagement/configurationPolicies/{id}`
        : `/${version}${rest}`;
    tenant.counters.graphRequests += 1;
    tenant.count(`${method} ${template}`);

    if (tenant.takeThrottle('graph')) {
      tenant.counters.throttled += 1;
      sendGraphError(
        ex,
        429,
        'TooManyRequests',
        'Too many requests are being sent to the service. Retry after the time given in the Retry-After header.',
        throttleHeaders(tenant),
      );
      return;
    }
    if (tenant.takeFailure()) {
      tenant.counters.injectedFailures += 1;
      const status = tenant.config.failStatus;
      const code = { 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' }[
        status
      ];
      sendGraphError(
        ex,
        status,
        code,
        'The service is temporarily unavailable (simulated).',
        status === 503 ? throttleHeaders(tenant) : {},
      );
      return;
    }
    if (claims.exp * 1000 <= Date.now()) {
      sendGraphError(ex, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
      return;
    }
    if (claims.sim_seq <= tenant.authSeq) {
      sendGraphError(
        ex,
        401,
        'InvalidAuthenticationToken',
        "Access token has been revoked: the tenant changed the application's authorization.",
      );
      return;
    }
    const roles = claims.roles ?? [];

    if (segments.length === 1 && segments[0] === 'organization') {
      if (method !== 'GET') return methodNotAllowed(ex);
      if (!satisfiesPermission(roles, 'Organization.Read.All')) return forbiddenDirectory(ex);
      send(ex, 200, {
        '@odata.context': `${ex.origin}/${version}/$metadata#organization`,
        value: [organizationFor(tenant.key, tenant.config.displayName)],
      });
      return;
    }

    if (segments.length === 1 && segments[0] === 'groups') {
      if (method !== 'GET') return methodNotAllowed(ex);
      if (!satisfiesPermission(roles, 'Group.Read.All')) return forbiddenDirectory(ex);
      sendPage(ex, `/${version}/$metadata#groups`, tenant.config.groups, pageWindow(ex.url, DEFAULT_PAGE.groups), (i) =>
        groupAt(tenant.key, i),
      );
      return;
    }

    if (segments.length === 2 && segments[0] === 'deviceManagement' && segments[1] === 'roleDefinitions') {
      if (method !== 'GET') return methodNotAllowed(ex);
      if (!satisfiesPermission(roles, 'DeviceManagementRBAC.Read.All')) {
        return forbiddenIntune(ex, ['DeviceManagementRBAC.Read.All', 'DeviceManagementRBAC.ReadWrite.All']);
      }
      sendPage(
        ex,
        `/${version}/$metadata#deviceManagement/roleDefinitions`,
        tenant.config.roleDefinitions,
        pageWindow(ex.url, DEFAULT_PAGE.roleDefinitions),
        (i) => roleDefinitionAt(tenant.key, i),
      );
      return;
    }

    if (isPolicy && segments.length <= 3) {
      // Settings Catalog policies exist only on beta; v1.0 answers like Graph does.
      if (version !== 'beta') {
        throw new HttpProblem(400, 'BadRequest', "Resource not found for the segment 'configurationPolicies'.");
      }
      await handlePolicies(ex, tenant, roles, method, segments[2]);
      return;
    }

    throw new HttpProblem(400, 'BadRequest', `Resource not found for the segment '${segments[0] ?? ''}'.`);
  }

  async function handlePolicies(
    ex: Exchange,
    tenant: TenantState,
    roles: string[],
    method: string,
    id: string | undefined,
  ): Promise<void> {
    const write = method !== 'GET';
    const readScopes = ['DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All'];
    if (
      write
        ? !satisfiesPermission(roles, 'DeviceManagementConfiguration.ReadWrite.All')
        : !satisfiesPermission(roles, 'DeviceManagementConfiguration.Read.All')
    ) {
      return forbiddenIntune(ex, write ? ['DeviceManagementConfiguration.ReadWrite.All'] : readScopes);
    }
    const store = tenant.policies;
    const context = `${ex.origin}/beta/$metadata#deviceManagement/configurationPolicies`;

    if (id === undefined) {
      if (method === 'GET') {
        const all = [...store.values()];
        sendPage(
          ex,
          '/beta/$metadata#deviceManagement/configurationPolicies',
          all.length,
          pageWindow(ex.url, DEFAULT_PAGE.policies),
          (i) => {
            const entry = all[i];
            return entry ? { ...entry.policy } : {};
          },
        );
        return;
      }
      if (method === 'POST') {
        const input = parseOr400(policyWriteSchema, await readJson(ex.req));
        const now = new Date().toISOString();
        const settings = input.settings ?? [];
        const policy = {
          ...writableFields(input),
          id: randomUUID(),
          description: input.description ?? '',
          roleScopeTagIds: input.roleScopeTagIds ?? ['0'],
          createdDateTime: now,
          lastModifiedDateTime: now,
          settingCount: settings.length,
          creationSource: null,
          isAssigned: false,
        };
        store.set(policy.id, { policy, settings });
        send(
          ex,
          201,
          { '@odata.context': `${context}/$entity`, ...policy },
          {
            location: `${ex.origin}/beta/deviceManagement/configurationPolicies('${policy.id}')`,
          },
        );
        return;
      }
      return methodNotAllowed(ex);
    }

    const stored = store.get(id);
    if (!stored) {
      sendGraphError(ex, 404, 'NotFound', `No configurationPolicy with id '${id}' was found.`);
      return;
    }
    switch (method) {
      case 'GET': {
        const body: Record<string, unknown> = { '@odata.context': `${context}/$entity`, ...stored.policy };
        if ((ex.url.searchParams.get('$expand') ?? '').split(',').includes('settings')) {
          body['settings@odata.context'] = `${context}('${id}')/settings`;
          body.settings = stored.settings;
        }
        send(ex, 200, body);
        return;
      }
      case 'PUT': {
        // Replace: what a restore of a Settings Catalog policy sends.
        const input = parseOr400(policyWriteSchema, await readJson(ex.req));
        const settings = input.settings ?? [];
        stored.policy = {
          ...writableFields(input),
          id,
          description: input.description ?? '',
          roleScopeTagIds: input.roleScopeTagIds ?? ['0'],
          createdDateTime: stored.policy.createdDateTime,
          lastModifiedDateTime: new Date().toISOString(),
          settingCount: settings.length,
          creationSource: stored.policy.creationSource ?? null,
          isAssigned: stored.policy.isAssigned ?? false,
        };
        stored.settings = settings;
        send(ex, 204);
        return;
      }
      case 'PATCH': {
        // Merge: Intune applies top-level properties only; settings need PUT.
        const input = parseOr400(policyPatchSchema, (await readJson(ex.req)) ?? {});
        const patch = writableFields(input);
        for (const key of ['platforms', 'technologies']) delete patch[key];
        if (patch.roleScopeTagIds === null) delete patch.roleScopeTagIds;
        stored.policy = { ...stored.policy, ...patch, id, lastModifiedDateTime: new Date().toISOString() };
        send(ex, 200, { '@odata.context': `${context}/$entity`, ...stored.policy });
        return;
      }
      case 'DELETE':
        store.delete(id);
        send(ex, 204);
        return;
      default:
        methodNotAllowed(ex);
    }
  }

  // -- Control API ------------------------------------------------------------------------

  async function handleControl(ex: Exchange, segments: string[]): Promise<void> {
    const method = ex.req.method ?? 'GET';
    if (segments[0] !== 'tenants' || segments.length > 2) {
      send(ex, 404, { error: 'not_found', message: 'Control API: /_simulator/tenants[/{entraTenantId}]' });
      return;
    }
    const id = segments[1];
    if (id === undefined) {
      if (method === 'GET') return send(ex, 200, { value: registry.list().map((t) => t.snapshot()) });
      if (method === 'DELETE') {
        registry.resetAll();
        return send(ex, 204);
      }
      return send(ex, 405, { error: 'method_not_allowed' });
    }
    ex.tenant = id;
    switch (method) {
      case 'GET':
        return send(ex, 200, registry.get(id).snapshot());
      case 'PUT': {
        let body: unknown;
        try {
          body = await readJson(ex.req);
        } catch {
          return send(ex, 400, { error: 'invalid_json' });
        }
        const parsed = tenantConfigPatchSchema.safeParse(body ?? {});
        if (!parsed.success) {
          return send(ex, 400, { error: 'invalid_config', message: z.prettifyError(parsed.error) });
        }
        return send(ex, 200, registry.update(id, parsed.data).snapshot());
      }
      case 'DELETE':
        registry.reset(id);
        return send(ex, 204);
      default:
        return send(ex, 405, { error: 'method_not_allowed' });
    }
  }

  // -- Dispatch ---------------------------------------------------------------------------

  async function dispatch(ex: Exchange): Promise<void> {
    const path = ex.url.pathname;
    const method = ex.req.method ?? 'GET';
    if (path === '/healthz' || path === '/readyz') {
      if (method !== 'GET' && method !== 'HEAD') return send(ex, 405, { error: 'method_not_allowed' });
      return send(ex, 200, { status: 'ok' });
    }
    if (path.startsWith('/_simulator/')) {
      return handleControl(ex, path.slice('/_simulator/'.length).split('/').filter(Boolean).map(decodeURIComponent));
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (token?.[1]) {
      if (method !== 'POST') return send(ex, 405, { error: 'invalid_request', error_description: 'Use POST.' });
      return handleToken(ex, decodeURIComponent(token[1]));
    }
    const graph = /^\/(v1\.0|beta)(\/.*)?$/.exec(path);
    if (graph) {
      return handleGraph(ex, graph[1] === 'beta' ? 'beta' : 'v1.0', graph[2] ?? '/');
    }
    sendGraphError(ex, 404, 'NotFound', `No route for ${method} ${path}.`);
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const host = req.headers.host ?? `127.0.0.1:${port}`;
    const clientRequestId = req.headers['client-request-id'];
    const ex: Exchange = {
      req,
      res,
      url: new URL(req.url ?? '/', `http://${host}`),
      origin: `http://${host}`,
      requestId: randomUUID(),
      clientRequestId: typeof clientRequestId === 'string' ? clientRequestId : randomUUID(),
    };
    res.on('finish', () => {
      // Path only: never the Authorization header or a body (client secrets).
      logger.debug(
        {
          method: req.method,
          path: ex.url.pathname,
          status: res.statusCode,
          tenant: ex.tenant,
          ms: Math.round(performance.now() - started),
        },
        'graph simulator request',
      );
    });
    dispatch(ex).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpProblem) {
        sendGraphError(ex, error.status, error.code, error.message);
        return;
      }
      logger.error({ err: error, path: ex.url.pathname }, 'graph simulator failed');
      sendGraphError(ex, 500, 'InternalServerError', 'Simulator error.');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host =
    options.host === undefined || options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, 'graph simulator listening');

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
