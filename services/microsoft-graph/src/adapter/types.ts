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
