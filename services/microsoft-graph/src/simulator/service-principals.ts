/**
 * Service principals and their app role assignments: where Entra keeps the application
 * permissions an admin granted to an app in a tenant. Two principals exist per tenant as far as
 * the platform asks: the client app's own (`servicePrincipals(appId='<client id>')`, whose
 * `appRoleAssignments` are the grants) and Microsoft Graph's (`appId` 00000003-…, whose
 * `appRoles` name each grant's `appRoleId`). The grants are the tenant's `permissions`.
 *
 * As in Entra, a grant removed through the control API (`DELETE …/permissions/{name}`) changes
 * the assignments at once, while tokens already issued keep their `roles` until they expire:
 * what is granted is read here, not from a token.
 */
import { MICROSOFT_GRAPH_APP_ID, satisfiesPermission } from '../permissions';
import { uuidFrom } from './data';
import { type Exchange, forbiddenDirectory, HttpProblem, methodNotAllowed, send } from './http';
import type { TenantState } from './state';

/**
 * The real ids of Microsoft Graph's app roles the platform meets (a role's id is the same in
 * every tenant); any other permission name gets a stable derived id.
 */
const GRAPH_APP_ROLE_IDS: Record<string, string> = {
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'Organization.Read.All': '498476ce-e0fe-48b0-b801-37ba7e2685c6',
  'Organization.ReadWrite.All': '292d869f-3427-49a8-9dab-8c70152b74e9',
  'DeviceManagementConfiguration.Read.All': 'dc377aa6-52d8-4e23-b271-2a7ae04cedf3',
  'DeviceManagementConfiguration.ReadWrite.All': '9241abd9-d0e6-425a-bd4f-47ba86e767a4',
  'DeviceManagementRBAC.Read.All': '58ca0d9a-1575-47e1-a3cb-007ef2e4583b',
  'DeviceManagementRBAC.ReadWrite.All': 'e330c4f0-4170-414e-a55a-2f022ec2b57b',
};

export function appRoleId(permission: string): string {
  return GRAPH_APP_ROLE_IDS[permission] ?? uuidFrom(`graph-app-role:${permission}`);
}

/** The id of an app's service principal in a tenant (also the `oid` of its tokens). */
export function servicePrincipalId(tenantKey: string, appId: string): string {
  return uuidFrom(`${tenantKey}:sp:${appId.toLowerCase()}`);
}

const servicePrincipalByAppId = /^servicePrincipals\(appId='([^']+)'\)$/;

/**
 * `GET /servicePrincipals(appId='…')`, `GET /servicePrincipals/{id}` and
 * `GET /servicePrincipals/{id}/appRoleAssignments`. Returns false when the path is not one of
 * them. Reading service principals needs Application.Read.All or Directory.Read.All, as in Graph.
 */
export function handleServicePrincipals(
  ex: Exchange,
  tenant: TenantState,
  roles: readonly string[],
  callerAppId: string,
  version: 'v1.0' | 'beta',
  segments: string[],
): boolean {
  const first = segments[0] ?? '';
  if (first !== 'servicePrincipals' && !servicePrincipalByAppId.test(first)) return false;
  const method = ex.req.method ?? 'GET';
  if (method !== 'GET') {
    methodNotAllowed(ex);
    return true;
  }
  if (!satisfiesPermission(roles, 'Application.Read.All')) {
    forbiddenDirectory(ex);
    return true;
  }
  const graphSp = servicePrincipalId(tenant.key, MICROSOFT_GRAPH_APP_ID);
  const clientSp = servicePrincipalId(tenant.key, callerAppId);
  let id: string | null = null;
  const byAppId = servicePrincipalByAppId.exec(first);
  if (byAppId?.[1] && segments.length === 1) {
    const appId = byAppId[1].toLowerCase();
    if (appId === MICROSOFT_GRAPH_APP_ID) id = graphSp;
    else if (appId === callerAppId.toLowerCase()) id = clientSp;
  } else if (first === 'servicePrincipals' && segments[1]) {
    const wanted = segments[1].toLowerCase();
    if (wanted === graphSp || wanted === clientSp) id = wanted;
  }
  if (id === null) {
    throw new HttpProblem(404, 'Request_ResourceNotFound', `Resource '${segments.join('/')}' does not exist.`);
  }
  const context = `${ex.origin}/${version}/$metadata`;
  const tail = first === 'servicePrincipals' ? segments.slice(2) : [];
  if (tail.length === 0) {
    send(ex, 200, {
      '@odata.context': `${context}#servicePrincipals/$entity`,
      ...servicePrincipal(tenant, id, graphSp, callerAppId),
    });
    return true;
  }
  if (tail.length === 1 && tail[0] === 'appRoleAssignments') {
    // Only the client app holds grants here; Graph's own principal is the resource.
    const value =
      id === clientSp
        ? tenant.config.permissions.map((permission) => ({
            id: uuidFrom(`${tenant.key}:assignment:${clientSp}:${permission}`),
            appRoleId: appRoleId(permission),
            principalId: clientSp,
            principalType: 'ServicePrincipal',
            principalDisplayName: 'MSP provider gate',
            resourceId: graphSp,
            resourceDisplayName: 'Microsoft Graph',
            createdDateTime: '2024-01-01T00:00:00Z',
            deletedDateTime: null,
          }))
        : [];
    send(ex, 200, { '@odata.context': `${context}#servicePrincipals('${id}')/appRoleAssignments`, value });
    return true;
  }
  throw new HttpProblem(400, 'BadRequest', `Resource not found for the segment '${tail[0] ?? ''}'.`);
}

function servicePrincipal(tenant: TenantState, id: string, graphSp: string, callerAppId: string) {
  if (id === graphSp) {
    // Every role the simulator knows, plus whatever the tenant grants, so each grant resolves.
    const names = new Set([...Object.keys(GRAPH_APP_ROLE_IDS), ...tenant.config.permissions]);
    return {
      id,
      appId: MICROSOFT_GRAPH_APP_ID,
      displayName: 'Microsoft Graph',
      servicePrincipalType: 'Application',
      appRoles: [...names].sort().map((value) => ({
        id: appRoleId(value),
        value,
        displayName: value,
        allowedMemberTypes: ['Application'],
        isEnabled: true,
        origin: 'Application',
      })),
    };
  }
  return {
    id,
    appId: callerAppId,
    displayName: 'MSP provider gate',
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appRoles: [],
  };
}
