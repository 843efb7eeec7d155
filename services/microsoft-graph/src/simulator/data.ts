/**
 * Deterministic simulated directory and Intune content. Everything is a pure function of the
 * tenant key and an index, so any page can be produced on demand (20,000 groups cost nothing
 * until asked for, and only the page asked for is built) and repeated runs see the same ids.
 */
import { createHash } from 'node:crypto';

/** A UUID-shaped id (version 5 layout) from a seed string. */
export function uuidFrom(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** The tenant's object id: the key itself when it is a GUID, else derived from the domain. */
export function tenantObjectId(tenantKey: string): string {
  return isGuid(tenantKey) ? tenantKey.toLowerCase() : uuidFrom(`tenant:${tenantKey}`);
}

/** The tenant's initial `.onmicrosoft.com` domain (or the domain it was addressed by). */
export function tenantDomain(tenantKey: string): string {
  if (!isGuid(tenantKey) && tenantKey.includes('.')) return tenantKey;
  const short = createHash('sha1').update(tenantKey).digest('hex').slice(0, 8);
  return `sim${short}.onmicrosoft.com`;
}

/** A fixed epoch keeps generated timestamps stable across runs. */
const EPOCH = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

function pad(n: number): string {
  return String(n).padStart(5, '0');
}

export function organizationFor(tenantKey: string, displayName: string | null) {
  const domain = tenantDomain(tenantKey);
  return {
    id: tenantObjectId(tenantKey),
    displayName: displayName ?? `Simulated tenant ${domain.split('.')[0]}`,
    tenantType: 'AAD',
    countryLetterCode: 'US',
    createdDateTime: new Date(EPOCH).toISOString().replace('.000Z', 'Z'),
    verifiedDomains: [
      {
        capabilities: 'Email, OfficeCommunicationsOnline',
        isDefault: true,
        isInitial: true,
        name: domain,
        type: 'Managed',
      },
    ],
  };
}

/** Group `index` (0-based): every third one is a Microsoft 365 group, the rest security groups. */
export function groupAt(tenantKey: string, index: number) {
  const n = pad(index + 1);
  const unified = index % 3 === 0;
  return {
    id: uuidFrom(`${tenantKey}:group:${index}`),
    displayName: unified ? `Team ${n}` : `Security group ${n}`,
    description: unified ? `Microsoft 365 group ${n}` : `Security group ${n} for device targeting`,
    mail: unified ? `team${n}@${tenantDomain(tenantKey)}` : null,
    mailEnabled: unified,
    securityEnabled: !unified,
    groupTypes: unified ? ['Unified'] : [],
    createdDateTime: new Date(EPOCH + index * 60_000).toISOString(),
  };
}

/** Intune's built-in roles first, then custom ones. */
const BUILT_IN_ROLES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  [
    'Policy and Profile manager',
    'Policy and Profile Manager role',
    ['Microsoft.Intune_DeviceConfigurations_Read', 'Microsoft.Intune_DeviceConfigurations_Update'],
  ],
  [
    'School Administrator',
    'School Administrators can manage apps and settings for their groups.',
    ['Microsoft.Intune_MobileApps_Read'],
  ],
  [
    'Help Desk Operator',
    'Help Desk Operators perform remote tasks on users and devices.',
    ['Microsoft.Intune_ManagedDevices_Read', 'Microsoft.Intune_RemoteTasks_Reboot'],
  ],
  [
    'Read Only Operator',
    'Read Only Operators can view user, device, enrollment and app information.',
    ['Microsoft.Intune_Organization_Read', 'Microsoft.Intune_ManagedDevices_Read'],
  ],
  [
    'Application Manager',
    'Application Managers manage mobile and managed applications.',
    ['Microsoft.Intune_MobileApps_Read', 'Microsoft.Intune_MobileApps_Assign'],
  ],
  [
    'Intune Role Administrator',
    'Manages custom Intune roles and adds assignments for built-in roles.',
    ['Microsoft.Intune_Roles_Read', 'Microsoft.Intune_Roles_Update'],
  ],
  [
    'Endpoint Security Manager',
    'Manages security and compliance features.',
    ['Microsoft.Intune_SecurityBaselines_Read', 'Microsoft.Intune_SecurityTasks_Read'],
  ],
  [
    'Organizational Messages Manager',
    'Manages organizational messages.',
    ['Microsoft.Intune_OrganizationalMessages_Read'],
  ],
];

export function roleDefinitionAt(tenantKey: string, index: number) {
  const builtIn = BUILT_IN_ROLES[index];
  const [displayName, description, actions] = builtIn ?? [
    `Custom role ${pad(index + 1)}`,
    `Custom Intune role ${index + 1}`,
    ['Microsoft.Intune_Organization_Read'],
  ];
  return {
    '@odata.type': '#microsoft.graph.deviceAndAppManagementRoleDefinition',
    id: builtIn ? uuidFrom(`builtin-role:${index}`) : uuidFrom(`${tenantKey}:role:${index}`),
    displayName,
    description,
    isBuiltIn: builtIn !== undefined,
    roleScopeTagIds: ['0'],
    rolePermissions: [{ resourceActions: [{ allowedResourceActions: [...actions], notAllowedResourceActions: [] }] }],
  };
}

export interface StoredPolicy {
  policy: Record<string, unknown> & { id: string };
  settings: unknown[];
}

const POLICY_PLATFORMS = ['windows10', 'macOS', 'iOS', 'android'] as const;

function settingAt(policyIndex: number, settingIndex: number) {
  const definition = `device_vendor_msft_policy_config_sim_policy${policyIndex}_setting${settingIndex}`;
  return {
    id: String(settingIndex),
    settingInstance: {
      '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance',
      settingDefinitionId: definition,
      settingInstanceTemplateReference: null,
      choiceSettingValue: {
        settingValueTemplateReference: null,
        value: `${definition}_1`,
        children: [],
      },
    },
  };
}

export function policyAt(tenantKey: string, index: number): StoredPolicy {
  const settings = Array.from({ length: (index % 4) + 1 }, (_, i) => settingAt(index, i));
  const created = new Date(EPOCH + index * DAY).toISOString();
  return {
    policy: {
      id: uuidFrom(`${tenantKey}:policy:${index}`),
      name: `Baseline policy ${pad(index + 1)}`,
      description: `Simulated Settings Catalog policy ${index + 1}`,
      platforms: POLICY_PLATFORMS[index % POLICY_PLATFORMS.length] ?? 'windows10',
      technologies: 'mdm',
      createdDateTime: created,
      lastModifiedDateTime: created,
      settingCount: settings.length,
      creationSource: null,
      isAssigned: false,
      roleScopeTagIds: ['0'],
      templateReference: {
        templateId: '',
        templateFamily: 'none',
        templateDisplayName: null,
        templateDisplayVersion: null,
      },
    },
    settings,
  };
}
