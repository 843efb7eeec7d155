// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Acceptance 2 of issue 12: one workspace subscription through the gateway sees the ACCEPTED,
 * BLOCKED and terminal changes of runs on several tenants, and nothing of a tenant of the
 * workspace the subscriber is not a member of; a filter narrows it; losing a tenant narrows it.
 * Runs are admitted by the gate library (what every action host calls) and processed by a real
 * worker against the Graph simulator.
 */
import { createGate, runWorkspaceEventChannel, type StartRequest } from '@msp/gate';
import type { OperationsSubgraph } from '@msp/operations';
import { describe, expect } from '@msp/tests/support/fixtures';
import pino from 'pino';
import { codesOf, gql, links, listening, type Stack, subscribe, test, waitFor, wsClient } from './harness';

const WATCH = /* GraphQL */ `
  subscription Fleet($w: ID, $ts: [ID!], $filter: OperationRunFilter) {
    operationRunUpdated(workspaceId: $w, tenantIds: $ts, filter: $filter) {
      previousStatus
      run { id status outcome tenant { id name } reason { code } }
    }
  }
`;

async function start(
  stack: Stack,
  db: { db: any },
  request: Partial<StartRequest> & Pick<StartRequest, 'actor' | 'tenantId'>,
) {
  const gate = createGate({
    db: db.db,
    queue: stack.queue,
    publisher: stack.publisher,
    links,
    logger: pino({ level: 'silent' }),
  });
  const result = await gate.start({ operationType: 'DIRECTORY_GROUPS_SYNC', surface: 'TENANT', ...request });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  // Every outcome here carries its run (ACCEPTED, DEDUPED: the run; BLOCKED: the recorded attempt).
  return result.value as typeof result.value & { run: { id: string } };
}

describe('operationRunUpdated across a workspace, through the gateway (acceptance 2)', () => {
  test('one workspace subscription: ACCEPTED, BLOCKED and terminal changes of runs on several tenants, nothing of a tenant the subscriber is not a member of; a filter and a lost tenant narrow it', async ({
    db,
    seed,
    stack,
  }) => {
    const owner = await seed.user();
    const ws = await seed.workspace(owner.id, 'Contoso MSP');
    const a = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Adatum' });
    const b = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Blocked Inc' });
    const c = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Hidden Corp' });
    const d = await seed.tenant(owner.id, { workspaceId: ws.id, name: 'Datum' });
    for (const t of [a, c, d]) await seed.connection(t.id); // B has none: its starts are BLOCKED.
    const watcher = await seed.user();
    await seed.member(a.id, watcher.id, 'OPERATOR');
    await seed.member(b.id, watcher.id, 'READONLY');
    await seed.member(d.id, watcher.id, 'MANAGER');

    const operations = stack.subgraphs.operations as unknown as OperationsSubgraph;
    const channel = runWorkspaceEventChannel(ws.id);
    const client = wsClient(stack.gateway.url, await stack.token(watcher.subject));
    const stranger = wsClient(stack.gateway.url, await stack.token((await seed.user()).subject));
    try {
      const all = subscribe(client, WATCH, { w: ws.id });
      const blockedOnly = subscribe(client, WATCH, { w: ws.id, filter: { outcome: ['BLOCKED'] } });
      const listed = subscribe(client, WATCH, { ts: [d.id, b.id] });
      await waitFor(() => operations.events.fanout.listenerCount(channel) === 3, 'three workspace streams live');
      await listening(stack, channel);

      // A stranger to the workspace: NOT_FOUND, as for a workspace that does not exist.
      const refused = subscribe(stranger, WATCH, { w: ws.id });
      expect((await refused.failed()).map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);

      // C's run first, to its end: its events are on the workspace's channel before any other.
      const hidden = await start(stack, db, { actor: { userId: owner.id }, tenantId: c.id });
      expect(hidden.outcome).toBe('ACCEPTED');
      await waitFor(async () => {
        const r = await gql(
          stack.gateway.url,
          await stack.token(owner.subject),
          'query($id: ID!) { operationRun(id: $id) { status } }',
          { id: hidden.run!.id },
        );
        return r.data?.operationRun?.status === 'COMPLETED';
      }, 'the hidden run to complete');

      const onA = await start(stack, db, { actor: { userId: watcher.id }, tenantId: a.id });
      const onD = await start(stack, db, {
        actor: { userId: watcher.id },
        tenantId: d.id,
        operationType: 'ROLE_DEFINITIONS_SYNC',
        surface: 'RBAC',
      });
      const onB = await start(stack, db, { actor: { userId: owner.id }, tenantId: b.id });
      expect([onA.outcome, onD.outcome, onB.outcome]).toEqual(['ACCEPTED', 'ACCEPTED', 'BLOCKED']);

      const terminal = (events: any[], id: string) =>
        events.some((e) => e.operationRunUpdated.run.id === id && e.operationRunUpdated.run.status === 'COMPLETED');
      await waitFor(
        () =>
          terminal(all.events, onA.run!.id) && terminal(all.events, onD.run!.id) && terminal(all.events, onB.run!.id),
        'terminal events of A, D and the blocked attempt on B',
        30_000,
      );
      const seen = all.events.map((e) => e.operationRunUpdated);
      expect(all.errors).toEqual([]);
      // Nothing of C, ever.
      expect(seen.filter((u) => u.run.tenant.id === c.id)).toEqual([]);
      expect(JSON.stringify(all.results)).not.toContain('Hidden Corp');
      // ACCEPTED (created QUEUED) and terminal changes of runs on two tenants, and the blocked attempt.
      for (const run of [onA.run!, onD.run!]) {
        const changes = seen.filter((u) => u.run.id === run.id);
        expect(changes[0]).toMatchObject({ previousStatus: null, run: { status: 'QUEUED', outcome: 'PENDING' } });
        expect(changes.at(-1)).toMatchObject({ run: { status: 'COMPLETED', outcome: 'SUCCEEDED' } });
      }
      expect(seen.filter((u) => u.run.id === onB.run!.id)).toEqual([
        {
          previousStatus: null,
          run: {
            id: onB.run!.id,
            status: 'COMPLETED',
            outcome: 'BLOCKED',
            tenant: { id: b.id, name: 'Blocked Inc' },
            reason: { code: 'PROVIDER_CONNECTION_MISSING' },
          },
        },
      ]);
      // The filtered stream: the blocked attempt only. The tenant list: B and D only.
      await blockedOnly.received(1);
      expect(blockedOnly.events.map((e) => e.operationRunUpdated.run.id)).toEqual([onB.run!.id]);
      await waitFor(() => terminal(listed.events, onD.run!.id), 'the tenant-list stream to see D’s end');
      expect(new Set(listed.events.map((e) => e.operationRunUpdated.run.tenant.id))).toEqual(new Set([b.id, d.id]));

      // The watcher loses A: the stream narrows (D's runs still arrive, A's no longer do) and goes on.
      const removed = await gql(
        stack.gateway.url,
        await stack.token(owner.subject),
        'mutation($t: ID!, $u: ID!) { removeTenantMember(tenantId: $t, userId: $u) { id } }',
        { t: a.id, u: watcher.id },
      );
      expect(removed.errors).toBeUndefined();
      await operations.access.recheck();
      const count = all.events.length;
      // A's run first, to its end; then D's: on one channel, A's events come before D's.
      const laterA = await start(stack, db, {
        actor: { userId: owner.id },
        tenantId: a.id,
        operationType: 'POLICY_BACKUP',
      });
      await waitFor(
        async () => {
          const r = await gql(
            stack.gateway.url,
            await stack.token(owner.subject),
            'query($id: ID!) { operationRun(id: $id) { status } }',
            { id: laterA.run!.id },
          );
          return r.data?.operationRun?.status === 'COMPLETED';
        },
        'A’s later run to complete',
        30_000,
      );
      const laterD = await start(stack, db, {
        actor: { userId: owner.id },
        tenantId: d.id,
        operationType: 'POLICY_BACKUP',
      });
      await waitFor(() => terminal(all.events, laterD.run!.id), 'D’s later run to reach the narrowed stream', 30_000);
      const after = all.events.slice(count).map((e) => e.operationRunUpdated);
      expect(after.filter((u) => u.run.tenant.id === a.id)).toEqual([]);
      expect(after.some((u) => u.run.id === laterD.run!.id)).toBe(true);
      expect(all.errors).toEqual([]);
      expect(codesOf({ errors: all.errors })).toEqual([]);
      for (const s of [all, blockedOnly, listed, refused]) s.dispose();
    } finally {
      await client.dispose();
      await stranger.dispose();
    }
  });
});
