/**
 * The simulated Entra side: access tokens shaped like real app-only Graph tokens, and the
 * token endpoint's AADSTS error catalog with real status codes, OAuth errors and wording.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Signs simulator tokens so Graph endpoints can tell their own tokens from garbage. Not a
 * secret: the adapter never verifies tokens (Graph does), and neither should anything else.
 */
const SIGNING_KEY = 'msp-graph-simulator';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(input: string): string {
  return createHmac('sha256', SIGNING_KEY).update(input).digest('base64url');
}

export interface SimTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  idtyp: 'app';
  oid: string;
  sub: string;
  tid: string;
  roles?: string[];
  ver: '1.0';
  /** Simulator-only: the tenant key the token was requested for (GUID or domain). */
  sim_tenant: string;
  /** Simulator-only: issuance sequence, compared with the tenant's last auth change. */
  sim_seq: number;
}

export function mintToken(claims: SimTokenClaims): string {
  const input = `${b64({ typ: 'JWT', alg: 'HS256', kid: 'graph-simulator' })}.${b64(claims)}`;
  return `${input}.${sign(input)}`;
}

export type TokenCheck = { ok: true; claims: SimTokenClaims } | { ok: false; message: string };

/** Verifies a simulator token: shape and signature only (expiry is checked by the caller). */
export function readToken(token: string): TokenCheck {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature) {
    return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
  }
  const expected = Buffer.from(sign(`${header}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, message: 'Access token validation failure. Invalid signature.' };
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SimTokenClaims;
    if (typeof claims.tid !== 'string' || typeof claims.exp !== 'number' || typeof claims.sim_tenant !== 'string') {
      return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    }
    return { ok: true, claims };
  } catch {
    return { ok: false, message: 'IDX14102: Unable to decode the payload as Base64Url encoded string.' };
  }
}

interface AadErrorTemplate {
  status: number;
  error: string;
  text: (ctx: { appId: string; tenant: string; scope: string; parameter: string }) => string;
}

/**
 * Real responses for the codes the adapter maps. Wording follows Entra's; the adapter must not
 * depend on it (it maps on `error` and `error_codes`).
 */
export const AAD_ERRORS: Readonly<Record<number, AadErrorTemplate>> = {
  65001: {
    status: 400,
    error: 'invalid_grant',
    text: ({ appId }) =>
      `The user or administrator has not consented to use the application with ID '${appId}'. Send an interactive authorization request for this user and resource.`,
  },
  90094: {
    status: 400,
    error: 'invalid_grant',
    text: () => 'Admin consent is required for the permissions requested by this application.',
  },
  90099: {
    status: 400,
    error: 'invalid_grant',
    text: ({ appId, tenant }) =>
      `The application '${appId}' has not been authorized in the tenant '${tenant}'. Applications must be authorized to access the customer tenant before partner delegated administrators can use them.`,
  },
  500011: {
    status: 400,
    error: 'invalid_resource',
    text: ({ scope, tenant }) =>
      `The resource principal named ${scope.replace(/\/\.default$/, '')} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  },
  7000229: {
    status: 400,
    error: 'invalid_client',
    text: ({ appId, tenant }) =>
      `The client application ${appId} is missing service principal in the tenant ${tenant}.`,
  },
  7000215: {
    status: 401,
    error: 'invalid_client',
    text: ({ appId }) =>
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
  },
  7000222: {
    status: 401,
    error: 'invalid_client',
    text: ({ appId }) =>
      `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  },
  7000218: {
    status: 401,
    error: 'invalid_client',
    text: () => "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  700016: {
    status: 400,
    error: 'unauthorized_client',
    text: ({ appId, tenant }) =>
      `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  },
  7000112: {
    status: 400,
    error: 'unauthorized_client',
    text: ({ appId }) => `Application '${appId}'(Simulated app) is disabled.`,
  },
  90002: {
    status: 400,
    error: 'invalid_request',
    text: ({ tenant }) =>
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  },
  900023: {
    status: 400,
    error: 'invalid_request',
    text: ({ tenant }) =>
      `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
  },
  53003: {
    status: 400,
    error: 'invalid_grant',
    text: () =>
      'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  },
  900144: {
    status: 400,
    error: 'invalid_request',
    text: ({ parameter }) => `The request body must contain the following parameter: '${parameter}'.`,
  },
  70003: {
    status: 400,
    error: 'unsupported_grant_type',
    text: () => 'The app requested an unsupported grant type.',
  },
  1002012: {
    status: 400,
    error: 'invalid_scope',
    text: ({ scope }) =>
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  },
};

export interface AadErrorResponse {
  status: number;
  body: Record<string, unknown>;
}

/** Entra's timestamp format: `2024-05-01 10:11:12Z`. */
function aadTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadError(
  code: number,
  ctx: { appId?: string; tenant?: string; scope?: string; parameter?: string },
): AadErrorResponse {
  const template: AadErrorTemplate = AAD_ERRORS[code] ?? {
    status: 400,
    error: 'invalid_request',
    text: () => 'Simulated error.',
  };
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = aadTimestamp();
  const text = template.text({
    appId: ctx.appId ?? '',
    tenant: ctx.tenant ?? '',
    scope: ctx.scope ?? '',
    parameter: ctx.parameter ?? '',
  });
  return {
    status: template.status,
    body: {
      error: template.error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

/** What Entra answers when it sheds load: no AADSTS code, just the OAuth error. */
export function aadThrottled(): AadErrorResponse {
  const traceId = randomUUID();
  const timestamp = aadTimestamp();
  return {
    status: 429,
    body: {
      error: 'temporarily_unavailable',
      error_description: `The service is temporarily unavailable. Retry later.\r\nTrace ID: ${traceId}\r\nTimestamp: ${timestamp}`,
      error_codes: [],
      timestamp,
      trace_id: traceId,
      correlation_id: randomUUID(),
    },
  };
}
