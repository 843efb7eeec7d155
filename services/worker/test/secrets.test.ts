/**
 * The decrypted client secret is handed to the Graph adapter and nowhere else: every log line
 * the worker writes (at trace level, through success, a rejected secret and throttling retries)
 * is free of it, and the lines about a run carry its job id and attempt.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { createWorkerRuntime } from '../src';
import { describe, expect, scenario, test, testRuntimeOptions, waitForRun } from './support';

describe('secret handling and job logging', () => {
  test('the plaintext secret never reaches a log line; run lines carry job id and attempt', async ({
    db,
    queue,
    seed,
    sim,
    gate,
  }) => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const runtime = createWorkerRuntime(testRuntimeOptions(db.db, queue, sim.url, { logger }));
    await runtime.start();
    try {
      const secret = `plain-${crypto.randomUUID()}-secret`;
      const ok = await scenario({ seed, sim, gate }, { connection: { secret } });
      const rejected = await scenario(
        { seed, sim, gate },
        { connection: { secret }, simulator: { acceptSecret: false } },
      );
      const throttled = await scenario(
        { seed, sim, gate },
        { connection: { secret }, simulator: { throttleCount: 3, retryAfterSeconds: 0 } },
      );
      const runs = await Promise.all([
        ok.start('PROVIDER_VERIFICATION'),
        rejected.start('PROVIDER_VERIFICATION'),
        throttled.start('DIRECTORY_GROUPS_SYNC'),
      ]);
      const [a, b, c] = await Promise.all(runs.map((id) => waitForRun(db.db, id)));
      expect([a?.outcome, b?.outcome, c?.outcome]).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED']);
      expect(c?.attempts).toBe(2);

      expect(lines.length).toBeGreaterThan(5);
      expect(JSON.stringify(lines)).not.toContain(secret);
      for (const runId of runs) {
        const about = lines.filter((l) => l.runId === runId);
        expect(about.length).toBeGreaterThan(0);
        for (const line of about) {
          expect(line.jobId).toBe(runId);
          expect(line.attempt).toBeGreaterThanOrEqual(1);
        }
      }
      // The retried run logged its second attempt as such.
      expect(lines.some((l) => l.runId === runs[2] && l.attempt === 2)).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});
