import { describe, expect, it } from 'vitest';
import { decodeJwtPayload } from '../src/index';
import { useSimulator } from './support';

const sim = useSimulator();

async function requestToken(tenantId: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${sim.url()}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

const validForm = (clientId = 'app-1') => ({
  grant_type: 'client_credentials',
  client_id: clientId,
  client_secret: 'secret',
  scope: 'https://graph.microsoft.com/.default',
});

async function tokenFor(tenantId: string): Promise<string> {
  const response = await requestToken(tenantId, validForm());
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(`${sim.url()}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    }
  });
});

describe('token endpoint wire format', () => {
  it('issues a JWT-shaped token with tid, appid, roles and exp', async () => {
    const tenant = await sim.tenant({ permissions: ['Group.Read.All'], tokenLifetimeSeconds: 600 });
    const response = await requestToken(tenant.id, validForm('my-app'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const claims = decodeJwtPayload(String(body.access_token));
    expect(claims).toMatchObject({ tid: tenant.id, appid: 'my-app', roles: ['Group.Read.All'], idtyp: 'app' });
    const now = Math.floor(Date.now() / 1000);
    expect(Number(claims?.exp)).toBeGreaterThan(now + 590);
    expect(Number(claims?.exp)).toBeLessThanOrEqual(now + 601);
  });

  it('rejects a secret with an AAD-shaped 401', async () => {
    const tenant = await sim.tenant({ acceptSecret: false });
    const response = await requestToken(tenant.id, validForm());
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(String(body.error_description)).toMatch(/^AADSTS7000215: /);
    for (const key of ['timestamp', 'trace_id', 'correlation_id']) expect(typeof body[key]).toBe('string');
  });

  it('answers missing consent with AADSTS65001', async () => {
    const tenant = await sim.tenant({ consent: 'missing' });
    const response = await requestToken(tenant.id, validForm());
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_codes: [65001] });
  });

  it('validates the request like Entra', async () => {
    const tenant = await sim.tenant();
    const noSecret = await requestToken(tenant.id, { ...validForm(), client_secret: '' });
    expect(noSecret.status).toBe(401);
    expect(await noSecret.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });

    const badScope = await requestToken(tenant.id, { ...validForm(), scope: 'User.Read' });
    expect(badScope.status).toBe(400);
    expect(await badScope.json()).toMatchObject({ error: 'invalid_scope' });

    const badGrant = await requestToken(tenant.id, { ...validForm(), grant_type: 'password' });
    expect(await badGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('throttles with 429 and Retry-After', async () => {
    const tenant = await sim.tenant({ throttleCount: 1, retryAfterSeconds: 3 });
    const throttled = await requestToken(tenant.id, validForm());
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect((await requestToken(tenant.id, validForm())).status).toBe(200);
  });
});

describe('Graph wire format', () => {
  it('answers a bad token with 401 InvalidAuthenticationToken in the Graph error shape', async () => {
    for (const authorization of ['Bearer nonsense', 'Bearer a.b.c', '']) {
      const response = await fetch(`${sim.url()}/v1.0/organization`, { headers: { authorization } });
      expect(response.status).toBe(401);
      const body = (await response.json()) as {
        error: { code: string; message: string; innerError: Record<string, string> };
      };
      expect(body.error.code).toBe('InvalidAuthenticationToken');
      expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
      expect(typeof body.error.innerError.date).toBe('string');
    }
  });

  it('throttles Graph with 429, Retry-After and TooManyRequests', async () => {
    const tenant = await sim.tenant();
    const token = await tokenFor(tenant.id);
    await tenant.configure({ throttleCount: 1, retryAfterSeconds: 0 });
    const response = await fetch(`${sim.url()}/v1.0/groups`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('0');
    expect(await response.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
  });

  it('pages with an absolute nextLink carrying $top and a $skiptoken, and enforces $top limits', async () => {
    const tenant = await sim.tenant({ groups: 250 });
    const token = await tokenFor(tenant.id);
    const headers = { authorization: `Bearer ${token}` };
    const first = await fetch(`${sim.url()}/v1.0/groups`, { headers });
    const firstBody = (await first.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(firstBody.value).toHaveLength(100);
    const next = firstBody['@odata.nextLink'];
    expect(next).toMatch(new RegExp(`^${sim.url()}/v1\\.0/groups\\?.*\\$skiptoken=`));

    const top = await fetch(`${sim.url()}/v1.0/groups?$top=200`, { headers });
    const topBody = (await top.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(topBody.value).toHaveLength(200);
    expect(topBody['@odata.nextLink']).toContain('$top=200');
    const last = (await (await fetch(String(topBody['@odata.nextLink']), { headers })).json()) as Record<
      string,
      unknown
    >;
    expect(last.value).toHaveLength(50);
    expect(last['@odata.nextLink']).toBeUndefined();

    const tooBig = await fetch(`${sim.url()}/v1.0/groups?$top=1000`, { headers });
    expect(tooBig.status).toBe(400);
  });

  it('serves role definitions on v1.0 and beta, policies on beta only', async () => {
    const tenant = await sim.tenant();
    const headers = { authorization: `Bearer ${await tokenFor(tenant.id)}` };
    for (const version of ['v1.0', 'beta']) {
      const response = await fetch(`${sim.url()}/${version}/deviceManagement/roleDefinitions`, { headers });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { value: unknown[] }).value).toHaveLength(8);
    }
    expect((await fetch(`${sim.url()}/beta/deviceManagement/configurationPolicies`, { headers })).status).toBe(200);
    expect((await fetch(`${sim.url()}/v1.0/deviceManagement/configurationPolicies`, { headers })).status).toBe(400);
  });
});

describe('control API', () => {
  it('merges configuration, reports counters, and resets', async () => {
    const tenant = await sim.tenant();
    const defaults = await tenant.state();
    expect(defaults.config).toMatchObject({
      consent: 'granted',
      acceptSecret: true,
      groups: 25,
      roleDefinitions: 8,
      policies: 5,
    });
    expect(defaults.counters.tokenRequests).toBe(0);

    await tenant.configure({ groups: 7 });
    const merged = await tenant.configure({ latencyMs: 1 });
    expect(merged.config).toMatchObject({ groups: 7, latencyMs: 1, consent: 'granted' });

    await tokenFor(tenant.id);
    expect((await tenant.state()).counters.tokenRequests).toBe(1);

    expect((await sim.control('DELETE', tenant.id)).status).toBe(204);
    const reset = await tenant.state();
    expect(reset.config.groups).toBe(25);
    expect(reset.counters.tokenRequests).toBe(0);
  });

  it('rejects unknown keys and bad values with a readable 400', async () => {
    const tenant = await sim.tenant();
    const unknown = await sim.control('PUT', tenant.id, { grups: 5 });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('grups');
    const bad = await sim.control('PUT', tenant.id, { consent: 'maybe' });
    expect(bad.status).toBe(400);
    expect((await tenant.state()).config.consent).toBe('granted');
  });

  it('revokes issued tokens when authorization changes', async () => {
    const tenant = await sim.tenant();
    const token = await tokenFor(tenant.id);
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${sim.url()}/v1.0/organization`, { headers })).status).toBe(200);
    await tenant.configure({ latencyMs: 0 });
    expect((await fetch(`${sim.url()}/v1.0/organization`, { headers })).status).toBe(200);
    await tenant.configure({ permissions: ['Group.Read.All'] });
    expect((await fetch(`${sim.url()}/v1.0/organization`, { headers })).status).toBe(401);
  });
});
