/**
 * ApiClient: a workspace's machine credential (OAuth 2.0 client credentials at the gateway's
 * `/oauth/token`), managed by the workspace's OWNERs (`api_clients.manage`). Its secret is
 * answered once, by `createApiClient` and `rotateApiClientSecret`, and stored only as a hash.
 */
import { API_CLIENT_ROLE_CEILINGS } from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import {
  type ApiClientModel,
  type ApiClientSecretModel,
  createApiClient,
  listApiClients,
  managedApiClients,
  revokeApiClient,
  rotateApiClientSecret,
} from '../service/api-clients';
import { TenantRef, TenantRole } from './tenant';
import { UserRef } from './user';
import { WorkspaceRef } from './workspace';

export const ApiClientRef = builder.objectRef<ApiClientModel>('ApiClient').implement({
  description:
    'A machine credential of a workspace: a partner tool or script that authenticates by OAuth 2.0 client credentials (POST /oauth/token on the gateway) and acts within its role ceiling on its tenants. Its runs name it: `OperationRun.initiatedBy` is its principal (`User.apiClient`).',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'The client id; also its OAuth `client_id`.',
    }),
    name: t.exposeString('name', { description: 'The name its creator gave it (also its principal’s display name).' }),
    workspace: t.field({
      type: WorkspaceRef,
      description: 'The workspace it belongs to.',
      resolve: async (client, _args, ctx) => unwrap(await ctx.loaders.workspace.load(client.workspaceId)),
    }),
    roleCeiling: t.expose('roleCeiling', {
      type: TenantRole,
      description: `The highest tenant role whose capabilities the client may use (one of ${API_CLIENT_ROLE_CEILINGS.join(', ')}): it holds exactly this role on each of its tenants, and every check it meets is the capability registry's.`,
    }),
    tenants: t.field({
      type: [TenantRef],
      nullable: true,
      description:
        'Null: every tenant of the workspace its creator could grant, and the ones its creator creates later. Otherwise the chosen tenants (those the caller is a member of; none once revoked).',
      resolve: async (client, _args, ctx) => {
        if (client.allTenants) return null;
        const ids = await ctx.loaders.apiClientTenants.load(client.userId);
        const tenants = await ctx.loaders.tenant.loadMany(ids);
        return tenants.flatMap((r) => (r instanceof Error || !r.ok ? [] : [r.value]));
      },
    }),
    trustedDocumentsOnly: t.exposeBoolean('trustedDocumentsOnly', {
      description:
        'Whether the client may send the gateway’s registered (persisted) documents only: any other document is refused with PERSISTED_DOCUMENT_REQUIRED.',
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (c) => c.createdAt }),
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it last got an access token or made a request (recorded at most once a minute per replica).',
      resolve: (c) => c.lastUsedAt,
    }),
    revokedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When it was revoked: from then on the token endpoint refuses it and its tokens are UNAUTHENTICATED.',
      resolve: (c) => c.revokedAt,
    }),
  }),
});

builder.asEntity(ApiClientRef, {
  key: builder.selection<{ id: string }>('id'),
  // `api_clients.manage`: a workspace MEMBER is FORBIDDEN, anyone else gets the NOT_FOUND of a missing id.
  resolveReference: async (reference, ctx) => {
    const [found] = await managedApiClients(ctx.db, ctx.actor, [reference.id]);
    return unwrap(found!);
  },
});

export const ApiClientSecretRef = builder.objectRef<ApiClientSecretModel>('ApiClientSecret').implement({
  description:
    'A client and its secret, returned once, at creation or rotation: store the secret now, it is kept only as a hash and never answered again.',
  fields: (t) => ({
    client: t.field({ type: ApiClientRef, description: 'The client.', resolve: (s) => s.client }),
    clientId: t.string({ description: 'The OAuth `client_id` (the client’s id).', resolve: (s) => s.client.id }),
    clientSecret: t.exposeString('clientSecret', { description: 'The OAuth `client_secret`. Shown once.' }),
  }),
});

builder.objectField(UserRef, 'apiClient', (t) =>
  t.field({
    type: ApiClientRef,
    nullable: true,
    description:
      'The API client this user is the principal of (its runs’ `initiatedBy`), for a caller who manages the workspace’s API clients; null for people, and for other callers (`isApiClient` still says so).',
    resolve: async (user, _args, ctx) => {
      if (!user.apiClientId) return null;
      const [found] = await managedApiClients(ctx.db, ctx.actor, [user.apiClientId]);
      return found?.ok ? found.value : null;
    },
  }),
);

builder.queryFields((t) => ({
  apiClients: t.field({
    type: [ApiClientRef],
    description: 'The workspace’s API clients, revoked ones included, oldest first (workspace OWNER).',
    args: { workspaceId: t.arg.id({ required: true, description: 'The workspace.' }) },
    resolve: async (_root, args, ctx) => unwrap(await listApiClients(ctx.db, ctx.actor, String(args.workspaceId))),
  }),
}));

builder.mutationFields((t) => ({
  createApiClient: t.field({
    type: ApiClientSecretRef,
    description:
      'Creates an API client (workspace OWNER). It holds `roleCeiling` on each of its tenants: `tenantIds`, or every tenant of the workspace where the caller holds that role’s capabilities. A chosen tenant the caller is not a member of is NOT_FOUND; one where the caller’s role is below the ceiling is FORBIDDEN. The secret is answered here only.',
    args: {
      workspaceId: t.arg.id({ required: true, description: 'The workspace.' }),
      name: t.arg.string({ required: true, description: 'A name (1-100 characters), e.g. the partner tool.' }),
      roleCeiling: t.arg({
        type: TenantRole,
        required: true,
        description: `The highest role the client acts with: ${API_CLIENT_ROLE_CEILINGS.join(', ')} (OWNER is refused: members and archiving stay with people).`,
      }),
      tenantIds: t.arg.idList({
        description: 'The tenants it may use (1-500); left out: every tenant of the workspace the caller could grant.',
      }),
      trustedDocumentsOnly: t.arg.boolean({
        description: 'Restrict the client to the gateway’s registered (persisted) documents. Default false.',
      }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await createApiClient(ctx.db, ctx.actor, {
          workspaceId: String(args.workspaceId),
          name: args.name,
          roleCeiling: args.roleCeiling,
          tenantIds: args.tenantIds?.map(String) ?? null,
          trustedDocumentsOnly: args.trustedDocumentsOnly ?? null,
        }),
      ),
  }),
  rotateApiClientSecret: t.field({
    type: ApiClientSecretRef,
    description:
      'A new secret for the client (workspace OWNER): the old secret stops at once, and so do access tokens issued under it. CONFLICT for a revoked client.',
    args: { id: t.arg.id({ required: true, description: 'The client.' }) },
    resolve: async (_root, args, ctx) => unwrap(await rotateApiClientSecret(ctx.db, ctx.actor, String(args.id))),
  }),
  revokeApiClient: t.field({
    type: ApiClientRef,
    description:
      'Revokes the client for good (workspace OWNER): the token endpoint refuses it, and every request with a token issued before is UNAUTHENTICATED from the next one on, on every replica. Revoking it again answers it unchanged.',
    args: { id: t.arg.id({ required: true, description: 'The client.' }) },
    resolve: async (_root, args, ctx) =>
      unwrap(await revokeApiClient(ctx.db, ctx.actor, String(args.id), ctx.accessEvents)),
  }),
}));
