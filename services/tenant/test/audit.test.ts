/**
 * Issue 16, acceptance 6: the audit log. Every start decision (each outcome, DEDUPED and
 * SCOPE_BUSY included) and every administrative change is exactly one append-only record naming
 * the actor and the target; the log is read by workspace OWNERs and tenant OWNERs/MANAGERs only;
 * no record ever holds a secret. Real PostgreSQL, Redis and servers (both action hosts over HTTP).
 */
import { randomUUID } from 'node:crypto';
import { signDevelopmentToken } from '@msp/auth';
import { type DbHandle, pruneAuditEvents, schema } from '@msp/db';
import { NOT_FOUND } from '@msp/gate';
import { auth } from '@msp/tests/support/action-hosts';
import { describe, expect } from '@msp/tests/support/fixtures';
import { asc, eq, sql } from 'drizzle-orm';
import { exportAuditEvents } from '../src/audit-export';
import { errorOf, gql, START_RESULT, test } from './helpers';

const SYNC = `mutation S($t: ID!) { startDirectoryGroupsSync(tenantId: $t) { ...Start } } ${START_RESULT}`;

type Db = DbHandle;

async function eventsOfTenant(db: Db, tenantId: string) {
  return db.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.tenantId, tenantId))
    .orderBy(asc(schema.auditEvents.id));
}

describe('audit log: start decisions', () => {
  test('a DEDUPED click, a SCOPE_BUSY click and a BLOCKED start each produce exactly one event with actor and target', async ({
    servers,
    seed,
    db,
  }) => {
    // DEDUPED: the same sync is running on the connection.
    const w = await seed.world();
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    const running = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'DIRECTORY_GROUPS_SYNC',
      initiatedBy: w.owner.id,
    });
    const deduped = (await gql(servers.tenant, operator, SYNC, { t: w.tenant.id })).data!.startDirectoryGroupsSync;
    expect(deduped).toMatchObject({ outcome: 'DEDUPED', run: { id: running.id } });
    const [dedupedEvent, ...noMore] = await eventsOfTenant(db, w.tenant.id);
    expect(noMore).toEqual([]);
    expect(dedupedEvent).toMatchObject({
      action: 'start.DIRECTORY_GROUPS_SYNC',
      outcome: 'DEDUPED',
      surface: 'TENANT',
      actorId: operator.id,
      apiClientId: null,
      workspaceId: w.workspaceId,
      runId: running.id,
      targetType: 'tenant',
      targetId: w.tenant.id,
    });

    // SCOPE_BUSY: a different operation holds the connection.
    const busy = await seed.world();
    const backup = await seed.run({
      tenantId: busy.tenant.id,
      providerConnectionId: busy.connection.id,
      operationType: 'POLICY_BACKUP',
    });
    const scoped = (await gql(servers.tenant, busy.owner, SYNC, { t: busy.tenant.id })).data!.startDirectoryGroupsSync;
    expect(scoped).toMatchObject({ outcome: 'SCOPE_BUSY', activeRun: { id: backup.id } });
    const busyEvents = await eventsOfTenant(db, busy.tenant.id);
    expect(busyEvents).toHaveLength(1);
    expect(busyEvents[0]).toMatchObject({
      action: 'start.DIRECTORY_GROUPS_SYNC',
      outcome: 'SCOPE_BUSY',
      actorId: busy.owner.id,
      runId: backup.id,
      targetType: 'tenant',
      targetId: busy.tenant.id,
    });

    // BLOCKED: consent missing; the event points at the recorded blocked attempt.
    const blocked = await seed.world({ connection: { consentStatus: 'MISSING' } });
    const answer = (await gql(servers.tenant, blocked.owner, SYNC, { t: blocked.tenant.id })).data!
      .startDirectoryGroupsSync;
    expect(answer).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'PROVIDER_CONSENT_MISSING' });
    const blockedEvents = await eventsOfTenant(db, blocked.tenant.id);
    expect(blockedEvents).toHaveLength(1);
    expect(blockedEvents[0]).toMatchObject({
      action: 'start.DIRECTORY_GROUPS_SYNC',
      outcome: 'BLOCKED',
      actorId: blocked.owner.id,
      runId: answer.blockedRun.id,
      targetType: 'tenant',
      targetId: blocked.tenant.id,
      detail: { reasonCode: 'PROVIDER_CONSENT_MISSING', providerConnectionId: blocked.connection.id },
    });

    // ACCEPTED, under the connection's lock: one event naming the new run.
    const free = await seed.world();
    const accepted = (await gql(servers.tenant, free.owner, SYNC, { t: free.tenant.id })).data!
      .startDirectoryGroupsSync;
    expect(accepted.outcome).toBe('ACCEPTED');
    const acceptedEvents = await eventsOfTenant(db, free.tenant.id);
    expect(acceptedEvents).toHaveLength(1);
    expect(acceptedEvents[0]).toMatchObject({ outcome: 'ACCEPTED', actorId: free.owner.id, runId: accepted.run.id });
  });

  test('the table is append-only: UPDATE, DELETE and TRUNCATE are refused; retention prunes the old records in batches', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world({ connection: { consentStatus: 'MISSING' } });
    for (let i = 0; i < 3; i++) await gql(servers.tenant, w.owner, SYNC, { t: w.tenant.id });
    const events = await eventsOfTenant(db, w.tenant.id);
    expect(events).toHaveLength(3);
    await expect(db.sql`update audit_events set action = 'forged' where tenant_id = ${w.tenant.id}`).rejects.toThrow(
      /append-only/,
    );
    await expect(db.sql`delete from audit_events where tenant_id = ${w.tenant.id}`).rejects.toThrow(/append-only/);
    await expect(db.sql`truncate audit_events`).rejects.toThrow(/append-only/);
    expect(await eventsOfTenant(db, w.tenant.id)).toHaveLength(3);

    // Retention: records older than the cutoff go, in batches of at most `batchSize`.
    const future = new Date(Date.now() + 60_000);
    const before = Number((await db.sql`select count(*)::int as n from audit_events`)[0]!.n);
    expect(before).toBeGreaterThanOrEqual(3);
    expect(await pruneAuditEvents(db.db, future, 2)).toBe(2);
    let left = before - 2;
    while (left > 0) left -= await pruneAuditEvents(db.db, future, 2);
    expect(await eventsOfTenant(db, w.tenant.id)).toEqual([]);
    // The bypass was for that transaction only.
    await gql(servers.tenant, w.owner, SYNC, { t: w.tenant.id });
    await expect(db.sql`delete from audit_events`).rejects.toThrow(/append-only/);
    const [{ n }] = (await db.db.execute(sql`select count(*)::int as n from audit_events`)) as unknown as [
      { n: number },
    ];
    expect(n).toBe(1);
  });
});

const AUDIT = `query A($w: ID!, $t: ID, $actor: ID, $action: String, $first: Int, $after: String) {
  auditEvents(workspaceId: $w, tenantId: $t, actorId: $actor, action: $action, first: $first, after: $after) {
    edges { cursor node { id at action actor { id email } apiClientId tenant { id } surface outcome run { id } targetType targetId detail } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const ROTATE = `mutation R($id: ID!, $s: String!) { rotateProviderCredentials(id: $id, clientSecret: $s) { id } }`;
const CREATE_CONNECTION = `mutation C($input: CreateProviderConnectionInput!) { createProviderConnection(input: $input) { id } }`;
const REMOVE = `mutation M($t: ID!, $u: ID!) { removeTenantMember(tenantId: $t, userId: $u) { id } }`;

describe('audit log: administrative changes and reading the log', () => {
  test('a secret rotation and a member removal each produce exactly one event with actor and target; no secret in any event', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world();
    const manager = await seed.user();
    await seed.member(w.tenant.id, manager.id, 'MANAGER');
    const leaving = await seed.user();
    await seed.member(w.tenant.id, leaving.id, 'OPERATOR');

    const created = await gql(servers.connection, manager, CREATE_CONNECTION, {
      input: {
        tenantId: w.tenant.id,
        displayName: 'Backup app',
        entraTenantId: '0e3c5f4a-1b2c-4d5e-8f90-1a2b3c4d5e6f',
        clientId: '5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d',
        clientSecret: 'created-secret-Zq9!x7',
      },
    });
    const connectionId = created.data!.createProviderConnection.id;
    const rotated = await gql(servers.connection, manager, ROTATE, { id: connectionId, s: 'rotated-secret-Wp4$k2' });
    expect(rotated.data!.rotateProviderCredentials.id).toBe(connectionId);
    const removed = await gql(servers.tenant, w.owner, REMOVE, { t: w.tenant.id, u: leaving.id });
    expect(removed.errors).toBeUndefined();

    const events = await eventsOfTenant(db, w.tenant.id);
    const rotations = events.filter((e) => e.action === 'provider_connection.rotate_credentials');
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({
      actorId: manager.id,
      workspaceId: w.workspaceId,
      targetType: 'provider_connection',
      targetId: connectionId,
    });
    const removals = events.filter((e) => e.action === 'tenant.members.remove');
    expect(removals).toHaveLength(1);
    expect(removals[0]).toMatchObject({
      actorId: w.owner.id,
      targetType: 'user',
      targetId: leaving.id,
      detail: { role: 'OPERATOR' },
    });
    expect(events.filter((e) => e.action === 'provider_connection.create')).toHaveLength(1);

    // No secret anywhere in the log: neither the stored row nor what the API answers.
    const everything = JSON.stringify(await db.db.select().from(schema.auditEvents));
    const read = await gql(servers.tenant, w.owner, AUDIT, { w: w.workspaceId, first: 100 });
    for (const secret of ['created-secret-Zq9!x7', 'rotated-secret-Wp4$k2', 'sim-secret-value']) {
      expect(everything).not.toContain(secret);
      expect(read.raw).not.toContain(secret);
    }
    // The rotation as the API answers it: actor and target.
    const node = read.data!.auditEvents.edges.find(
      (e: { node: { action: string } }) => e.node.action === 'provider_connection.rotate_credentials',
    ).node;
    expect(node).toMatchObject({
      actor: { id: manager.id },
      tenant: { id: w.tenant.id },
      targetType: 'provider_connection',
      targetId: connectionId,
    });
  });

  test('OWNER and MANAGER read the log; a READONLY member (or OPERATOR) is FORBIDDEN, a stranger NOT_FOUND as for a missing workspace', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world({ connection: { consentStatus: 'MISSING' } });
    await gql(servers.tenant, w.owner, SYNC, { t: w.tenant.id });
    const roles = { MANAGER: await seed.user(), OPERATOR: await seed.user(), READONLY: await seed.user() };
    for (const [role, user] of Object.entries(roles)) await seed.member(w.tenant.id, user.id, role as 'MANAGER');

    for (const reader of [w.owner, roles.MANAGER]) {
      const page = await gql(servers.tenant, reader, AUDIT, { w: w.workspaceId });
      expect(page.errors).toBeUndefined();
      expect(page.data!.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action)).toContain(
        'start.DIRECTORY_GROUPS_SYNC',
      );
      const byTenant = await gql(servers.tenant, reader, AUDIT, { w: w.workspaceId, t: w.tenant.id });
      expect(byTenant.data!.auditEvents.edges.length).toBeGreaterThan(0);
    }
    for (const reader of [roles.READONLY, roles.OPERATOR]) {
      for (const vars of [{ w: w.workspaceId }, { w: w.workspaceId, t: w.tenant.id }]) {
        const denied = errorOf(await gql(servers.tenant, reader, AUDIT, vars));
        expect(denied.code).toBe('FORBIDDEN');
        expect(denied.message).toMatch(/audit\.view/);
      }
    }
    const stranger = await seed.user();
    const hidden = errorOf(await gql(servers.tenant, stranger, AUDIT, { w: w.workspaceId }));
    const missing = errorOf(await gql(servers.tenant, stranger, AUDIT, { w: randomUUID() }));
    expect(hidden).toEqual({ code: 'NOT_FOUND', message: NOT_FOUND.workspace, field: undefined });
    expect(hidden).toEqual(missing);
    const hiddenTenant = errorOf(await gql(servers.tenant, stranger, AUDIT, { w: w.workspaceId, t: w.tenant.id }));
    expect(hiddenTenant.code).toBe('NOT_FOUND');
    // A workspace OWNER who is not a member of a tenant reads the workspace's own records only.
    const other = await seed.tenant(w.owner.id, { workspaceId: w.workspaceId, name: 'Other' });
    const outsider = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspaceId, userId: outsider.id, role: 'OWNER' });
    const wsOwnerView = await gql(servers.tenant, outsider, AUDIT, { w: w.workspaceId, first: 100 });
    expect(wsOwnerView.errors).toBeUndefined();
    expect(
      wsOwnerView.data!.auditEvents.edges.filter((e: { node: { tenant: unknown } }) => e.node.tenant !== null),
    ).toEqual([]);
    expect(errorOf(await gql(servers.tenant, outsider, AUDIT, { w: w.workspaceId, t: other.id })).code).toBe(
      'NOT_FOUND',
    );
  });

  test('cursor pagination, filters, and hostile input: bad cursors, huge first, malformed ids are coded errors', async ({
    servers,
    seed,
    db,
  }) => {
    const w = await seed.world({ connection: { consentStatus: 'MISSING' } });
    const operator = await seed.user();
    await seed.member(w.tenant.id, operator.id, 'OPERATOR');
    for (let i = 0; i < 3; i++) await gql(servers.tenant, w.owner, SYNC, { t: w.tenant.id });
    for (let i = 0; i < 2; i++) await gql(servers.tenant, operator, SYNC, { t: w.tenant.id });

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await gql(servers.tenant, w.owner, AUDIT, { w: w.workspaceId, t: w.tenant.id, first: 2, after })
      ).data!.auditEvents;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // Five decisions, newest first, each once across the pages.
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);

    const byOperator = await gql(servers.tenant, w.owner, AUDIT, { w: w.workspaceId, actor: operator.id });
    expect(byOperator.data!.auditEvents.edges).toHaveLength(2);
    const byAction = await gql(servers.tenant, w.owner, AUDIT, { w: w.workspaceId, action: 'tenant.members.remove' });
    expect(byAction.data!.auditEvents.edges).toEqual([]);

    const countBefore = (await db.db.select().from(schema.auditEvents)).length;
    const hostile: Array<[Record<string, unknown>, string]> = [
      [{ w: w.workspaceId, after: 'not-a-cursor' }, 'after'],
      [{ w: w.workspaceId, after: Buffer.from('audit:-1').toString('base64url') }, 'after'],
      [{ w: w.workspaceId, after: Buffer.from("audit:1' or 1=1").toString('base64url') }, 'after'],
      [{ w: w.workspaceId, after: 'x'.repeat(5000) }, 'after'],
      [{ w: w.workspaceId, first: 101 }, 'first'],
      [{ w: w.workspaceId, first: 0 }, 'first'],
      [{ w: w.workspaceId, first: -5 }, 'first'],
      [{ w: 'not-a-uuid' }, 'workspaceId'],
      [{ w: w.workspaceId, t: 'nope' }, 'tenantId'],
      [{ w: w.workspaceId, actor: 'nope' }, 'actorId'],
      [{ w: w.workspaceId, action: 'x'.repeat(500) }, 'action'],
    ];
    for (const [vars, field] of hostile) {
      const error = errorOf(await gql(servers.tenant, w.owner, AUDIT, vars));
      expect({ vars, code: error.code, field: error.field }).toEqual({ vars, code: 'BAD_USER_INPUT', field });
    }
    // A huge page is refused before it runs, by the operation cost limit every subgraph applies.
    const huge = errorOf(await gql(servers.tenant, w.owner, AUDIT, { w: w.workspaceId, first: 1_000_000 }));
    expect(huge.code).toBe('OPERATION_TOO_COMPLEX');
    // Reading writes nothing.
    expect((await db.db.select().from(schema.auditEvents)).length).toBe(countBefore);
  });
});

describe('audit log: NDJSON export', () => {
  test('exports every record the caller may read, one JSON object per line, newest first; READONLY is FORBIDDEN and a stranger NOT_FOUND before a line is written', async ({
    servers,
    seed,
  }) => {
    const w = await seed.world({ connection: { consentStatus: 'MISSING' } });
    // More than one page of the export (100 per request).
    for (let i = 0; i < 105; i++) await gql(servers.tenant, w.owner, SYNC, { t: w.tenant.id });
    const token = (user: { subject: string }) => signDevelopmentToken(auth.jwtSecret, user.subject);
    const lines: string[] = [];
    const n = await exportAuditEvents({
      url: servers.tenant.url,
      token: await token(w.owner),
      workspaceId: w.workspaceId,
      tenantId: w.tenant.id,
      write: (line) => {
        lines.push(line);
      },
    });
    expect(n).toBe(105);
    const records = lines.map((line) => {
      expect(line.endsWith('\n')).toBe(true);
      return JSON.parse(line);
    });
    expect(new Set(records.map((r) => r.id)).size).toBe(105);
    expect(records[0]).toMatchObject({
      action: 'start.DIRECTORY_GROUPS_SYNC',
      outcome: 'BLOCKED',
      actorId: w.owner.id,
      tenantId: w.tenant.id,
      targetType: 'tenant',
      targetId: w.tenant.id,
    });
    expect(Number(records[0].id)).toBeGreaterThan(Number(records[104].id));

    const reader = await seed.user();
    await seed.member(w.tenant.id, reader.id, 'READONLY');
    const stranger = await seed.user();
    for (const [user, code] of [
      [reader, 'FORBIDDEN'],
      [stranger, 'NOT_FOUND'],
    ] as const) {
      const written: string[] = [];
      const refused = exportAuditEvents({
        url: servers.tenant.url,
        token: await token(user),
        workspaceId: w.workspaceId,
        write: (line) => {
          written.push(line);
        },
      });
      await expect(refused).rejects.toMatchObject({ code });
      expect(written).toEqual([]);
    }
  });
});
