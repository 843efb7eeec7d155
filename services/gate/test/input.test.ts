/**
 * Bad input gets a clear error naming the field, and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { sql } from 'drizzle-orm';
import type { StartRequest } from '../src';
import { gateFor, jobTotal } from './helpers';

describe('input validation', () => {
  test('malformed ids, unknown connection, oversized strings: a clear error, no row written, no job', async ({
    db,
    queue,
    seed,
  }) => {
    const gate = gateFor(db, queue.queue);
    const w = await seed.world();
    const base: StartRequest = {
      actor: { userId: w.owner.id },
      tenantId: w.tenant.id,
      operationType: 'POLICY_BACKUP',
      surface: 'TENANT',
    };
    const counts = async () => {
      const [row] = await db.db.execute<{ runs: number; decisions: number }>(
        sql`select (select count(*)::int from ${schema.operationRuns}) as runs, (select count(*)::int from ${schema.startDecisions}) as decisions`,
      );
      return row;
    };
    const before = await counts();
    const jobsBefore = await jobTotal(queue.queue);

    const cases: Array<[string, StartRequest, string, string | undefined]> = [
      ['tenant id not a UUID', { ...base, tenantId: 'tenant-1' }, 'BAD_USER_INPUT', 'tenantId'],
      [
        'connection id not a UUID',
        { ...base, providerConnectionId: "1' or 1=1 --" },
        'BAD_USER_INPUT',
        'providerConnectionId',
      ],
      ['neither tenant nor connection', { ...base, tenantId: null }, 'BAD_USER_INPUT', 'tenantId'],
      ['unknown operation type', { ...base, operationType: 'DROP_TABLES' as never }, 'BAD_USER_INPUT', 'operationType'],
      ['unknown surface', { ...base, surface: 'CLI' as never }, 'BAD_USER_INPUT', 'surface'],
      ['idempotency key too long', { ...base, idempotencyKey: 'k'.repeat(201) }, 'BAD_USER_INPUT', 'idempotencyKey'],
      ['idempotency key empty', { ...base, idempotencyKey: '' }, 'BAD_USER_INPUT', 'idempotencyKey'],
      ['idempotency key with spaces', { ...base, idempotencyKey: 'a b' }, 'BAD_USER_INPUT', 'idempotencyKey'],
      ['target too long', { ...base, target: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'target'],
      ['unknown connection', { ...base, providerConnectionId: randomUUID() }, 'NOT_FOUND', undefined],
      ['unknown tenant', { ...base, tenantId: randomUUID() }, 'NOT_FOUND', undefined],
    ];
    for (const [name, request, code, field] of cases) {
      const r = await gate.start(request);
      expect(r.ok, name).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, name).toBe(code);
      expect(r.error.message.length, name).toBeGreaterThan(5);
      if (field) {
        expect(r.error.field, name).toBe(field);
        expect(r.error.message, name).toContain(field);
      }
    }
    expect(await counts()).toEqual(before);
    expect(await jobTotal(queue.queue)).toBe(jobsBefore);
  });
});
