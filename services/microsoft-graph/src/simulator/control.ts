/**
 * The control API under `/_simulator/tenants[/{entraTenantId}]`: read, configure (PUT a partial
 * config) and reset a tenant's behaviour, or every tenant's.
 */
import { z } from 'zod';
import { type Exchange, readJson, send } from './http';
import { type TenantRegistry, tenantConfigPatchSchema } from './state';

export async function handleControl(registry: TenantRegistry, ex: Exchange, segments: string[]): Promise<void> {
  const method = ex.req.method ?? 'GET';
  if (segments[0] === 'tenants' && segments.length === 4 && segments[2] === 'permissions') {
    return handleGrant(registry, ex, segments[1] as string, segments[3] as string);
  }
  if (segments[0] !== 'tenants' || segments.length > 2) {
    send(ex, 404, {
      error: 'not_found',
      message: 'Control API: /_simulator/tenants[/{entraTenantId}[/permissions/{permission}]]',
    });
    return;
  }
  const id = segments[1];
  if (id === undefined) {
    if (method === 'GET') return send(ex, 200, { value: registry.list().map((t) => t.snapshot()) });
    if (method === 'DELETE') {
      registry.resetAll();
      return send(ex, 204);
    }
    return send(ex, 405, { error: 'method_not_allowed' });
  }
  ex.tenant = id;
  switch (method) {
    case 'GET':
      return send(ex, 200, registry.get(id).snapshot());
    case 'PUT': {
      let body: unknown;
      try {
        body = await readJson(ex.req);
      } catch {
        return send(ex, 400, { error: 'invalid_json' });
      }
      const parsed = tenantConfigPatchSchema.safeParse(body ?? {});
      if (!parsed.success) {
        return send(ex, 400, { error: 'invalid_config', message: z.prettifyError(parsed.error) });
      }
      return send(ex, 200, registry.update(id, parsed.data).snapshot());
    }
    case 'DELETE':
      registry.reset(id);
      return send(ex, 204);
    default:
      return send(ex, 405, { error: 'method_not_allowed' });
  }
}

/**
 * `DELETE /_simulator/tenants/{id}/permissions/{permission}` removes one granted application
 * permission (an admin revoking it under Enterprise applications → Permissions); `PUT` grants it
 * again. Unlike a `permissions` change through `PUT /_simulator/tenants/{id}`, this does not
 * revoke tokens already issued: as in Entra, they keep their `roles` until they expire, and only
 * the service principal's app role assignments show the change at once.
 */
function handleGrant(registry: TenantRegistry, ex: Exchange, id: string, permission: string): void {
  ex.tenant = id;
  const method = ex.req.method ?? 'GET';
  if (!/^[A-Za-z][A-Za-z0-9.]{0,199}$/.test(permission)) {
    send(ex, 400, { error: 'invalid_permission', message: 'A permission name such as Group.Read.All.' });
    return;
  }
  if (method !== 'DELETE' && method !== 'PUT') {
    send(ex, 405, { error: 'method_not_allowed' });
    return;
  }
  const tenant = registry.get(id);
  const granted = tenant.config.permissions;
  const others = granted.filter((p) => p.toLowerCase() !== permission.toLowerCase());
  const permissions =
    method === 'DELETE' ? others : others.length < granted.length ? granted : [...granted, permission];
  tenant.config = { ...tenant.config, permissions };
  send(ex, 200, tenant.snapshot());
}
