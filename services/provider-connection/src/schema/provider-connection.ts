/** ProviderConnection: the entity this subgraph owns, its query and its lifecycle mutations. */
import { adminConsentUrl } from '@msp/microsoft-graph';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { ConnectionContext } from '../context';
import type { ConnectionModel } from '../model';
import {
  blockersFor,
  blockersOf,
  createConnection,
  credentialStatusOf,
  deleteConnection,
  EXPIRING_SOON_MS,
  MAX_SECRET_BYTES,
  recordConsent,
  rotateCredentials,
  setConnectionEnabled,
  setDefaultConnection,
} from '../service/connections';
import { defineCreateProviderConnectionInput } from './create-input';
import { OperationRunRef, shared, TenantRef } from './shared';

const ConsentStatus = builder.enumType('ConsentStatus', {
  description: 'Admin consent for the app in the customer’s tenant, as last recorded.',
  values: {
    GRANTED: { value: 'GRANTED', description: 'An administrator granted admin consent.' },
    MISSING: { value: 'MISSING', description: 'Consent has not been granted yet.' },
    REVOKED: { value: 'REVOKED', description: 'Consent was granted, then revoked.' },
  } as const,
});

const CredentialStatus = builder.enumType('CredentialStatus', {
  description: 'The state of the stored client secret, derived from stored facts (no network call).',
  values: {
    VALID: { value: 'VALID', description: 'Stored, not expiring within 14 days, not rejected.' },
    EXPIRING_SOON: { value: 'EXPIRING_SOON', description: 'Stored and valid, but expires within 14 days.' },
    EXPIRED: { value: 'EXPIRED', description: 'Past its expiry.' },
    MISSING: { value: 'MISSING', description: 'No secret is stored.' },
    REJECTED: { value: 'REJECTED', description: 'Microsoft Graph rejected it; rotate it.' },
  } as const,
});

const ConnectionHealth = builder.enumType('ConnectionHealth', {
  description: 'What the last health check found.',
  values: {
    UNKNOWN: { value: 'UNKNOWN', description: 'No health check has run yet.' },
    HEALTHY: { value: 'HEALTHY', description: 'The last check succeeded.' },
    DEGRADED: {
      value: 'DEGRADED',
      description:
        'The last check succeeded with problems: Graph throttled or was unavailable, or the permissions granted in Entra drifted from the recorded ones (`permissionDrift`).',
    },
    UNHEALTHY: { value: 'UNHEALTHY', description: 'The last check failed.' },
  } as const,
});

const PermissionDriftRef = builder
  .objectRef<{ missing: string[]; extra: string[]; detectedAt: string; runId: string }>('PermissionDrift')
  .implement({
    description:
      'The application permissions Entra grants the app (read by a health check from its service principal’s app role assignments) differ from the ones recorded on the connection by its last verification. Cleared when they agree again (the permission restored) or when a verification records what is granted.',
    fields: (t) => ({
      missingPermissions: t.exposeStringList('missing', {
        description:
          'Recorded but no longer granted in Entra: operations needing one of these are BLOCKED (PROVIDER_PERMISSIONS_MISSING) until it is granted again.',
      }),
      extraPermissions: t.exposeStringList('extra', {
        description: 'Granted in Entra but not recorded: more than the connection was verified with.',
      }),
      detectedAt: t.field({
        type: 'DateTime',
        description: 'When this drift was first found.',
        resolve: (d) => new Date(d.detectedAt),
      }),
      run: t.field({
        type: OperationRunRef,
        description: 'The run that found it: a health check, or a run Graph refused for a missing permission.',
        resolve: (d) => ({ id: d.runId }),
      }),
    }),
  });

export const ProviderConnectionRef = builder.objectRef<ConnectionModel>('ProviderConnection').implement({
  description:
    'An Entra app registration used to reach Microsoft Graph for one managed tenant. Its secret is stored encrypted and never returned.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The provider connection id.' }),
    tenant: t.field({
      type: TenantRef,
      description: 'The tenant the connection reaches.',
      resolve: (c) => ({ id: c.tenantId }),
    }),
    displayName: t.exposeString('displayName', { description: 'The name operators gave it.' }),
    entraTenantId: t.exposeString('entraTenantId', { description: 'The customer’s Entra directory (tenant) ID.' }),
    clientId: t.exposeString('clientId', { description: 'The app registration’s client (application) ID.' }),
    isDefault: t.exposeBoolean('isDefault', { description: 'Whether starts without an explicit connection use it.' }),
    enabled: t.exposeBoolean('enabled', { description: 'A disabled connection blocks every start.' }),
    consentStatus: t.expose('consentStatus', { type: ConsentStatus, description: 'Admin consent, as last recorded.' }),
    credentialStatus: t.field({
      type: CredentialStatus,
      description: `Derived from the stored secret: MISSING, EXPIRED, REJECTED, EXPIRING_SOON (within ${EXPIRING_SOON_MS / 86_400_000} days) or VALID.`,
      resolve: (c) => credentialStatusOf(c, new Date()),
    }),
    credentialExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the stored secret expires, if known.',
      resolve: (c) => c.clientSecretExpiresAt,
    }),
    health: t.expose('health', { type: ConnectionHealth, description: 'What the last health check found.' }),
    lastHealthCheckAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last health check ran.',
      resolve: (c) => c.lastHealthCheckAt,
    }),
    recordedPermissions: t.field({
      type: ['String'],
      nullable: true,
      description:
        'The application permissions recorded on the connection by its last verification: what permission drift is measured against. Null until a verification has run.',
      resolve: (c) => c.grantedPermissions,
    }),
    grantedPermissions: t.field({
      type: ['String'],
      nullable: true,
      description:
        'The application permissions Entra granted the app when last read (a health check reads the service principal’s app role assignments). The truth the gate’s permission blockers decide from when known. Null until read.',
      resolve: (c) => c.observedPermissions,
    }),
    permissionDrift: t.field({
      type: PermissionDriftRef,
      nullable: true,
      description:
        'Set while the permissions granted in Entra differ from the recorded ones (health DEGRADED, or UNHEALTHY when a run was refused for a missing permission); null when they agree.',
      resolve: (c) => c.permissionDrift,
    }),
    permissionDriftClearedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the last permission drift was cleared (the permission restored, or a verification recorded the granted set).',
      resolve: (c) => c.permissionDriftClearedAt,
    }),
    credentialExpiryNotifiedFor: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'The secret expiry date the tenant’s owners and managers were warned about (notification CREDENTIALS_EXPIRING, once per connection and expiry date); null when no warning was sent for a secret.',
      resolve: (c) => c.credentialExpiryNotifiedFor,
    }),
    adminConsentUrl: t.string({
      description:
        'Where a Global Administrator of the customer’s directory grants tenant-wide admin consent to this app: the real Entra admin-consent page of the platform’s cloud (GRAPH_CLOUD). Record the consent here afterwards.',
      resolve: (c, _args, ctx) => adminConsentUrl(ctx.graphCloud, c.entraTenantId, c.clientId),
    }),
    blockers: t.field({
      type: [shared.ReasonCode],
      description:
        'What the gate would say right now, without starting anything: the union of the gate’s blockers over every operation a connection hosts except restore execution (TENANT_NOT_ACTIVE first, then most fundamental first). Empty: nothing blocks.',
      resolve: (c) => blockersOf(c, new Date()),
    }),
    blockersFor: t.field({
      type: [shared.ReasonCode],
      description:
        'What the gate would say right now for one operation, in its order: a start of that operation is BLOCKED with the first code.',
      args: {
        operationType: t.arg({ type: shared.ProviderOperationType, required: true, description: 'The operation.' }),
      },
      resolve: (c, args) => blockersFor(c, args.operationType, new Date()),
    }),
  }),
});

builder.asEntity(ProviderConnectionRef, {
  key: builder.selection<{ id: string }>('id'),
  // Authorized like `providerConnection`: another tenant's connection is NOT_FOUND.
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.connection.load(reference.id));
  },
});

/** Reloads a connection after a change (the loader may hold the state from before it). */
async function reload(ctx: ConnectionContext, id: string): Promise<ConnectionModel> {
  return unwrap(await ctx.loaders.connection.clear(id).load(id));
}

const deps = (ctx: ConnectionContext) => ({ db: ctx.db, secretBox: ctx.secretBox });

const CreateProviderConnectionInput = defineCreateProviderConnectionInput(builder);

builder.queryFields((t) => ({
  providerConnection: t.field({
    type: ProviderConnectionRef,
    nullable: true,
    description: 'A provider connection of a tenant the caller is a member of; NOT_FOUND otherwise.',
    args: { id: t.arg.id({ required: true, description: 'The provider connection id.' }) },
    resolve: async (_root, args, ctx) => {
      return unwrap(await ctx.loaders.connection.load(String(args.id)));
    },
  }),
}));

builder.mutationFields((t) => ({
  createProviderConnection: t.field({
    type: ProviderConnectionRef,
    description: 'Creates a provider connection (capability provider_connection.manage).',
    args: { input: t.arg({ type: CreateProviderConnectionInput, required: true, description: 'The connection.' }) },
    resolve: async (_root, { input }, ctx) => {
      const id = unwrap(
        await createConnection(deps(ctx), ctx.actor, {
          ...input,
          tenantId: String(input.tenantId),
        }),
      );
      return reload(ctx, id);
    },
  }),
  setDefaultProviderConnection: t.field({
    type: ProviderConnectionRef,
    description: 'Makes the connection its tenant’s only default (capability provider_connection.manage).',
    args: { id: t.arg.id({ required: true, description: 'The provider connection id.' }) },
    resolve: async (_root, args, ctx) =>
      reload(ctx, unwrap(await setDefaultConnection(deps(ctx), ctx.actor, String(args.id)))),
  }),
  enableProviderConnection: t.field({
    type: ProviderConnectionRef,
    description: 'Enables the connection (capability provider_connection.manage).',
    args: { id: t.arg.id({ required: true, description: 'The provider connection id.' }) },
    resolve: async (_root, args, ctx) =>
      reload(ctx, unwrap(await setConnectionEnabled(deps(ctx), ctx.actor, String(args.id), true))),
  }),
  disableProviderConnection: t.field({
    type: ProviderConnectionRef,
    description: 'Disables the connection: every start on it is BLOCKED (capability provider_connection.manage).',
    args: { id: t.arg.id({ required: true, description: 'The provider connection id.' }) },
    resolve: async (_root, args, ctx) =>
      reload(ctx, unwrap(await setConnectionEnabled(deps(ctx), ctx.actor, String(args.id), false))),
  }),
  recordProviderConsent: t.field({
    type: ProviderConnectionRef,
    description: 'Records the admin consent status (capability provider_connection.manage).',
    args: {
      id: t.arg.id({ required: true, description: 'The provider connection id.' }),
      status: t.arg({ type: ConsentStatus, required: true, description: 'The consent status.' }),
    },
    resolve: async (_root, args, ctx) =>
      reload(ctx, unwrap(await recordConsent(deps(ctx), ctx.actor, String(args.id), args.status))),
  }),
  rotateProviderCredentials: t.field({
    type: ProviderConnectionRef,
    description:
      'Replaces the client secret (stored encrypted, never returned) and clears a recorded rejection (capability provider_connection.manage).',
    args: {
      id: t.arg.id({ required: true, description: 'The provider connection id.' }),
      clientSecret: t.arg.string({
        required: true,
        description: `The new secret (at most ${MAX_SECRET_BYTES} bytes).`,
      }),
      expiresAt: t.arg({ type: 'DateTime', description: 'When the new secret expires (in the future).' }),
    },
    resolve: async (_root, args, ctx) =>
      reload(
        ctx,
        unwrap(
          await rotateCredentials(deps(ctx), ctx.actor, String(args.id), {
            clientSecret: args.clientSecret,
            expiresAt: args.expiresAt,
          }),
        ),
      ),
  }),
  deleteProviderConnection: t.id({
    description:
      'Deletes the connection (capability provider_connection.manage); CONFLICT while an active run holds it. Past runs keep their click-time snapshot.',
    args: { id: t.arg.id({ required: true, description: 'The provider connection id.' }) },
    resolve: async (_root, args, ctx) => unwrap(await deleteConnection(deps(ctx), ctx.actor, String(args.id))),
  }),
}));
