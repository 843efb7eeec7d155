/**
 * The Graph endpoints the platform reads: organization, groups, Intune role definitions, and
 * the Settings Catalog policies (policies.ts). The bearer token decides the tenant; the tenant's
 * configuration decides throttling, injected failures, revocation and permissions.
 */
import { satisfiesPermission } from '../permissions';
import { groupAt, organizationFor, roleDefinitionAt } from './data';
import { readToken, type SimTokenClaims } from './entra';
import {
  type Exchange,
  forbiddenDirectory,
  forbiddenIntune,
  HttpProblem,
  methodNotAllowed,
  send,
  sendGraphError,
  throttleHeaders,
  withLatency,
} from './http';
import { DEFAULT_PAGE, pageWindow, sendPage } from './paging';
import { handlePolicies } from './policies';
import { handleServicePrincipals } from './service-principals';
import type { TenantRegistry } from './state';

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

export async function handleGraph(
  registry: TenantRegistry,
  ex: Exchange,
  version: 'v1.0' | 'beta',
  rest: string,
): Promise<void> {
  const claims = authorize(ex);
  if (!claims) return;
  ex.tenant = claims.sim_tenant;
  const tenant = registry.get(claims.sim_tenant);
  await withLatency(tenant);

  const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
  const method = ex.req.method ?? 'GET';
  const isPolicy = segments[0] === 'deviceManagement' && segments[1] === 'configurationPolicies';
  const isServicePrincipal = segments[0]?.startsWith('servicePrincipals') ?? false;
  const template =
    isPolicy && segments.length > 2
      ? `/${version}/deviceManagement/configurationPolicies/{id}`
      : isServicePrincipal
        ? `/${version}/servicePrincipals/{id}${segments.length > 2 ? `/${segments.slice(2).join('/')}` : ''}`
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

  if (handleServicePrincipals(ex, tenant, roles, claims.appid, version, segments)) return;

  throw new HttpProblem(400, 'BadRequest', `Resource not found for the segment '${segments[0] ?? ''}'.`);
}
