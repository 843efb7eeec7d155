/**
 * Microsoft Graph application permissions (app roles) this package knows about, and which
 * granted roles satisfy which requirement. Shared by the adapter (the verification operation
 * compares granted roles with what each operation needs) and the simulator (which enforces
 * the same rules per endpoint), so both sides agree on one table.
 */

/** Microsoft Graph's application id (the resource of every Graph permission), in every tenant and cloud. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The application permissions the platform asks a tenant to grant. */
export const GRAPH_PERMISSIONS = [
  'DeviceManagementConfiguration.ReadWrite.All',
  'DeviceManagementRBAC.Read.All',
  'Group.Read.All',
  'Organization.Read.All',
  'Directory.Read.All',
] as const;

/**
 * For each permission, the granted roles that satisfy it: the permission itself and its
 * broader relatives (a ReadWrite role includes its Read role; Directory.Read.All covers group
 * and organization reads, as it does in Graph).
 */
const SATISFIED_BY: Record<string, readonly string[]> = {
  // Reading service principals and their app role assignments (the granted permissions).
  'Application.Read.All': [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  'Organization.Read.All': [
    'Organization.Read.All',
    'Organization.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  'Group.Read.All': ['Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Directory.Read.All': ['Directory.Read.All', 'Directory.ReadWrite.All'],
  'DeviceManagementRBAC.Read.All': ['DeviceManagementRBAC.Read.All', 'DeviceManagementRBAC.ReadWrite.All'],
  'DeviceManagementConfiguration.Read.All': [
    'DeviceManagementConfiguration.Read.All',
    'DeviceManagementConfiguration.ReadWrite.All',
  ],
};

/**
 * True when the granted roles satisfy `required`, directly or through a broader role.
 * Role names compare case-insensitively, as Entra treats them.
 */
export function satisfiesPermission(granted: readonly string[], required: string): boolean {
  const accepted = SATISFIED_BY[required] ?? [required];
  const have = new Set(granted.map((role) => role.toLowerCase()));
  return accepted.some((role) => have.has(role.toLowerCase()));
}

/** The entries of `required` that `granted` does not satisfy, in the order given. */
export function missingPermissions(granted: readonly string[], required: readonly string[]): string[] {
  return required.filter((permission) => !satisfiesPermission(granted, permission));
}
