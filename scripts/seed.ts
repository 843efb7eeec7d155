/**
 * The quickstart world: `npm run seed` (on demand; `npm start` runs it on an empty database).
 *
 * Users (development token subjects): owner, operator, readonly, stranger.
 * - Workspace "Contoso MSP" (owner: OWNER).
 * - "Fabrikam": ACTIVE, a usable default connection (its Entra tenant id is unknown to the Graph
 *   simulator, which treats unknown tenants as consented with every permission) → ACCEPTED.
 *   Members: owner OWNER, operator OPERATOR, readonly READONLY (→ FORBIDDEN on starts). It also
 *   has a completed POLICY_BACKUP run with a finished backup set: ready for a restore.
 * - "Northwind": its default connection's admin consent is MISSING → BLOCKED (CONSENT_MISSING).
 * - "Tailspin": a RUNNING DIRECTORY_GROUPS_SYNC on its default connection → starting the
 *   same sync is DEDUPED.
 * - "Wingtip": a RUNNING POLICY_BACKUP on its default connection → starting a directory sync
 *   there is SCOPE_BUSY.
 * - Workspace "Onboarding sandbox" (owner: OWNER) with an onboarding session for "Adatum" (tenant
 *   ONBOARDING, owner OWNER): its provider is connected and consent recorded, so the wizard's
 *   verification step is next (ACCEPTED), then bootstrap. The workspace also takes new sessions.
 *
 * The two active runs are written as RUNNING, started now, and never handed to the queue
 * (`dispatched_at` null): the worker never picks them up, the outbox dispatcher only sends
 * QUEUED runs and the reaper only checks dispatched ones, so they stay active for as long as the
 * quickstart is used; a slowed-down simulator tenant would only delay them by Graph's timeout
 * and retries (minutes), after which the dedupe/scope-busy checks would quietly stop working.
 * Stranger is a member of nothing: every tenant-scoped read answers NOT_FOUND.
 */
import { createDb, createSecretBox, type Database, schema } from '@msp/db';
import { databaseSettings, encryptionSettings, processSettings, readSettings, settingsOrExit } from '@msp/settings';
import { count } from 'drizzle-orm';
import { z } from 'zod';

export const QUICKSTART_SUBJECTS = ['owner', 'operator', 'readonly', 'stranger'] as const;

/** Fixed ids so the printed world is the same on every machine. */
export const QUICKSTART_ENTRA = {
  fabrikam: '11111111-1111-4111-8111-111111111111',
  northwind: '22222222-2222-4222-8222-222222222222',
  tailspin: '33333333-3333-4333-8333-333333333333',
  wingtip: '44444444-4444-4444-8444-444444444444',
  adatum: '55555555-5555-4555-8555-555555555555',
} as const;

export interface QuickstartWorld {
  users: Record<(typeof QUICKSTART_SUBJECTS)[number], string>;
  workspaceId: string;
  onboardingWorkspaceId: string;
  onboarding: { sessionId: string; tenantId: string; connectionId: string };
  tenants: { usable: string; blocked: string; dedupe: string; scopeBusy: string };
  connections: { usable: string; blocked: string; dedupe: string; scopeBusy: string };
  runs: { dedupe: string; scopeBusy: string; backup: string };
  backupId: string;
}

export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(schema.users);
  return (row?.n ?? 0) === 0;
}

export async function seedQuickstart(db: Database, secretEncryptionKey: string): Promise<QuickstartWorld> {
  const box = createSecretBox(secretEncryptionKey);
  return db.transaction(async (tx) => {
    const users = {} as QuickstartWorld['users'];
    for (const subject of QUICKSTART_SUBJECTS) {
      const [u] = await tx
        .insert(schema.users)
        .values({
          subject,
          email: `${subject}@contoso.example`,
          displayName: subject[0]!.toUpperCase() + subject.slice(1),
        })
        .returning();
      users[subject] = u!.id;
    }

    const workspace = async (name: string) => {
      const [ws] = await tx.insert(schema.workspaces).values({ name, createdBy: users.owner }).returning();
      await tx.insert(schema.workspaceMembers).values({ workspaceId: ws!.id, userId: users.owner, role: 'OWNER' });
      return ws!.id;
    };
    const workspaceId = await workspace('Contoso MSP');
    const onboardingWorkspaceId = await workspace('Onboarding sandbox');

    const tenant = async (name: string, domain: string, entraTenantId: string) => {
      const [t] = await tx
        .insert(schema.tenants)
        .values({ workspaceId, name, entraTenantId, primaryDomain: domain, status: 'ACTIVE' })
        .returning();
      await tx.insert(schema.tenantMembers).values([
        { tenantId: t!.id, userId: users.owner, role: 'OWNER' },
        { tenantId: t!.id, userId: users.operator, role: 'OPERATOR' },
        { tenantId: t!.id, userId: users.readonly, role: 'READONLY' },
      ]);
      return t!.id;
    };
    const connection = async (
      tenantId: string,
      entraTenantId: string,
      overrides: Partial<typeof schema.providerConnections.$inferInsert> = {},
    ) => {
      const [c] = await tx
        .insert(schema.providerConnections)
        .values({
          tenantId,
          displayName: 'Primary Graph app',
          entraTenantId,
          clientId: entraTenantId.replace(/^.{8}/, 'c1c1c1c1'),
          clientSecretEncrypted: box.encrypt('quickstart-secret'),
          clientSecretExpiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000),
          isDefault: true,
          enabled: true,
          consentStatus: 'GRANTED',
          ...overrides,
        })
        .returning();
      return c!;
    };
    const snapshot = (c: { id: string; displayName: string; entraTenantId: string; clientId: string }) => ({
      id: c.id,
      displayName: c.displayName,
      entraTenantId: c.entraTenantId,
      clientId: c.clientId,
    });

    const usable = await tenant('Fabrikam', 'fabrikam.example', QUICKSTART_ENTRA.fabrikam);
    const usableConnection = await connection(usable, QUICKSTART_ENTRA.fabrikam);
    const blocked = await tenant('Northwind', 'northwind.example', QUICKSTART_ENTRA.northwind);
    const blockedConnection = await connection(blocked, QUICKSTART_ENTRA.northwind, { consentStatus: 'MISSING' });
    const dedupe = await tenant('Tailspin', 'tailspin.example', QUICKSTART_ENTRA.tailspin);
    const dedupeConnection = await connection(dedupe, QUICKSTART_ENTRA.tailspin);
    const scopeBusy = await tenant('Wingtip', 'wingtip.example', QUICKSTART_ENTRA.wingtip);
    const scopeBusyConnection = await connection(scopeBusy, QUICKSTART_ENTRA.wingtip);

    const now = new Date();
    const activeRun = async (
      tenantId: string,
      c: typeof usableConnection,
      operationType: 'DIRECTORY_GROUPS_SYNC' | 'POLICY_BACKUP',
    ) => {
      const [r] = await tx
        .insert(schema.operationRuns)
        .values({
          tenantId,
          operationType,
          target: `tenant:${tenantId}`,
          initiatedFrom: 'TENANT',
          initiatedBy: users.operator,
          providerConnectionId: c.id,
          providerConnectionSnapshot: snapshot(c),
          status: 'RUNNING',
          outcome: 'PENDING',
          attempts: 1,
          startedAt: now,
          // Never dispatched: see the module comment.
          dispatchedAt: null,
        })
        .returning();
      return r!.id;
    };
    const dedupeRun = await activeRun(dedupe, dedupeConnection, 'DIRECTORY_GROUPS_SYNC');
    const scopeBusyRun = await activeRun(scopeBusy, scopeBusyConnection, 'POLICY_BACKUP');

    // A finished backup of Fabrikam, as the worker's POLICY_BACKUP leaves it.
    const [backupRun] = await tx
      .insert(schema.operationRuns)
      .values({
        tenantId: usable,
        operationType: 'POLICY_BACKUP',
        target: `tenant:${usable}`,
        initiatedFrom: 'TENANT',
        initiatedBy: users.owner,
        providerConnectionId: usableConnection.id,
        providerConnectionSnapshot: snapshot(usableConnection),
        status: 'COMPLETED',
        outcome: 'SUCCEEDED',
        progressTotal: 2,
        progressProcessed: 2,
        progressSucceeded: 2,
        attempts: 1,
        dispatchedAt: new Date(now.getTime() - 3_600_000),
        createdAt: new Date(now.getTime() - 3_600_000),
        startedAt: new Date(now.getTime() - 3_590_000),
        completedAt: new Date(now.getTime() - 3_580_000),
      })
      .returning();
    const [backup] = await tx
      .insert(schema.policyBackups)
      .values({
        tenantId: usable,
        operationRunId: backupRun!.id,
        providerConnectionId: usableConnection.id,
        itemCount: 2,
        completedAt: new Date(now.getTime() - 3_580_000),
      })
      .returning();
    const policies = [
      { id: 'quickstart-policy-1', name: 'Windows baseline' },
      { id: 'quickstart-policy-2', name: 'BitLocker' },
    ];
    await tx.insert(schema.policyBackupItems).values(
      policies.map((p) => ({
        backupId: backup!.id,
        policyId: p.id,
        displayName: p.name,
        policyType: 'deviceManagementConfigurationPolicy',
        payload: {
          id: p.id,
          name: p.name,
          platforms: 'windows10',
          technologies: 'mdm',
          settings: [],
        },
      })),
    );

    // An onboarding session halfway through the wizard, as createOnboardingSession,
    // connectOnboardingProvider and recordProviderConsent leave it.
    const [adatum] = await tx
      .insert(schema.tenants)
      .values({
        workspaceId: onboardingWorkspaceId,
        name: 'Adatum',
        entraTenantId: QUICKSTART_ENTRA.adatum,
        primaryDomain: 'adatum.example',
        status: 'ONBOARDING',
      })
      .returning();
    await tx.insert(schema.tenantMembers).values({ tenantId: adatum!.id, userId: users.owner, role: 'OWNER' });
    const adatumConnection = await connection(adatum!.id, QUICKSTART_ENTRA.adatum, {
      displayName: 'Onboarding Graph app',
    });
    const [session] = await tx
      .insert(schema.onboardingSessions)
      .values({
        workspaceId: onboardingWorkspaceId,
        tenantId: adatum!.id,
        providerConnectionId: adatumConnection.id,
        currentStep: 'VERIFICATION',
        createdBy: users.owner,
      })
      .returning();

    return {
      users,
      workspaceId,
      onboardingWorkspaceId,
      onboarding: { sessionId: session!.id, tenantId: adatum!.id, connectionId: adatumConnection.id },
      tenants: { usable, blocked, dedupe, scopeBusy },
      connections: {
        usable: usableConnection.id,
        blocked: blockedConnection.id,
        dedupe: dedupeConnection.id,
        scopeBusy: scopeBusyConnection.id,
      },
      runs: { dedupe: dedupeRun, scopeBusy: scopeBusyRun, backup: backupRun!.id },
      backupId: backup!.id,
    };
  });
}

/** A readable summary of the world, for the console. */
export function describeWorld(world: QuickstartWorld): string {
  return [
    `  workspace "Contoso MSP"        ${world.workspaceId}`,
    `  tenant "Fabrikam" (usable)     ${world.tenants.usable}  connection ${world.connections.usable}`,
    `  tenant "Northwind" (blocked)   ${world.tenants.blocked}  consent missing`,
    `  tenant "Tailspin" (dedupe)     ${world.tenants.dedupe}  RUNNING DIRECTORY_GROUPS_SYNC ${world.runs.dedupe}`,
    `  tenant "Wingtip" (scope busy)  ${world.tenants.scopeBusy}  RUNNING POLICY_BACKUP ${world.runs.scopeBusy}`,
    `  backup ready for restore       ${world.backupId} (Fabrikam)`,
    `  workspace "Onboarding sandbox" ${world.onboardingWorkspaceId}`,
    `  onboarding session (Adatum)    ${world.onboarding.sessionId}  verification next`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = settingsOrExit(() =>
    readSettings(z.object({ ...processSettings, ...databaseSettings, ...encryptionSettings }), {
      what: 'npm run seed',
    }),
  );
  const { ensureDatabase, runMigrations } = await import('@msp/db');
  await ensureDatabase(env.DATABASE_URL);
  await runMigrations(env.DATABASE_URL);
  const handle = createDb({ url: env.DATABASE_URL, max: 2, applicationName: 'msp-seed' });
  try {
    if (!(await isEmpty(handle.db))) {
      console.log(
        'The database already has users: not seeding (drop the database, or point DATABASE_URL at a new one, to start over).',
      );
    } else {
      const world = await seedQuickstart(handle.db, env.SECRET_ENCRYPTION_KEY);
      console.log(
        `Seeded the quickstart world into ${new URL(env.DATABASE_URL).pathname.slice(1)}:\n${describeWorld(world)}`,
      );
    }
  } finally {
    await handle.close();
  }
}
