/** The shapes behind this subgraph's GraphQL types. The secret never enters them. */
import type { PermissionDrift } from '@msp/db';
import type { ConnectionState } from '@msp/gate';

/** A provider connection as stored, minus its secret (only whether one exists). */
export interface ConnectionModel extends ConnectionState {
  id: string;
  tenantId: string;
  /** Its tenant's status: an archived tenant blocks every start (TENANT_NOT_ACTIVE). */
  tenantStatus: 'ONBOARDING' | 'ACTIVE' | 'ARCHIVED';
  displayName: string;
  entraTenantId: string;
  clientId: string;
  isDefault: boolean;
  health: 'UNKNOWN' | 'HEALTHY' | 'DEGRADED' | 'UNHEALTHY';
  lastHealthCheckAt: Date | null;
  permissionDrift: PermissionDrift | null;
  permissionDriftClearedAt: Date | null;
  credentialExpiryNotifiedFor: Date | null;
}

/** A tenant this subgraph has authorized the caller to see (`tenant.view`). */
export interface TenantStubModel {
  id: string;
}
