/**
 * The control API under `/_simulator/tenants[/{entraTenantId}]`: read, configure (PUT a partial
 * config) and reset a tenant's behaviour, or every tenant's.
 */
import { z } from 'zod';
import { type Exchange, readJson, send } from './http';
import { type TenantRegistry, tenantConfigPatchSchema } from './state';

export async function handleControl(registry: TenantRegistry, ex: Exchange, segments: string[]): Promise<void> {
  const method = ex.req.method ?? 'GET';
  if (segments[0] !== 'tenants' || segments.length > 2) {
    send(ex, 404, { error: 'not_found', message: 'Control API: /_simulator/tenants[/{entraTenantId}]' });
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
