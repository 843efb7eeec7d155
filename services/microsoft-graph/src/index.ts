/**
 * @msp/microsoft-graph: the Microsoft Graph provider adapter and the Graph simulator.
 */
export {
  createGraphClient,
  decodeJwtPayload,
  GraphAccessToken,
  type GraphClient,
  type GraphClientOptions,
  type GraphCredentials,
  type GraphTenantClient,
  type ListGroupsOptions,
  type RequestOptions,
  type TenantClientOptions,
  type UpdateConfigurationPolicyOptions,
  writablePolicyBody,
} from './adapter/client';
export {
  adminConsentUrl,
  GRAPH_CLOUD_NAMES,
  GRAPH_CLOUDS,
  type GraphCloud,
  type GraphEndpoints,
  type ResolvedGraphEndpoints,
  resolveEndpoints,
} from './adapter/clouds';
export {
  AADSTS_REASON_CODES,
  type AadErrorInput,
  GraphError,
  type GraphErrorDetails,
  type GraphErrorInput,
  type GraphReasonCode,
  isGraphError,
  isRetryableReason,
  reasonCodeForAadError,
  reasonCodeForGraphError,
} from './adapter/errors';
export { parseRetryAfter, type Sleep } from './adapter/transport';
export type {
  GrantedPermissions,
  GraphConfigurationPolicy,
  GraphConfigurationPolicyInput,
  GraphGroup,
  GraphOrganization,
  GraphRoleDefinition,
} from './adapter/types';
export {
  type GraphSettings,
  graphEndpointsTogether,
  graphOptions,
  graphSettings,
  type SimulatorEnv,
  simulatorEnv,
} from './env';
export { GRAPH_PERMISSIONS, MICROSOFT_GRAPH_APP_ID, missingPermissions, satisfiesPermission } from './permissions';
export {
  type GraphSimulator,
  type GraphSimulatorOptions,
  startGraphSimulator,
  type TenantConfig,
  type TenantConfigPatch,
  type TenantCounters,
} from './simulator';
