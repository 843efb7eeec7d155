/**
 * Atomic admission under load: two gate instances with separate connection pools (as two
 * replicas would have) take 200 concurrent clicks of mixed operation types on one connection.
 */
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { and, eq } from 'drizzle-orm';
import type { OperationType } from '../src';
import { activeRuns, gateFor } from './helpers';

const TYPES: OperationType[] = [
  'PROVIDER_VERIFICATION',
  'PROVIDER_CONNECTION_HEALTH_CHECK',
  'DIRECTORY_GROUPS_SYNC',
  'ROLE_DEFINITIONS_SYNC',
  'POLICY_BACKUP',
];
const REPETITIONS = 20;
const CLICKS = 200;

describe('atomic admission', () => {
  test(`${CLICKS} concurrent mixed starts through two replicas admit exactly one run, ${REPETITIONS} times`, async ({
    database,
    queue,
    seed,
  }) => {
    const replicaA = database.connect(10);
    const replicaB = database.connect(10);
    const gates = [gateFor(replicaA, queue.queue), gateFor(replicaB, queue.queue)];

    for (let rep = 0; rep < REPETITIONS; rep++) {
      const w = await seed.world();
      const operators = await Promise.all([seed.user(), seed.user(), seed.user()]);
      for (const op of operators) await seed.member(w.tenant.id, op.id, 'OPERATOR');
      const actors = [w.owner.id, ...operators.map((o) => o.id)];

      const results = await Promise.all(
        Array.from({ length: CLICKS }, (_, i) =>
          gates[i % 2]!.start({
            actor: { userId: actors[i % actors.length]! },
            tenantId: w.tenant.id,
            operationType: TYPES[(i * 7 + rep) % TYPES.length]!,
            surface: 'TENANT',
          }),
        ),
      );

      const values = results.map((r) => {
        if (!r.ok) throw new Error(`start failed: ${JSON.stringify(r.error)}`);
        return r.value;
      });
      const accepted = values.filter((v) => v.outcome === 'ACCEPTED');
      expect(accepted, `repetition ${rep}`).toHaveLength(1);
      const admitted = accepted[0]!;
      if (admitted.outcome !== 'ACCEPTED') throw new Error('unreachable');
      const admittedId = admitted.run.id;

      for (const v of values) {
        switch (v.outcome) {
          case 'ACCEPTED':
            break;
          case 'DEDUPED':
            expect(v.run.id).toBe(admittedId);
            expect(v.operationType).toBe(admitted.operationType);
            break;
          case 'SCOPE_BUSY':
            expect(v.activeRun.id).toBe(admittedId);
            expect(v.activeOperationType).toBe(admitted.operationType);
            expect(v.operationType).not.toBe(admitted.operationType);
            break;
          case 'BLOCKED':
            throw new Error(`unexpected BLOCKED: ${v.reasonCode}`);
        }
      }
      expect(await activeRuns(replicaA, w.connection.id)).toHaveLength(1);
      const rows = await replicaB.db
        .select({ id: schema.operationRuns.id })
        .from(schema.operationRuns)
        .where(and(eq(schema.operationRuns.tenantId, w.tenant.id)));
      expect(rows.map((r) => r.id)).toEqual([admittedId]);
      expect((await queue.queue.getJob(admittedId))?.id).toBe(admittedId);
    }
  });
});
