/**
 * The one error type the adapter throws, and the pure functions that translate Entra
 * (AADSTS) and Graph failures into the platform's reason codes.
 *
 * Mapping branches on the OAuth `error` value, the numeric `error_codes` array and the HTTP
 * status, never on description text: Microsoft rewords descriptions freely, while the codes
 * are documented and stable.
 */

/**
 * Reason codes shared with the start gate (`services/gate` defines the same union; keep the
 * names identical so a run that fails on Graph and a start that is blocked speak one
 * vocabulary).
 */
export type GraphReasonCode =
  | 'PROVIDER_CONNECTION_MISSING'
  | 'PROVIDER_CONNECTION_DISABLED'
  | 'PROVIDER_CONSENT_MISSING'
  | 'PROVIDER_CONSENT_REVOKED'
  | 'PROVIDER_CREDENTIALS_MISSING'
  | 'PROVIDER_CREDENTIALS_EXPIRED'
  | 'PROVIDER_CREDENTIALS_INVALID'
  | 'PROVIDER_PERMISSIONS_MISSING'
  | 'PROVIDER_THROTTLED'
  | 'PROVIDER_UNAVAILABLE'
  | 'TENANT_NOT_ACTIVE'
  | 'RESTORE_NOT_READY'
  | 'TARGET_NOT_FOUND'
  | 'RUN_INTERRUPTED'
  | 'INTERNAL_ERROR';

/** Reason codes a later attempt can plausibly clear without anyone changing anything. */
const RETRYABLE: ReadonlySet<GraphReasonCode> = new Set(['PROVIDER_THROTTLED', 'PROVIDER_UNAVAILABLE']);

export function isRetryableReason(reasonCode: GraphReasonCode): boolean {
  return RETRYABLE.has(reasonCode);
}

export interface GraphErrorDetails {
  reasonCode: GraphReasonCode;
  /** HTTP status of the last response; `null` when no response arrived (network, timeout). */
  httpStatus: number | null;
  /** The `error_codes` of an Entra token error (AADSTS numbers). */
  aadErrorCodes?: number[];
  /** The OAuth `error` of an Entra token error, e.g. `invalid_client`. */
  oauthError?: string;
  /** The `error.code` of a Graph error body, e.g. `Authorization_RequestDenied`. */
  graphCode?: string;
  /** Server-requested wait, when the request was throttled and we gave up waiting. */
  retryAfterMs?: number;
  /** Graph `request-id` (or Entra trace id) of the failing response, for Microsoft support. */
  requestId?: string;
  /** Defaults to whether the reason code is transient. */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * Every failure of the adapter. Messages are built by the adapter from codes and
 * provider-supplied messages with the client secret redacted; they never carry the secret
 * or an access token.
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly reasonCode: GraphReasonCode;
  readonly httpStatus: number | null;
  readonly aadErrorCodes?: number[];
  readonly oauthError?: string;
  readonly graphCode?: string;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  /** True when retrying the whole operation later may succeed (throttling, outages). */
  readonly retryable: boolean;

  constructor(message: string, details: GraphErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reasonCode = details.reasonCode;
    this.httpStatus = details.httpStatus;
    if (details.aadErrorCodes !== undefined) this.aadErrorCodes = details.aadErrorCodes;
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    if (details.graphCode !== undefined) this.graphCode = details.graphCode;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    this.retryable = details.retryable ?? isRetryableReason(details.reasonCode);
  }
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphError;
}

/**
 * AADSTS codes with a known meaning for the client-credentials flow. The first known code in
 * `error_codes` decides; see the package README for the table and the reasoning.
 */
export const AADSTS_REASON_CODES: Readonly<Record<number, GraphReasonCode>> = {
  // Consent: the tenant has not (or no longer) granted the app.
  65001: 'PROVIDER_CONSENT_MISSING', // user or administrator has not consented
  65004: 'PROVIDER_CONSENT_MISSING', // consent declined
  90094: 'PROVIDER_CONSENT_MISSING', // admin consent required
  90099: 'PROVIDER_CONSENT_MISSING', // application not authorized in the tenant
  500011: 'PROVIDER_CONSENT_MISSING', // resource principal (Graph) not found in the tenant
  7000229: 'PROVIDER_CONSENT_MISSING', // client app has no service principal in the tenant
  // Credentials.
  7000215: 'PROVIDER_CREDENTIALS_INVALID', // invalid client secret
  7000222: 'PROVIDER_CREDENTIALS_EXPIRED', // client secret expired
  7000216: 'PROVIDER_CREDENTIALS_MISSING', // client_assertion, client_secret... required
  7000218: 'PROVIDER_CREDENTIALS_MISSING', // request body must contain client_secret
  // App registration not found in the tenant. The client id is part of the stored
  // credentials and the connection itself exists (the gate's PROVIDER_CONNECTION_MISSING is
  // the stored-state "no connection" blocker), so the operator's fix is to correct the
  // client id / credentials: PROVIDER_CREDENTIALS_INVALID.
  700016: 'PROVIDER_CREDENTIALS_INVALID',
  // App disabled by the tenant's administrator.
  7000112: 'PROVIDER_CONNECTION_DISABLED',
  // Tenant not found / invalid tenant identifier.
  90002: 'TARGET_NOT_FOUND',
  900023: 'TARGET_NOT_FOUND',
  // Conditional Access blocked the workload identity: the tenant's policy denies the app
  // access; credentials and consent are fine. Closest operator action: the tenant admin
  // must allow the app, which is what PROVIDER_PERMISSIONS_MISSING asks for.
  53003: 'PROVIDER_PERMISSIONS_MISSING',
  // Our own malformed request (missing parameter, bad scope): retrying or asking the
  // operator will not help.
  900144: 'INTERNAL_ERROR',
  90014: 'INTERNAL_ERROR',
  70011: 'INTERNAL_ERROR',
  1002012: 'INTERNAL_ERROR',
};

export interface AadErrorInput {
  /** HTTP status of the token response. */
  status: number;
  /** OAuth `error`, e.g. `invalid_client`. */
  error?: string | undefined;
  /** The `error_codes` array (AADSTS numbers). */
  errorCodes?: readonly number[] | undefined;
}

/** Maps a token endpoint failure to a reason code. Pure; no description parsing. */
export function reasonCodeForAadError(input: AadErrorInput): GraphReasonCode {
  if (input.status === 429) return 'PROVIDER_THROTTLED';
  for (const code of input.errorCodes ?? []) {
    const mapped = AADSTS_REASON_CODES[code];
    if (mapped !== undefined) return mapped;
  }
  switch (input.error) {
    case 'invalid_client':
    case 'unauthorized_client':
      return 'PROVIDER_CREDENTIALS_INVALID';
    case 'temporarily_unavailable':
    case 'server_error':
      return 'PROVIDER_UNAVAILABLE';
    default:
      break;
  }
  if (input.status >= 500) return 'PROVIDER_UNAVAILABLE';
  return 'INTERNAL_ERROR';
}

export interface GraphErrorInput {
  status: number;
  /** Graph `error.code`. Informational: mapping is by status, as codes vary by workload. */
  code?: string | undefined;
}

/**
 * Maps a Graph API failure to a reason code. By status, because each workload uses its own
 * codes for the same condition (directory says `Authorization_RequestDenied`, Intune says
 * `Forbidden` for a missing app role).
 */
export function reasonCodeForGraphError(input: GraphErrorInput): GraphReasonCode {
  switch (input.status) {
    case 401:
      return 'PROVIDER_CREDENTIALS_INVALID';
    case 403:
      return 'PROVIDER_PERMISSIONS_MISSING';
    case 404:
      return 'TARGET_NOT_FOUND';
    case 429:
      return 'PROVIDER_THROTTLED';
    default:
      return input.status >= 500 ? 'PROVIDER_UNAVAILABLE' : 'INTERNAL_ERROR';
  }
}
