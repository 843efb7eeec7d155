/**
 * The Graph resources the adapter reads and writes, as zod schemas that check the fields we
 * rely on and pass every other property through untouched (Graph adds properties over time;
 * a backup must keep them).
 */
import { z } from 'zod';

export const graphVerifiedDomainSchema = z.looseObject({
  name: z.string(),
  isDefault: z.boolean().nullish(),
  isInitial: z.boolean().nullish(),
  type: z.string().nullish(),
  capabilities: z.string().nullish(),
});

export const graphOrganizationSchema = z.looseObject({
  id: z.string(),
  displayName: z.string().nullable(),
  verifiedDomains: z.array(graphVerifiedDomainSchema).default([]),
});
export type GraphOrganization = z.infer<typeof graphOrganizationSchema>;

export const graphGroupSchema = z.looseObject({
  id: z.string(),
  displayName: z.string().nullable(),
  description: z.string().nullish(),
  mail: z.string().nullish(),
  mailEnabled: z.boolean().nullish(),
  securityEnabled: z.boolean().nullish(),
  groupTypes: z.array(z.string()).default([]),
});
export type GraphGroup = z.infer<typeof graphGroupSchema>;

export const graphRoleDefinitionSchema = z.looseObject({
  id: z.string(),
  displayName: z.string().nullable(),
  description: z.string().nullish(),
  isBuiltIn: z.boolean().nullish(),
  rolePermissions: z.array(z.unknown()).default([]),
});
export type GraphRoleDefinition = z.infer<typeof graphRoleDefinitionSchema>;

export const graphConfigurationPolicySchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable(),
  description: z.string().nullish(),
  platforms: z.string().nullish(),
  technologies: z.string().nullish(),
  settingCount: z.number().nullish(),
  createdDateTime: z.string().nullish(),
  lastModifiedDateTime: z.string().nullish(),
  roleScopeTagIds: z.array(z.string()).nullish(),
  /** Present when read with `$expand=settings` (as `getConfigurationPolicy` does). */
  settings: z.array(z.unknown()).optional(),
});
export type GraphConfigurationPolicy = z.infer<typeof graphConfigurationPolicySchema>;

/**
 * The body of a create or replace. `settings` are Settings Catalog setting instances, passed
 * through as read from a backup.
 */
export interface GraphConfigurationPolicyInput {
  name: string;
  description?: string | null;
  platforms: string;
  technologies: string;
  roleScopeTagIds?: string[] | null;
  settings?: unknown[];
  templateReference?: unknown;
  [property: string]: unknown;
}

/** A Graph collection page. */
export const graphPageSchema = z.looseObject({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

/** A service principal: an app's instance in a tenant. `appRoles` are the roles it offers. */
export const graphServicePrincipalSchema = z.looseObject({
  id: z.string(),
  appId: z.string().nullish(),
  appRoles: z
    .array(z.looseObject({ id: z.string(), value: z.string().nullable() }))
    .nullish()
    .transform((roles) => roles ?? []),
});
export type GraphServicePrincipal = z.infer<typeof graphServicePrincipalSchema>;

/** One application permission granted to a service principal: role `appRoleId` of `resourceId`. */
export const graphAppRoleAssignmentSchema = z.looseObject({
  id: z.string(),
  appRoleId: z.string(),
  resourceId: z.string(),
  principalId: z.string().nullish(),
});
export type GraphAppRoleAssignment = z.infer<typeof graphAppRoleAssignmentSchema>;

/**
 * The application permissions granted to the app in the tenant, and where they were read:
 * `APP_ROLE_ASSIGNMENTS` (the app's service principal in Entra, the truth at this moment) or
 * `ACCESS_TOKEN` (the `roles` of a token requested just now, when the app may not read service
 * principals: Entra put the grants of that moment into it).
 */
export interface GrantedPermissions {
  permissions: string[];
  source: 'APP_ROLE_ASSIGNMENTS' | 'ACCESS_TOKEN';
}
