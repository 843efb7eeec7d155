/**
 * Seed factories for tests: short calls that build real rows, with usable defaults.
 * `const w = await seed.world()` gives an owner, a workspace, an ACTIVE tenant and a usable
 * default provider connection; everything else is added from there.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createSecretBox, type Database, schema, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@msp/db';
import type { OperationType, RunStatus, StartSurface, TenantRole } from '@msp/gate';
import { DEVELOPMENT_DEFAULTS } from '@msp/settings';

export const secretBox = createSecretBox(DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY);

type ConnectionOverrides = Partial<typeof schema.providerConnections.$inferInsert> & { secret?: string | null };

export function createSeed(db: Database) {
  const seed = {
    async user(overrides: Partial<typeof schema.users.$inferInsert> = {}) {
      const subject = overrides.subject ?? `user-${randomBytes(6).toString('hex')}`;
      const [row] = await db
        .insert(schema.users)
        .values({ subject, email: `${subject}@example.test`, displayName: subject, ...overrides })
        .returning();
      return row!;
    },

    async workspace(ownerId: string, name = 'Contoso MSP') {
      const [ws] = await db.insert(schema.workspaces).values({ name, createdBy: ownerId }).returning();
      await db.insert(schema.workspaceMembers).values({ workspaceId: ws!.id, userId: ownerId, role: 'OWNER' });
      return ws!;
    },

    async tenant(
      ownerId: string,
      overrides: Partial<typeof schema.tenants.$inferInsert> & { workspaceId?: string } = {},
    ) {
      const workspaceId = overrides.workspaceId ?? (await seed.workspace(ownerId)).id;
      const [t] = await db
        .insert(schema.tenants)
        .values({
          name: 'Fabrikam',
          entraTenantId: randomUUID(),
          primaryDomain: 'fabrikam.example',
          status: 'ACTIVE',
          ...overrides,
          workspaceId,
        })
        .returning();
      await seed.member(t!.id, ownerId, 'OWNER');
      return t!;
    },

    async member(tenantId: string, userId: string, role: TenantRole) {
      await db
        .insert(schema.tenantMembers)
        .values({ tenantId, userId, role })
        .onConflictDoUpdate({ target: [schema.tenantMembers.tenantId, schema.tenantMembers.userId], set: { role } });
    },

    /** A usable connection unless told otherwise: enabled, consented, with a valid secret. */
    async connection(tenantId: string, overrides: ConnectionOverrides = {}) {
      const { secret = 'sim-secret-value', ...rest } = overrides;
      const [c] = await db
        .insert(schema.providerConnections)
        .values({
          tenantId,
          displayName: 'Primary Graph app',
          entraTenantId: randomUUID(),
          clientId: randomUUID(),
          clientSecretEncrypted: secret === null ? null : secretBox.encrypt(secret),
          clientSecretExpiresAt: new Date(Date.now() + 180 * 24 * 3600 * 1000),
          isDefault: true,
          enabled: true,
          consentStatus: 'GRANTED',
          ...rest,
        })
        .returning();
      return c!;
    },

    /** An existing run, written directly (as if admitted earlier). */
    async run(options: {
      tenantId: string;
      providerConnectionId: string | null;
      operationType: OperationType;
      status?: RunStatus;
      initiatedBy?: string | null;
      target?: string;
      surface?: StartSurface;
    }) {
      const [r] = await db
        .insert(schema.operationRuns)
        .values({
          tenantId: options.tenantId,
          providerConnectionId: options.providerConnectionId,
          operationType: options.operationType,
          target: options.target ?? `tenant:${options.tenantId}`,
          initiatedFrom: options.surface ?? 'TENANT',
          initiatedBy: options.initiatedBy ?? null,
          status: options.status ?? 'RUNNING',
          outcome: options.status === 'COMPLETED' ? 'SUCCEEDED' : 'PENDING',
          dispatchedAt: new Date(),
        })
        .returning();
      return r!;
    },

    /**
     * An enabled webhook endpoint of a workspace, written directly (as `createWebhookEndpoint`
     * would, without its URL check), and its signing secret.
     */
    async webhookEndpoint(
      workspaceId: string,
      options: { url?: string; eventTypes?: WebhookEventType[]; enabled?: boolean } = {},
    ) {
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      const [endpoint] = await db
        .insert(schema.webhookEndpoints)
        .values({
          workspaceId,
          url: options.url ?? 'https://hooks.example.test/msp',
          eventTypes: options.eventTypes ?? [...WEBHOOK_EVENT_TYPES],
          enabled: options.enabled ?? true,
          secretEncrypted: secretBox.encrypt(secret),
        })
        .returning();
      return { endpoint: endpoint!, secret };
    },

    /** Owner, workspace, ACTIVE tenant and a usable default connection. */
    async world(options: { connection?: ConnectionOverrides } = {}) {
      const owner = await seed.user();
      const tenant = await seed.tenant(owner.id);
      const connection = await seed.connection(tenant.id, options.connection);
      return { owner, tenant, connection, workspaceId: tenant.workspaceId };
    },
  };
  return seed;
}

export type Seed = ReturnType<typeof createSeed>;
