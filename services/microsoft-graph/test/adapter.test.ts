import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { adminConsentUrl, decodeJwtPayload, GRAPH_PERMISSIONS, GraphError, type GraphReasonCode } from '../src/index';
import { rejectionOf, useSimulator } from './support';

const sim = useSimulator();

describe('token, organization and permissions', () => {
  it('gets a token, the organization and the granted roles', async () => {
    const tenant = await sim.tenant({ displayName: 'Contoso Ltd' });
    const graph = sim.client().forTenant(tenant.credentials);

    const token = await graph.getToken();
    const claims = decodeJwtPayload(token.value);
    expect(claims).toMatchObject({ tid: tenant.id, appid: tenant.credentials.clientId });
    expect(typeof claims?.exp).toBe('number');
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);

    const organization = await graph.getOrganization();
    expect(organization.id).toBe(tenant.id);
    expect(organization.displayName).toBe('Contoso Ltd');
    expect(organization.verifiedDomains.length).toBeGreaterThan(0);
    expect(organization.verifiedDomains[0]?.name).toMatch(/\.onmicrosoft\.com$/);

    expect([...(token.roles ?? [])].sort()).toEqual([...GRAPH_PERMISSIONS].sort());
  });

  it('reads exactly the roles granted, and none when the claim is absent', async () => {
    // Neither app may read service principals: the roles of a token requested now stand in.
    const tenant = await sim.tenant({ permissions: ['Group.Read.All', 'Organization.Read.All'] });
    const client = sim.client();
    expect(await client.forTenant(tenant.credentials).readGrantedPermissions()).toEqual({
      permissions: ['Group.Read.All', 'Organization.Read.All'],
      source: 'ACCESS_TOKEN',
    });

    const bare = await sim.tenant({ permissions: [] });
    expect(await client.forTenant(bare.credentials).readGrantedPermissions()).toEqual({
      permissions: [],
      source: 'ACCESS_TOKEN',
    });
  });

  it('keeps the access token out of JSON and logs of the token object', async () => {
    const tenant = await sim.tenant();
    const token = await sim.client().forTenant(tenant.credentials).getToken();
    expect(token.value.split('.')).toHaveLength(3);
    expect(JSON.stringify(token)).not.toContain(token.value);
    expect(JSON.stringify(token)).toContain(tenant.id);
  });
});

describe('granted permissions read from Entra (service principal app role assignments)', () => {
  it('reads the grants of the app’s service principal, resolved through Microsoft Graph’s app roles', async () => {
    const tenant = await sim.tenant();
    const graph = sim.client().forTenant(tenant.credentials);
    expect(await graph.readGrantedPermissions()).toEqual({
      permissions: [...GRAPH_PERMISSIONS].sort(),
      source: 'APP_ROLE_ASSIGNMENTS',
    });
    const routes = (await tenant.state()).counters.byRoute;
    expect(routes['GET /v1.0/servicePrincipals/{id}']).toBe(2);
    expect(routes['GET /v1.0/servicePrincipals/{id}/appRoleAssignments']).toBe(1);
  });

  it('a permission revoked in Entra shows at once, while the cached token still carries it; restored, it is back', async () => {
    const tenant = await sim.tenant();
    const graph = sim.client().forTenant(tenant.credentials);
    await graph.getToken();
    const revoke = await fetch(
      `${sim.url()}/_simulator/tenants/${tenant.id}/permissions/DeviceManagementRBAC.Read.All`,
      { method: 'DELETE' },
    );
    expect(revoke.status).toBe(200);
    expect((await graph.readGrantedPermissions()).permissions).not.toContain('DeviceManagementRBAC.Read.All');
    // The token (from the cache, as Entra's tokens live on) still lists it.
    expect((await graph.getToken()).roles).toContain('DeviceManagementRBAC.Read.All');
    expect((await tenant.state()).counters.tokenRequests).toBe(1);

    const restore = await fetch(
      `${sim.url()}/_simulator/tenants/${tenant.id}/permissions/DeviceManagementRBAC.Read.All`,
      { method: 'PUT' },
    );
    expect(restore.status).toBe(200);
    expect((await graph.readGrantedPermissions()).permissions).toEqual([...GRAPH_PERMISSIONS].sort());
  });

  it('an app that may not read service principals falls back to the roles of a token requested now', async () => {
    const tenant = await sim.tenant({ permissions: ['Group.Read.All', 'DeviceManagementRBAC.Read.All'] });
    const graph = sim.client().forTenant(tenant.credentials);
    await graph.getToken();
    expect(await graph.readGrantedPermissions()).toEqual({
      permissions: ['DeviceManagementRBAC.Read.All', 'Group.Read.All'],
      source: 'ACCESS_TOKEN',
    });
    // A fresh token, not the cached one.
    expect((await tenant.state()).counters.tokenRequests).toBe(2);
  });

  it('consent revoked: the token request says so (PROVIDER_CONSENT_MISSING)', async () => {
    const tenant = await sim.tenant({ consent: 'missing' });
    const error = await rejectionOf(sim.client().forTenant(tenant.credentials).readGrantedPermissions());
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).reasonCode).toBe('PROVIDER_CONSENT_MISSING');
  });

  it('the control API refuses a malformed permission name', async () => {
    const tenant = await sim.tenant();
    const res = await fetch(`${sim.url()}/_simulator/tenants/${tenant.id}/permissions/${encodeURIComponent('a b')}`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(400);
  });
});

describe('token cache', () => {
  it('reuses a token until it nears expiry', async () => {
    const tenant = await sim.tenant();
    let clock = Date.now();
    const graph = sim.client({ now: () => clock }).forTenant(tenant.credentials);

    await graph.getOrganization();
    await graph.getOrganization();
    await graph.getToken();
    let state = await tenant.state();
    expect(state.counters.tokenRequests).toBe(1);
    expect(state.counters.graphRequests).toBe(2);

    // 3599 s tokens are renewed 5 minutes early.
    clock += 3300 * 1000;
    await graph.getOrganization();
    state = await tenant.state();
    expect(state.counters.tokenRequests).toBe(2);
  });

  it('shares one token request between concurrent callers', async () => {
    const tenant = await sim.tenant();
    const graph = sim.client().forTenant(tenant.credentials);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => graph.getToken()));
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect((await tenant.state()).counters.tokenRequests).toBe(1);
  });

  it('asks for a new token when the secret changes', async () => {
    const tenant = await sim.tenant();
    const client = sim.client();
    const original = client.forTenant(tenant.credentials);
    const rotated = client.forTenant({ ...tenant.credentials, clientSecret: 'rotated-secret-value' });

    await original.getOrganization();
    await original.getOrganization();
    expect((await tenant.state()).counters.tokenRequests).toBe(1);

    await rotated.getOrganization();
    expect((await tenant.state()).counters.tokenRequests).toBe(2);
    await rotated.getOrganization();
    expect((await tenant.state()).counters.tokenRequests).toBe(2);
  });

  it('a secret rotated to one the tenant rejects fails instead of using the cached token', async () => {
    const tenant = await sim.tenant();
    await tenant.configure({ acceptedSecrets: [tenant.credentials.clientSecret] });
    const client = sim.client();
    await client.forTenant(tenant.credentials).getOrganization();

    const error = await rejectionOf(
      client.forTenant({ ...tenant.credentials, clientSecret: 'not-the-right-one' }).getOrganization(),
    );
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).reasonCode).toBe('PROVIDER_CREDENTIALS_INVALID');
  });

  it('renews a revoked token once: consent withdrawn after the token was cached', async () => {
    const tenant = await sim.tenant();
    const graph = sim.client().forTenant(tenant.credentials);
    await graph.getOrganization();

    await tenant.configure({ consent: 'missing' });
    const error = await rejectionOf(graph.getOrganization());
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).reasonCode).toBe('PROVIDER_CONSENT_MISSING');
    const state = await tenant.state();
    expect(state.counters.tokenRequests).toBe(2);
    expect(state.counters.byRoute['GET /v1.0/organization']).toBe(2);
  });
});

describe('Entra errors', () => {
  it('consent missing is PROVIDER_CONSENT_MISSING', async () => {
    const tenant = await sim.tenant({ consent: 'missing' });
    const error = await rejectionOf(sim.client().forTenant(tenant.credentials).getOrganization());
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      reasonCode: 'PROVIDER_CONSENT_MISSING',
      httpStatus: 400,
      aadErrorCodes: [65001],
      retryable: false,
    });
    expect((await tenant.state()).counters.graphRequests).toBe(0);
  });

  it('a rejected secret is PROVIDER_CREDENTIALS_INVALID', async () => {
    const tenant = await sim.tenant({ acceptSecret: false });
    const error = await rejectionOf(sim.client().forTenant(tenant.credentials).getToken());
    expect(error).toMatchObject({
      reasonCode: 'PROVIDER_CREDENTIALS_INVALID',
      httpStatus: 401,
      oauthError: 'invalid_client',
      aadErrorCodes: [7000215],
    });
    expect((error as GraphError).message).toContain('AADSTS7000215');
  });

  it.each([
    [7000222, 'PROVIDER_CREDENTIALS_EXPIRED'],
    [700016, 'PROVIDER_CREDENTIALS_INVALID'],
    [7000112, 'PROVIDER_CONNECTION_DISABLED'],
    [90002, 'TARGET_NOT_FOUND'],
    [900023, 'TARGET_NOT_FOUND'],
    [53003, 'PROVIDER_PERMISSIONS_MISSING'],
    [90094, 'PROVIDER_CONSENT_MISSING'],
    [90099, 'PROVIDER_CONSENT_MISSING'],
    [500011, 'PROVIDER_CONSENT_MISSING'],
  ] as Array<[number, GraphReasonCode]>)('AADSTS%i from the token endpoint is %s', async (code, reasonCode) => {
    const tenant = await sim.tenant({ aadError: code });
    const error = await rejectionOf(sim.client().forTenant(tenant.credentials).getToken());
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ reasonCode, aadErrorCodes: [code], retryable: false });
  });

  it('an invalid tenant identifier is TARGET_NOT_FOUND without configuration', async () => {
    const error = await rejectionOf(
      sim.client().forTenant({ entraTenantId: 'not a tenant!', clientId: 'app', clientSecret: 'secret' }).getToken(),
    );
    expect(error).toMatchObject({ reasonCode: 'TARGET_NOT_FOUND', aadErrorCodes: [900023] });
  });

  it('an empty secret is PROVIDER_CREDENTIALS_MISSING without a request', async () => {
    const tenant = await sim.tenant();
    const error = await rejectionOf(
      sim
        .client()
        .forTenant({ ...tenant.credentials, clientSecret: '' })
        .getToken(),
    );
    expect(error).toMatchObject({ reasonCode: 'PROVIDER_CREDENTIALS_MISSING', httpStatus: null });
    expect((await tenant.state()).counters.tokenRequests).toBe(0);
  });
});

describe('Graph errors', () => {
  it('a missing permission is PROVIDER_PERMISSIONS_MISSING', async () => {
    const tenant = await sim.tenant({
      permissions: ['Organization.Read.All', 'DeviceManagementConfiguration.Read.All'],
    });
    const graph = sim.client().forTenant(tenant.credentials);

    const groups = await rejectionOf(graph.listGroups().next());
    expect(groups).toBeInstanceOf(GraphError);
    expect(groups).toMatchObject({
      reasonCode: 'PROVIDER_PERMISSIONS_MISSING',
      httpStatus: 403,
      graphCode: 'Authorization_RequestDenied',
    });
    expect((groups as GraphError).requestId).toMatch(/^[0-9a-f-]{36}$/);

    const roles = await rejectionOf(graph.listRoleDefinitions().next());
    expect(roles).toMatchObject({
      reasonCode: 'PROVIDER_PERMISSIONS_MISSING',
      httpStatus: 403,
      graphCode: 'Forbidden',
    });

    // Read is enough to list policies, not to write one.
    const { value: policies } = await graph.listConfigurationPolicies().next();
    expect(policies).toHaveLength(5);
    const write = await rejectionOf(
      graph.createConfigurationPolicy({ name: 'x', platforms: 'windows10', technologies: 'mdm' }),
    );
    expect(write).toMatchObject({ reasonCode: 'PROVIDER_PERMISSIONS_MISSING', httpStatus: 403 });
  });

  it('Directory.Read.All covers groups', async () => {
    const tenant = await sim.tenant({ permissions: ['Directory.Read.All'], groups: 3 });
    const { value } = await sim.client().forTenant(tenant.credentials).listGroups().next();
    expect(value).toHaveLength(3);
  });

  it('an unknown policy is TARGET_NOT_FOUND', async () => {
    const tenant = await sim.tenant();
    const error = await rejectionOf(
      sim.client().forTenant(tenant.credentials).getConfigurationPolicy('00000000-0000-0000-0000-000000000000'),
    );
    expect(error).toMatchObject({ reasonCode: 'TARGET_NOT_FOUND', httpStatus: 404 });
  });
});

describe('secrets stay out of errors and logs', () => {
  it('never puts the client secret or the access token in an error or a log line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const tenant = await sim.tenant({ throttleCount: 1, retryAfterSeconds: 0 });
    const client = sim.client({ logger });
    const graph = client.forTenant(tenant.credentials);
    const token = await graph.getToken();
    await graph.getOrganization();

    await tenant.configure({ acceptSecret: false });
    const error = await rejectionOf(graph.getOrganization());
    expect(error).toBeInstanceOf(GraphError);

    const secret = tenant.credentials.clientSecret;
    const surfaces = [
      (error as GraphError).message,
      String((error as GraphError).stack),
      JSON.stringify(error),
      String((error as GraphError).cause ?? ''),
      lines.join('\n'),
    ];
    // The logs are not empty: the throttled retry and the token renewal were logged.
    expect(lines.length).toBeGreaterThan(0);
    for (const surface of surfaces) {
      expect(surface).not.toContain(secret);
      expect(surface).not.toContain(token.value);
    }
  });
});

describe('admin consent', () => {
  it('points at the real Entra authority of each national cloud, for the customer directory and the app', () => {
    const tenant = '22222222-2222-4222-8222-222222222222';
    const app = 'c1c1c1c1-2222-4222-8222-222222222222';
    expect(adminConsentUrl('global', tenant, app)).toBe(
      `https://login.microsoftonline.com/${tenant}/adminconsent?client_id=${app}`,
    );
    expect(adminConsentUrl('usgov', tenant, app)).toBe(
      `https://login.microsoftonline.us/${tenant}/adminconsent?client_id=${app}`,
    );
    expect(adminConsentUrl('china', tenant, app)).toBe(
      `https://login.chinacloudapi.cn/${tenant}/adminconsent?client_id=${app}`,
    );
    // Whatever is stored, it stays one path segment and one query value.
    expect(adminConsentUrl('global', 'a/b?c', 'x&y=z')).toBe(
      'https://login.microsoftonline.com/a%2Fb%3Fc/adminconsent?client_id=x%26y%3Dz',
    );
  });
});
