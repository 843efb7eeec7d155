/**
 * The authorization matrix: for every action in the registry, a non-member, a member of each
 * role, and (for workspace actions) each workspace role. The expectations are written out here
 * from the product's table, not derived from the registry they check.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { and, eq, inArray } from 'drizzle-orm';
import {
  ACTIONS,
  type ActionName,
  API_CLIENT_ROLE_CEILINGS,
  authorizeConnection,
  authorizeTenant,
  authorizeTenantPairs,
  authorizeWorkspace,
  capabilitiesOf,
  MUTATION_ACTIONS,
  OPERATION_TYPES,
  TENANT_KEEPER_CAPABILITY,
  type TenantAction,
  type TenantRole,
  tenantRoleCovers,
  tenantRolesWith,
  type WorkspaceAction,
} from '../src';
import { gateFor } from './helpers';

const ALL: TenantRole[] = ['OWNER', 'MANAGER', 'OPERATOR', 'READONLY'];
const OPERATE: TenantRole[] = ['OWNER', 'MANAGER', 'OPERATOR'];
const MANAGE: TenantRole[] = ['OWNER', 'MANAGER'];

/** ARCHITECTURE.md, "The capability registry". */
const EXPECTED_TENANT: Record<TenantAction, TenantRole[]> = {
  'tenant.view': ALL,
  'operations.view': ALL,
  'start.PROVIDER_VERIFICATION': OPERATE,
  'start.PROVIDER_CONNECTION_HEALTH_CHECK': OPERATE,
  'start.DIRECTORY_GROUPS_SYNC': OPERATE,
  'start.ROLE_DEFINITIONS_SYNC': OPERATE,
  'start.POLICY_BACKUP': OPERATE,
  'restore.create': OPERATE,
  'restore.preview': OPERATE,
  'restore.rerun': OPERATE,
  'start.RESTORE_EXECUTION': MANAGE,
  'provider_connection.create': MANAGE,
  'provider_connection.set_default': MANAGE,
  'provider_connection.enable': MANAGE,
  'provider_connection.disable': MANAGE,
  'provider_connection.record_consent': MANAGE,
  'provider_connection.rotate_credentials': MANAGE,
  'provider_connection.delete': MANAGE,
  'tenant.members.add': ['OWNER'],
  'tenant.members.remove': ['OWNER'],
  'tenant.members.change_role': ['OWNER'],
  'tenant.members.invite': ['OWNER'],
  'tenant.invitations.view': ['OWNER'],
  'tenant.invitations.revoke': ['OWNER'],
  'tenant.members.view': ALL,
  // Issue 16: the audit log, for whoever manages the tenant's connections and restores.
  'audit.view': MANAGE,
  'tenant.archive': ['OWNER'],
  'tenant.unarchive': ['OWNER'],
  // Issue 17: a tenant's schedules are seen by whoever sees its runs; another member's schedule is
  // changed by whoever may start every operation.
  'schedules.view': ALL,
  'schedules.manage_others': MANAGE,
};
const EXPECTED_WORKSPACE: Record<WorkspaceAction, Array<'OWNER' | 'MEMBER'>> = {
  'workspace.view': ['OWNER', 'MEMBER'],
  'tenant.create': ['OWNER'],
  'onboarding.manage': ['OWNER'],
  'api_clients.manage': ['OWNER'],
  'api_clients.create': ['OWNER'],
  'api_clients.rotate_secret': ['OWNER'],
  'api_clients.revoke': ['OWNER'],
  'workspace.audit.view': ['OWNER'],
  'workspace.members.view': ['OWNER', 'MEMBER'],
  // Issue 17: outbound webhook endpoints, like API clients, are the workspace OWNERs'.
  'webhooks.manage': ['OWNER'],
  'webhooks.create': ['OWNER'],
  'webhooks.update': ['OWNER'],
  'webhooks.enable': ['OWNER'],
  'webhooks.disable': ['OWNER'],
  'webhooks.rotate_secret': ['OWNER'],
  'webhooks.delete': ['OWNER'],
  'webhooks.redeliver': ['OWNER'],
  'webhooks.redeliver_failed': ['OWNER'],
};

const tenantActions = (Object.keys(ACTIONS) as ActionName[]).filter(
  (a) => ACTIONS[a].scope === 'tenant',
) as TenantAction[];
const workspaceActions = (Object.keys(ACTIONS) as ActionName[]).filter(
  (a) => ACTIONS[a].scope === 'workspace',
) as WorkspaceAction[];

describe('the registry covers the product table', () => {
  test('every registry action has an expectation here, and back', () => {
    expect(new Set(tenantActions)).toEqual(new Set(Object.keys(EXPECTED_TENANT)));
    expect(new Set(workspaceActions)).toEqual(new Set(Object.keys(EXPECTED_WORKSPACE)));
    const userActions = (Object.keys(ACTIONS) as ActionName[]).filter((a) => ACTIONS[a].scope === 'user');
    expect(userActions.sort()).toEqual(['notifications.own', 'workspace.create']);
  });

  test('every mutation of the contract names a registered action', () => {
    for (const [mutation, actions] of Object.entries(MUTATION_ACTIONS)) {
      for (const action of actions) expect(ACTIONS[action], mutation).toBeDefined();
    }
  });

  test('adding and removing members need the same capability, tenant.members.manage; the mutations say so', () => {
    expect(ACTIONS['tenant.members.remove']).toEqual({ scope: 'tenant', capability: 'tenant.members.manage' });
    expect(ACTIONS['tenant.members.remove']).toEqual(ACTIONS['tenant.members.add']);
    expect(MUTATION_ACTIONS.removeTenantMember).toEqual(['tenant.members.remove']);
    expect(MUTATION_ACTIONS.addTenantMember).toEqual(['tenant.members.add']);
  });

  test('a tenant must keep a member who can manage members: the OWNER role', () => {
    expect(TENANT_KEEPER_CAPABILITY).toBe('tenant.members.manage');
    expect(tenantRolesWith(TENANT_KEEPER_CAPABILITY)).toEqual(['OWNER']);
    expect(tenantRolesWith('operations.view')).toEqual(ALL);
  });

  test('an API client is given a role without the keeper capability, and a creator covers it only from at least that role', () => {
    expect(API_CLIENT_ROLE_CEILINGS).toEqual(['MANAGER', 'OPERATOR', 'READONLY']);
    expect(tenantRoleCovers('OWNER', 'MANAGER')).toBe(true);
    expect(tenantRoleCovers('OPERATOR', 'OPERATOR')).toBe(true);
    expect(tenantRoleCovers('OPERATOR', 'READONLY')).toBe(true);
    expect(tenantRoleCovers('OPERATOR', 'MANAGER')).toBe(false);
    expect(tenantRoleCovers('READONLY', 'OPERATOR')).toBe(false);
  });

  test('myCapabilities lists exactly what the role may do', () => {
    expect(capabilitiesOf('READONLY')).toEqual(['tenant.view', 'operations.view']);
    expect(capabilitiesOf('OWNER')).toContain('tenant.archive');
    expect(capabilitiesOf('MANAGER')).not.toContain('tenant.archive');
    expect(capabilitiesOf('OPERATOR')).not.toContain('restore.execute');
  });
});

describe('authorization against stored memberships', () => {
  let world: {
    tenantId: string;
    workspaceId: string;
    connectionId: string;
    users: Record<TenantRole | 'STRANGER' | 'WS_MEMBER', string>;
  };

  test.sequential('tenant actions: non-member NOT_FOUND (as for a missing id), role matrix otherwise', async ({
    db,
    seed,
  }) => {
    const w = await seed.world();
    const users = { OWNER: w.owner.id } as Record<TenantRole | 'STRANGER' | 'WS_MEMBER', string>;
    for (const role of ['MANAGER', 'OPERATOR', 'READONLY'] as const) {
      const u = await seed.user();
      await seed.member(w.tenant.id, u.id, role);
      users[role] = u.id;
    }
    users.STRANGER = (await seed.user()).id;
    const wsMember = await seed.user();
    await db.db
      .insert(schema.workspaceMembers)
      .values({ workspaceId: w.workspaceId, userId: wsMember.id, role: 'MEMBER' });
    users.WS_MEMBER = wsMember.id;
    world = { tenantId: w.tenant.id, workspaceId: w.workspaceId, connectionId: w.connection.id, users };

    for (const action of tenantActions) {
      const stranger = await authorizeTenant(db.db, { userId: users.STRANGER }, world.tenantId, action);
      const missing = await authorizeTenant(db.db, { userId: users.OWNER }, randomUUID(), action);
      expect(stranger, action).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Tenant not found.' } });
      expect(missing, action).toEqual(stranger);
      const viaConnection = await authorizeConnection(db.db, { userId: users.STRANGER }, world.connectionId, action);
      expect(viaConnection, action).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Provider connection not found.' },
      });
      // A workspace member who is not a tenant member is a stranger to the tenant.
      const wsOnly = await authorizeTenant(db.db, { userId: users.WS_MEMBER }, world.tenantId, action);
      expect(wsOnly, action).toEqual(stranger);

      for (const role of ALL) {
        const r = await authorizeTenant(db.db, { userId: users[role] }, world.tenantId, action);
        const c = await authorizeConnection(db.db, { userId: users[role] }, world.connectionId, action);
        if (EXPECTED_TENANT[action].includes(role)) {
          expect(r.ok, `${role} ${action}`).toBe(true);
          expect(c.ok, `${role} ${action} via connection`).toBe(true);
        } else {
          expect(r.ok ? null : r.error.code, `${role} ${action}`).toBe('FORBIDDEN');
          expect(c.ok ? null : c.error.code, `${role} ${action} via connection`).toBe('FORBIDDEN');
        }
      }
    }
  });

  test.sequential('re-checks in one query answer, pair by pair, what authorizeTenant answers', async ({ db, seed }) => {
    const other = await seed.world();
    const people = Object.values(world.users);
    const tenants = [world.tenantId, other.tenant.id, randomUUID(), 'not-a-uuid'];
    const pairs = people.flatMap((userId) => tenants.map((tenantId) => ({ userId, tenantId })));
    for (const action of tenantActions) {
      const batched = await authorizeTenantPairs(db.db, pairs, action);
      const oneByOne = await Promise.all(
        pairs.map(async (p) => {
          const r = await authorizeTenant(db.db, { userId: p.userId }, p.tenantId, action);
          // A malformed id is BAD_USER_INPUT when asked directly; a re-check only knows "gone".
          return !r.ok && r.error.code === 'BAD_USER_INPUT'
            ? { ok: false, error: { code: 'NOT_FOUND', message: 'Tenant not found.' } }
            : r;
        }),
      );
      expect(batched, action).toEqual(oneByOne);
    }
    expect(await authorizeTenantPairs(db.db, [], 'operations.view')).toEqual([]);
  });

  test.sequential('start actions through the gate: same matrix, nothing written on refusal', async ({ db, queue }) => {
    const gate = gateFor(db, queue.queue);
    for (const operationType of OPERATION_TYPES) {
      const action = `start.${operationType}` as TenantAction;
      const stranger = await gate.start({
        actor: { userId: world.users.STRANGER },
        tenantId: world.tenantId,
        operationType,
        surface: 'TENANT',
      });
      expect(stranger).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Tenant not found.' } });
      const strangerByConnection = await gate.start({
        actor: { userId: world.users.STRANGER },
        providerConnectionId: world.connectionId,
        operationType,
        surface: 'PROVIDER_CONNECTION',
      });
      expect(strangerByConnection).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'Provider connection not found.' },
      });
      for (const role of ALL) {
        const r = await gate.start({
          actor: { userId: world.users[role] },
          tenantId: world.tenantId,
          operationType,
          surface: 'TENANT',
        });
        if (EXPECTED_TENANT[action].includes(role)) {
          expect(r.ok, `${role} ${operationType}`).toBe(true);
        } else {
          expect(r.ok ? null : r.error.code, `${role} ${operationType}`).toBe('FORBIDDEN');
        }
      }
      // Refusals never write a run.
      const refused = [
        world.users.STRANGER,
        ...ALL.filter((r) => !EXPECTED_TENANT[action].includes(r)).map((r) => world.users[r]),
      ];
      const written = await db.db
        .select({ id: schema.operationRuns.id })
        .from(schema.operationRuns)
        .where(
          and(
            eq(schema.operationRuns.operationType, operationType),
            inArray(schema.operationRuns.initiatedBy, refused),
          ),
        );
      expect(written, operationType).toEqual([]);
    }
  });

  test.sequential('workspace actions', async ({ db }) => {
    for (const action of workspaceActions) {
      const stranger = await authorizeWorkspace(db.db, { userId: world.users.STRANGER }, world.workspaceId, action);
      expect(stranger, action).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Workspace not found.' } });
      const owner = await authorizeWorkspace(db.db, { userId: world.users.OWNER }, world.workspaceId, action);
      const member = await authorizeWorkspace(db.db, { userId: world.users.WS_MEMBER }, world.workspaceId, action);
      expect(owner.ok, action).toBe(EXPECTED_WORKSPACE[action].includes('OWNER'));
      expect(member.ok ? 'ok' : member.error.code, action).toBe(
        EXPECTED_WORKSPACE[action].includes('MEMBER') ? 'ok' : 'FORBIDDEN',
      );
    }
  });
});
