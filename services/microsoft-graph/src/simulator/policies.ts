/** Intune Settings Catalog policies (beta): list, read with settings, create, replace, patch, delete. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { satisfiesPermission } from '../permissions';
import { type Exchange, forbiddenIntune, HttpProblem, methodNotAllowed, readJson, send, sendGraphError } from './http';
import { DEFAULT_PAGE, pageWindow, sendPage } from './paging';
import type { TenantState } from './state';

const READ_ONLY_POLICY_KEYS = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'settingCount',
  'isAssigned',
  'creationSource',
  'settings',
]);

const policyWriteSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  platforms: z.string().min(1),
  technologies: z.string().min(1),
  roleScopeTagIds: z.array(z.string()).nullish(),
  settings: z.array(z.unknown()).optional(),
});

const policyPatchSchema = z.looseObject({
  name: z.string().min(1).optional(),
  description: z.string().nullish(),
  roleScopeTagIds: z.array(z.string()).nullish(),
});

function writableFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    // Read-only properties from a backup are ignored, as are OData annotations.
    if (!READ_ONLY_POLICY_KEYS.has(key) && !key.startsWith('@odata.') && !key.includes('@odata.')) out[key] = value;
  }
  return out;
}

function parseOr400<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(400, 'BadRequest', `Invalid request body: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export async function handlePolicies(
  ex: Exchange,
  tenant: TenantState,
  roles: string[],
  method: string,
  id: string | undefined,
): Promise<void> {
  const write = method !== 'GET';
  const readScopes = ['DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All'];
  if (
    write
      ? !satisfiesPermission(roles, 'DeviceManagementConfiguration.ReadWrite.All')
      : !satisfiesPermission(roles, 'DeviceManagementConfiguration.Read.All')
  ) {
    return forbiddenIntune(ex, write ? ['DeviceManagementConfiguration.ReadWrite.All'] : readScopes);
  }
  const store = tenant.policies;
  const context = `${ex.origin}/beta/$metadata#deviceManagement/configurationPolicies`;

  if (id === undefined) {
    if (method === 'GET') {
      const all = [...store.values()];
      sendPage(
        ex,
        '/beta/$metadata#deviceManagement/configurationPolicies',
        all.length,
        pageWindow(ex.url, DEFAULT_PAGE.policies),
        (i) => {
          const entry = all[i];
          return entry ? { ...entry.policy } : {};
        },
      );
      return;
    }
    if (method === 'POST') {
      const input = parseOr400(policyWriteSchema, await readJson(ex.req));
      const now = new Date().toISOString();
      const settings = input.settings ?? [];
      const policy = {
        ...writableFields(input),
        id: randomUUID(),
        description: input.description ?? '',
        roleScopeTagIds: input.roleScopeTagIds ?? ['0'],
        createdDateTime: now,
        lastModifiedDateTime: now,
        settingCount: settings.length,
        creationSource: null,
        isAssigned: false,
      };
      store.set(policy.id, { policy, settings });
      send(
        ex,
        201,
        { '@odata.context': `${context}/$entity`, ...policy },
        {
          location: `${ex.origin}/beta/deviceManagement/configurationPolicies('${policy.id}')`,
        },
      );
      return;
    }
    return methodNotAllowed(ex);
  }

  const stored = store.get(id);
  if (!stored) {
    sendGraphError(ex, 404, 'NotFound', `No configurationPolicy with id '${id}' was found.`);
    return;
  }
  switch (method) {
    case 'GET': {
      const body: Record<string, unknown> = { '@odata.context': `${context}/$entity`, ...stored.policy };
      if ((ex.url.searchParams.get('$expand') ?? '').split(',').includes('settings')) {
        body['settings@odata.context'] = `${context}('${id}')/settings`;
        body.settings = stored.settings;
      }
      send(ex, 200, body);
      return;
    }
    case 'PUT': {
      // Replace: what a restore of a Settings Catalog policy sends.
      const input = parseOr400(policyWriteSchema, await readJson(ex.req));
      const settings = input.settings ?? [];
      stored.policy = {
        ...writableFields(input),
        id,
        description: input.description ?? '',
        roleScopeTagIds: input.roleScopeTagIds ?? ['0'],
        createdDateTime: stored.policy.createdDateTime,
        lastModifiedDateTime: new Date().toISOString(),
        settingCount: settings.length,
        creationSource: stored.policy.creationSource ?? null,
        isAssigned: stored.policy.isAssigned ?? false,
      };
      stored.settings = settings;
      send(ex, 204);
      return;
    }
    case 'PATCH': {
      // Merge: Intune applies top-level properties only; settings need PUT.
      const input = parseOr400(policyPatchSchema, (await readJson(ex.req)) ?? {});
      const patch = writableFields(input);
      for (const key of ['platforms', 'technologies']) delete patch[key];
      if (patch.roleScopeTagIds === null) delete patch.roleScopeTagIds;
      stored.policy = { ...stored.policy, ...patch, id, lastModifiedDateTime: new Date().toISOString() };
      send(ex, 200, { '@odata.context': `${context}/$entity`, ...stored.policy });
      return;
    }
    case 'DELETE':
      store.delete(id);
      send(ex, 204);
      return;
    default:
      methodNotAllowed(ex);
  }
}
