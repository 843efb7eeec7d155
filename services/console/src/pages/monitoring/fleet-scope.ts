/**
 * Which runs Monitoring → Operations covers when no tenant is picked: every run of every tenant
 * the user is a member of. The API takes exactly one scope per list and stream (`tenantId`,
 * `workspaceId` or `tenantIds`), and the user's tenants can lie in several workspaces, some of
 * them without a workspace membership (a tenant-only member): only `myTenants` names them all.
 *
 * - One tenant picked: `tenantId`.
 * - Every tenant in one workspace the user belongs to: `workspaceId`. The API decides its tenants
 *   at each request (a tenant joined since is in the next read) and has no 1,000-tenant cap.
 * - Otherwise (several workspaces, tenant-only memberships): `tenantIds`, every tenant of
 *   `myTenants`. The API plans the read per workspace all the same (one seek through a
 *   workspace's index when it covers enough of its tenants), so this is not a slower list.
 *   Beyond the API's 1,000 tenants a list the first 1,000 by name are shown, and the page says so.
 */

/** The most tenants one `tenantIds` argument may name (the operations subgraph's MAX_SCOPE_TENANTS). */
export const MAX_SCOPE_TENANTS = 1000;

export interface ScopeTenant {
  id: string;
  workspace: { id: string };
}

/** The scope arguments of `operationRuns` / `operationRunUpdated` (exactly one is set). */
export interface RunScopeVariables {
  tenantId?: string;
  workspaceId?: string;
  tenantIds?: string[];
}

export type FleetScope =
  | { kind: 'none' }
  | { kind: 'tenant' | 'workspace' | 'tenants'; variables: RunScopeVariables; truncated: boolean };

/**
 * @param tenants  `myTenants`: every tenant the user is a member of, by name.
 * @param workspaceIds  the workspaces the user is a member of (`workspaces`).
 * @param picked  the tenant filter of the URL, if any.
 */
export function fleetScope(
  tenants: readonly ScopeTenant[],
  workspaceIds: readonly string[],
  picked: string | null,
): FleetScope {
  // A picked tenant is passed as it is: one the user is not a member of is the API's NOT_FOUND.
  if (picked) return { kind: 'tenant', variables: { tenantId: picked }, truncated: false };
  if (tenants.length === 0) return { kind: 'none' };
  const workspaces = new Set(tenants.map((t) => t.workspace.id));
  const [only] = workspaces;
  if (workspaces.size === 1 && only && workspaceIds.includes(only)) {
    return { kind: 'workspace', variables: { workspaceId: only }, truncated: false };
  }
  const ids = tenants.slice(0, MAX_SCOPE_TENANTS).map((t) => t.id);
  return { kind: 'tenants', variables: { tenantIds: ids }, truncated: tenants.length > MAX_SCOPE_TENANTS };
}
