/** The shapes behind this subgraph's GraphQL types. */
import type { TenantRole } from '@msp/gate';

export interface UserModel {
  id: string;
  email: string | null;
  displayName: string | null;
  /** Set when the user is an API client's principal. */
  apiClientId: string | null;
}

export interface WorkspaceModel {
  id: string;
  name: string;
}

/** A tenant as the caller sees it: their role decides `myRole` and `myCapabilities`. */
export interface TenantModel {
  id: string;
  workspaceId: string;
  name: string;
  entraTenantId: string;
  primaryDomain: string | null;
  status: 'ONBOARDING' | 'ACTIVE' | 'ARCHIVED';
  role: TenantRole;
}

export interface DirectoryGroupModel {
  graphId: string;
  displayName: string | null;
  description: string | null;
  mail: string | null;
  securityEnabled: boolean | null;
  mailEnabled: boolean | null;
  groupTypes: string[];
  syncedAt: Date;
}

export interface RoleDefinitionModel {
  graphId: string;
  displayName: string | null;
  description: string | null;
  isBuiltIn: boolean;
  permissions: unknown[];
  syncedAt: Date;
}

export interface PolicyBackupModel {
  id: string;
  tenantId: string;
  /** Null once the run that took it was pruned by retention (the backup outlives it). */
  operationRunId: string | null;
  itemCount: number;
  createdAt: Date;
  completedAt: Date | null;
}

export interface PolicyBackupItemModel {
  id: string;
  policyId: string;
  displayName: string | null;
  policyType: string;
}

export interface VerificationReportModel {
  id: string;
  tenantId: string;
  operationRunId: string;
  providerConnectionId: string | null;
  status: string;
  organization: Record<string, unknown> | null;
  grantedPermissions: string[];
  missingPermissions: string[];
  reasonCode: string | null;
  checkedAt: Date;
}
