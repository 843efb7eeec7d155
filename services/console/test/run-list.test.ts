/**
 * Monitoring → Operations' list state, without a browser: which scope the fleet list asks the API
 * for (every tenant of `myTenants`, as one workspace when they are all in one the user belongs
 * to), the URL ↔ filter round trip, keyset paging arguments, and the matching of a run heard live.
 */
import { describe, expect, test } from 'vitest';
import { fleetScope, MAX_SCOPE_TENANTS } from '../src/pages/monitoring/fleet-scope';
import {
  isFirstPage,
  matchesList,
  parseRunList,
  runFilter,
  runListSearch,
  runPaging,
  withFilter,
} from '../src/pages/monitoring/run-list';

const tenant = (id: string, workspace: string) => ({ id, workspace: { id: workspace } });

describe('the fleet scope', () => {
  test('a picked tenant is the scope', () => {
    expect(fleetScope([tenant('t1', 'w1')], ['w1'], 't9')).toEqual({
      kind: 'tenant',
      variables: { tenantId: 't9' },
      truncated: false,
    });
  });

  test('no tenant: nothing to ask for', () => {
    expect(fleetScope([], ['w1'], null)).toEqual({ kind: 'none' });
  });

  test('every tenant in one workspace the user belongs to: the workspace', () => {
    expect(fleetScope([tenant('t1', 'w1'), tenant('t2', 'w1')], ['w1', 'w2'], null)).toEqual({
      kind: 'workspace',
      variables: { workspaceId: 'w1' },
      truncated: false,
    });
  });

  test('tenants of several workspaces, or of one the user is not a member of: every tenant by id', () => {
    expect(fleetScope([tenant('t1', 'w1'), tenant('t2', 'w2')], ['w1', 'w2'], null)).toEqual({
      kind: 'tenants',
      variables: { tenantIds: ['t1', 't2'] },
      truncated: false,
    });
    // A tenant-only member (the seeded operator): no workspace membership.
    expect(fleetScope([tenant('t1', 'w1'), tenant('t2', 'w1')], [], null)).toEqual({
      kind: 'tenants',
      variables: { tenantIds: ['t1', 't2'] },
      truncated: false,
    });
  });

  test('beyond the API’s cap the first tenants are asked for, and the scope says it is cut', () => {
    const many = Array.from({ length: MAX_SCOPE_TENANTS + 1 }, (_, i) => tenant(`t${i}`, i % 2 ? 'w1' : 'w2'));
    const scope = fleetScope(many, ['w1', 'w2'], null);
    expect(scope.kind).toBe('tenants');
    if (scope.kind !== 'tenants') return;
    expect(scope.variables.tenantIds).toHaveLength(MAX_SCOPE_TENANTS);
    expect(scope.truncated).toBe(true);
  });
});

describe('the list in the URL', () => {
  test('every filter goes into the API’s filter and back into the same URL', () => {
    const search =
      '?status=RUNNING&outcome=PENDING&type=POLICY_BACKUP&tenant=t1&connection=c1&initiator=u1&problem=P&reason=R' +
      '&from=2026-11-30T10%3A00%3A00.000Z&to=2026-11-30T12%3A00%3A00.000Z&first=20';
    const list = parseRunList(new URLSearchParams(search));
    expect(runListSearch(list)).toBe(search);
    expect(runFilter(list)).toEqual({
      status: ['RUNNING'],
      outcome: ['PENDING'],
      operationType: ['POLICY_BACKUP'],
      providerConnectionId: 'c1',
      initiatedBy: 'u1',
      problemClass: ['P'],
      reasonCode: ['R'],
      createdAfter: '2026-11-30T10:00:00.000Z',
      createdBefore: '2026-11-30T12:00:00.000Z',
    });
    // The counts per status are read with every filter but the status.
    expect(runFilter(list, 'status').status).toBeUndefined();
    // A time bound that is not a date is left out rather than sent.
    expect(runFilter(parseRunList(new URLSearchParams('from=yesterday'))).createdAfter).toBeUndefined();
  });

  test('paging: first/after towards older runs, last/before towards newer ones; a filter starts over', () => {
    const base = parseRunList(new URLSearchParams('first=10'));
    expect(runPaging(base)).toEqual({ first: 10 });
    expect(isFirstPage(base)).toBe(true);
    expect(runPaging({ ...base, after: 'a' })).toEqual({ first: 10, after: 'a' });
    expect(runPaging({ ...base, before: 'b' })).toEqual({ last: 10, before: 'b' });
    expect(isFirstPage({ ...base, before: 'b' })).toBe(false);
    const filtered = withFilter({ ...base, after: 'a' }, 'status', 'QUEUED');
    expect(filtered.after).toBeNull();
    expect(filtered.status).toBe('QUEUED');
    expect(parseRunList(new URLSearchParams('first=500')).first).toBe(50);
  });

  test('a run heard live is matched on every filter, the time range included', () => {
    const run = {
      status: 'QUEUED',
      outcome: 'PENDING',
      operationType: 'POLICY_BACKUP',
      createdAt: '2026-11-30T11:00:00.000Z',
      tenant: { id: 't1' },
      providerConnection: { id: 'c1' },
      initiatedBy: { id: 'u1' },
      reason: null,
    };
    const list = (search: string) => parseRunList(new URLSearchParams(search));
    expect(matchesList(list(''), run)).toBe(true);
    expect(matchesList(list('tenant=t1&status=QUEUED&connection=c1&initiator=u1'), run)).toBe(true);
    expect(matchesList(list('tenant=t2'), run)).toBe(false);
    expect(matchesList(list('initiator=u2'), run)).toBe(false);
    expect(matchesList(list('problem=P'), run)).toBe(false);
    expect(matchesList(list('from=2026-11-30T11:00:00.000Z'), run)).toBe(true);
    expect(matchesList(list('to=2026-11-30T11:00:00.000Z'), run)).toBe(false);
    expect(matchesList(list('from=2026-11-30T11:30:00.000Z'), run)).toBe(false);
  });
});
