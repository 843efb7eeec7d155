/**
 * The capability each control needs, by the registry's names (services/gate/src/capabilities.ts;
 * tests/guards/console.test.ts fails when these drift from it). Whether the viewer holds one comes
 * from the API (`Tenant.viewerCapabilities`); the console never looks at role names, and the
 * server refuses a forced request anyway.
 */
export const CAPABILITY = {
  start: {
    PROVIDER_VERIFICATION: 'provider.verify',
    PROVIDER_CONNECTION_HEALTH_CHECK: 'provider_connection.health_check',
    DIRECTORY_GROUPS_SYNC: 'directory.sync',
    ROLE_DEFINITIONS_SYNC: 'rbac.sync',
    POLICY_BACKUP: 'policy.backup',
    RESTORE_EXECUTION: 'restore.execute',
  },
  manageConnections: 'provider_connection.manage',
  prepareRestore: 'restore.prepare',
  /** Changing roles, removing members, inviting and the invitations (`/tenants/<id>/people`). */
  manageMembers: 'tenant.members.manage',
  /** A workspace capability: the API answers it as `Workspace.viewerCanOnboard`. */
  onboard: 'onboarding.manage',
  /**
   * A workspace capability: reading and managing the workspace's webhook endpoints (the API's
   * `Workspace.viewerCapabilities`).
   */
  manageWebhooks: 'workspace.webhooks.manage',
  /**
   * A workspace capability: listing, creating, rotating and revoking the workspace's API clients
   * (the API's `Workspace.viewerCapabilities`).
   */
  manageApiClients: 'workspace.api_clients.manage',
} as const;

/** Why a control is disabled: the capability it needs, named as the registry names it. */
export function missingCapabilityText(capability: string, scope: 'tenant' | 'workspace' = 'tenant'): string {
  return `You do not hold the ${capability} capability ${scope === 'tenant' ? 'on this tenant' : 'in this workspace'}.`;
}
