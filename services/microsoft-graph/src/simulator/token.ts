/** The Entra token endpoint (client credentials): every refusal Entra gives, then a signed token. */
import { isGuid, tenantObjectId, uuidFrom } from './data';
import { aadError, aadThrottled, mintToken, type SimTokenClaims } from './entra';
import { type Exchange, readBody, sendAad, throttleHeaders, withLatency } from './http';
import type { TenantRegistry } from './state';

export async function handleToken(registry: TenantRegistry, ex: Exchange, tenantKey: string): Promise<void> {
  ex.tenant = tenantKey;
  const tenant = registry.get(tenantKey);
  await withLatency(tenant);
  tenant.counters.tokenRequests += 1;
  tenant.count('POST token');
  if (tenant.takeThrottle('token')) {
    tenant.counters.throttled += 1;
    sendAad(ex, aadThrottled(), throttleHeaders(tenant));
    return;
  }
  const contentType = ex.req.headers['content-type'] ?? '';
  const raw = await readBody(ex.req);
  const form = new URLSearchParams(contentType.includes('application/x-www-form-urlencoded') ? raw : '');
  const appId = form.get('client_id') ?? '';
  const scope = form.get('scope') ?? '';
  const ctx = { appId, tenant: tenantKey, scope };

  if (!isGuid(tenantKey) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantKey)) {
    sendAad(ex, aadError(900023, ctx));
    return;
  }
  for (const parameter of ['grant_type', 'client_id', 'scope']) {
    if (!form.get(parameter)) {
      sendAad(ex, aadError(900144, { ...ctx, parameter }));
      return;
    }
  }
  if (form.get('grant_type') !== 'client_credentials') {
    sendAad(ex, aadError(70003, ctx));
    return;
  }
  if (!scope.endsWith('/.default')) {
    sendAad(ex, aadError(1002012, ctx));
    return;
  }
  const secret = form.get('client_secret');
  if (!secret) {
    sendAad(ex, aadError(7000218, ctx));
    return;
  }
  const { config } = tenant;
  if (config.aadError !== null) {
    sendAad(ex, aadError(config.aadError, ctx));
    return;
  }
  if (config.consent === 'missing') {
    sendAad(ex, aadError(65001, ctx));
    return;
  }
  if (!config.acceptSecret || (config.acceptedSecrets !== null && !config.acceptedSecrets.includes(secret))) {
    sendAad(ex, aadError(7000215, ctx));
    return;
  }

  const now = Math.floor(Date.now() / 1000);
  const tid = tenantObjectId(tenant.key);
  const servicePrincipal = uuidFrom(`${tenant.key}:sp:${appId.toLowerCase()}`);
  const claims: SimTokenClaims = {
    aud: scope.replace(/\/\.default$/, ''),
    iss: `https://sts.windows.net/${tid}/`,
    iat: now,
    nbf: now,
    exp: now + config.tokenLifetimeSeconds,
    appid: appId,
    idtyp: 'app',
    oid: servicePrincipal,
    sub: servicePrincipal,
    tid,
    ver: '1.0',
    sim_tenant: tenant.key,
    sim_seq: registry.nextSeq(),
  };
  // Entra omits the claim entirely when no app role is granted.
  if (config.permissions.length > 0) claims.roles = [...config.permissions];
  tenant.counters.tokensIssued += 1;
  const body = {
    token_type: 'Bearer',
    expires_in: config.tokenLifetimeSeconds,
    ext_expires_in: config.tokenLifetimeSeconds,
    access_token: mintToken(claims),
  };
  const text = JSON.stringify(body);
  ex.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache' });
  ex.res.end(text);
}
