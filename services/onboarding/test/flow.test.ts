// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * The whole wizard against a real worker runtime and the Graph simulator (over HTTP): the
 * verification run discovers consent and permissions, bootstrap runs one operation at a time
 * while the rest waits on the step, completion activates the tenant. A secret the simulator
 * rejects fails verification with the same vocabulary, and the wizard retries after a rotation.
 */
import { schema } from '@msp/db';
import { testRuntimeOptions } from '@msp/tests/support/worker';
import { createWorkerRuntime, type WorkerRuntime } from '@msp/worker';
import { eq } from 'drizzle-orm';
import { test as base, connectionInput, dataOf, describe, expect, Q, stepOf, wizard } from './helpers';

const test = base.extend<{ runtime: WorkerRuntime }>({
  runtime: [
    async ({ db, queue, sim }, use) => {
      // One attempt: a refused verification fails at once, as the wizard shows it.
      const runtime = createWorkerRuntime(testRuntimeOptions(db.db, queue, sim.url, { maxAttempts: 1 }));
      await runtime.start();
      await use(runtime);
      await runtime.close();
    },
    { scope: 'file' },
  ],
});

/** Polls the session until a step reaches a status (the worker finishes runs on its own time). */
async function waitForStep(session: () => Promise<Record<string, any>>, key: string, statuses: string[]) {
  const deadline = Date.now() + 20_000;
  let last: Record<string, any> | undefined;
  while (Date.now() < deadline) {
    last = stepOf(await session(), key);
    if (statuses.includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(`step ${key} did not reach ${statuses.join('/')}; last: ${JSON.stringify(last)}`);
}

describe('the onboarding wizard end to end (worker + Graph simulator)', () => {
  test('verify, bootstrap one operation at a time, complete: the tenant is ACTIVE', async ({
    seed,
    subgraph,
    db,
    runtime,
  }) => {
    expect(runtime).toBeDefined();
    const w = await wizard({ seed, subgraph, db: db.db });
    // A new connection has no recorded consent: verification is BLOCKED with the grant-consent step.
    const refused = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    expect(refused).toMatchObject({
      outcome: 'BLOCKED',
      reasonCode: 'PROVIDER_CONSENT_MISSING',
      message: { action: 'GRANT_PROVIDER_CONSENT' },
    });
    expect(stepOf(await w.session(), 'VERIFICATION')).toMatchObject({
      status: 'NEEDS_ATTENTION',
      lastStartOutcome: 'BLOCKED',
    });
    // The operator grants consent and records it (what recordProviderConsent writes).
    await db.db
      .update(schema.providerConnections)
      .set({ consentStatus: 'GRANTED' })
      .where(eq(schema.providerConnections.id, w.connectionId));
    const verification = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    expect(verification.outcome).toBe('ACCEPTED');
    const verified = await waitForStep(w.session, 'VERIFICATION', ['DONE', 'NEEDS_ATTENTION']);
    expect(verified).toMatchObject({ status: 'DONE', run: { id: verification.run.id } });
    const [connection] = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, w.connectionId));
    expect(connection?.consentStatus).toBe('GRANTED');

    const ops = ['DIRECTORY_GROUPS_SYNC', 'ROLE_DEFINITIONS_SYNC'];
    for (const [i, op] of ops.entries()) {
      const started = dataOf(
        await w.client(Q.bootstrap, { id: w.sessionId, operations: ops }),
      ).startOnboardingBootstrap;
      expect(started).toMatchObject({ outcome: 'ACCEPTED', operationType: op });
      const step = await waitForStep(
        w.session,
        'BOOTSTRAP',
        i + 1 < ops.length ? ['PENDING', 'NEEDS_ATTENTION'] : ['DONE', 'NEEDS_ATTENTION'],
      );
      expect(step.completedOperations).toEqual(ops.slice(0, i + 1));
      expect(step.pendingOperations).toEqual(ops.slice(i + 1));
    }
    const groups = await db.db
      .select()
      .from(schema.directoryGroups)
      .where(eq(schema.directoryGroups.tenantId, w.tenantId));
    expect(groups.length).toBeGreaterThan(0);

    const completed = dataOf(await w.client(Q.complete, { id: w.sessionId })).completeOnboarding;
    expect(completed).toMatchObject({ status: 'COMPLETED', currentStep: 'COMPLETE' });
    expect(stepOf(completed, 'BOOTSTRAP').status).toBe('DONE');
    const [tenant] = await db.db.select().from(schema.tenants).where(eq(schema.tenants.id, w.tenantId));
    expect(tenant?.status).toBe('ACTIVE');
  });

  test('a rejected secret fails verification with the shared vocabulary; reconnecting and verifying again succeeds', async ({
    seed,
    subgraph,
    db,
    sim,
    runtime,
  }) => {
    expect(runtime).toBeDefined();
    const w = await wizard({ seed, subgraph, db: db.db }, { consent: true });
    const [connection] = await db.db
      .select()
      .from(schema.providerConnections)
      .where(eq(schema.providerConnections.id, w.connectionId));
    await sim.configure(connection!.entraTenantId, { acceptSecret: false });
    dataOf(await w.client(Q.verify, { id: w.sessionId }));
    const failed = await waitForStep(w.session, 'VERIFICATION', ['DONE', 'NEEDS_ATTENTION']);
    expect(failed).toMatchObject({ status: 'NEEDS_ATTENTION', message: { action: 'ROTATE_PROVIDER_CREDENTIALS' } });

    await sim.configure(connection!.entraTenantId, { acceptSecret: true });
    const retried = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    // The rejected secret is now a stored fact: the retry is refused at click time, same vocabulary.
    expect(retried).toMatchObject({ outcome: 'BLOCKED', reasonCode: 'PROVIDER_CREDENTIALS_INVALID' });
    expect(stepOf(await w.session(), 'VERIFICATION')).toMatchObject({
      status: 'NEEDS_ATTENTION',
      lastStartOutcome: 'BLOCKED',
    });

    // Reconnecting the same app with a new secret replaces the session's connection and forgets
    // the failed attempt; the consent recorded for that app in the customer's tenant carries over.
    const reconnected = dataOf(
      await w.client(Q.connect, {
        id: w.sessionId,
        input: connectionInput(w.tenantId, {
          entraTenantId: connection!.entraTenantId,
          clientId: connection!.clientId,
        }),
      }),
    ).connectOnboardingProvider;
    expect(reconnected.providerConnection.id).not.toBe(w.connectionId);
    expect(stepOf(reconnected, 'VERIFICATION')).toMatchObject({ status: 'PENDING', lastStartOutcome: null });
    const again = dataOf(await w.client(Q.verify, { id: w.sessionId })).startOnboardingVerification;
    expect(again).toMatchObject({ outcome: 'ACCEPTED', providerConnection: { id: reconnected.providerConnection.id } });
    expect(await waitForStep(w.session, 'VERIFICATION', ['DONE', 'NEEDS_ATTENTION'])).toMatchObject({ status: 'DONE' });
    expect(dataOf(await w.client(Q.complete, { id: w.sessionId })).completeOnboarding.status).toBe('COMPLETED');
  });
});
