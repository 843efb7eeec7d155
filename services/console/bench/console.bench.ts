/**
 * `npm run bench:console`: in Chromium, with 200 runs on screen in Monitoring → Operations and 10
 * runs a second reaching their terminal state, the time from a run's terminal commit to its row
 * showing the new status in the DOM (p50, p95, p99, max). Goal: p99 ≤ 250 ms.
 *
 * Real components, as the browser lane has them (it runs under Vitest with this folder's config,
 * for the lane's fixtures): a fresh PostgreSQL database cloned from the migrated template, Redis
 * pub/sub, the whole stack of tests/e2e/harness.ts (gateway, subgraphs, worker, Graph simulator)
 * in one process, the console's production build served by its own server, Debian's Chromium
 * through Playwright, signed in as the seeded owner. The 200 runs are written RUNNING and never
 * handed to the queue (as the seeded ones: the worker leaves them alone); each terminal
 * transition is a real row update (RUNNING → COMPLETED, committed) followed by `publishRunEvent`,
 * as the worker's lifecycle does, so the path measured is commit → Redis → operations subgraph →
 * gateway → graphql-ws → graphcache → React → DOM. Figures are printed, not asserted.
 *
 * Clock: the commit time is taken in Node, the DOM time in the page by a MutationObserver, both as
 * `performance.timeOrigin + performance.now()` (epoch ms, sub-millisecond, one machine).
 *
 * The 200 runs have no provider connection (the one-active-run-per-connection index would allow
 * one RUNNING run per connection): the row shows "—" in that column, which costs the page nothing.
 */
import { loadavg } from 'node:os';
import { schema } from '@msp/db';
import { publishRunEvent } from '@msp/gate';
import { inArray } from 'drizzle-orm';
import { ensureBuild } from '../server/index';
import { expect, signIn, test } from '../test/support';

const ROWS = Number(process.env.BENCH_ROWS ?? 200);
const RATE_PER_SECOND = 10;
/** Passes over the 200 rows (each pass completes every one of them once). */
const PASSES = Number(process.env.BENCH_PASSES ?? 2);
/** Terminal commits at the start of each pass left out of the figures (first-use paths). */
const WARMUP = 10;
const now = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// Built here: the browser lane's global set-up builds the console only for that lane.
ensureBuild((m) => console.error(m));

test(`terminal commit → row updated in the DOM, ${ROWS} rows on screen, ${RATE_PER_SECOND} runs/s`, {
  timeout: 600_000,
}, async ({ app, browser }) => {
  const db = app.db;
  const loadBefore = loadavg();
  const latencies: number[] = [];
  let missing = 0;
  {
    const tenantId = app.world.tenants.usable;
    const base = Date.now();
    const inserted = await db.db
      .insert(schema.operationRuns)
      .values(
        Array.from({ length: ROWS }, (_, i) => ({
          tenantId,
          operationType: 'DIRECTORY_GROUPS_SYNC' as const,
          target: `tenant:${tenantId}`,
          initiatedFrom: 'TENANT' as const,
          initiatedBy: app.world.users.owner,
          status: 'RUNNING' as const,
          outcome: 'PENDING' as const,
          attempts: 1,
          createdAt: new Date(base - i * 1000),
          startedAt: new Date(base - i * 1000),
        })),
      )
      .returning({ id: schema.operationRuns.id });
    const ids = inserted.map((r) => r.id);

    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    for (let pass = 0; pass < PASSES; pass++) {
      if (pass > 0) {
        await db.db
          .update(schema.operationRuns)
          .set({ status: 'RUNNING', outcome: 'PENDING', completedAt: null })
          .where(inArray(schema.operationRuns.id, ids));
      }
      const path = `/monitoring/operations?tenant=${tenantId}&first=${ROWS}`;
      if (pass === 0) await signIn(page, app, 'owner', path);
      else await page.goto(`${app.url}${path}`);
      await page.locator('output.live[data-state="live"]').waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        (n) => document.querySelectorAll('tr[data-run-id] [data-status="RUNNING"]').length >= n,
        ROWS,
        { timeout: 60_000 },
      );
      // The moment each row first shows COMPLETED, in the page's clock.
      await page.evaluate(() => {
        const w = window as unknown as { __done: Record<string, number> };
        w.__done = {};
        new MutationObserver((mutations) => {
          const at = performance.timeOrigin + performance.now();
          for (const m of mutations) {
            const el = m.target instanceof Element ? m.target : m.target.parentElement;
            const row = el?.closest('tr[data-run-id]');
            const id = row?.getAttribute('data-run-id');
            if (!id || w.__done[id]) continue;
            if (row?.querySelector('[data-status="COMPLETED"]')) w.__done[id] = at;
          }
        }).observe(document.querySelector('table.runs tbody')!, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-status'],
          characterData: true,
        });
      });

      const committed = new Map<string, number>();
      const interval = 1000 / RATE_PER_SECOND;
      const start = now();
      for (const [i, id] of ids.entries()) {
        const due = start + i * interval;
        const wait = due - now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const [row] = await db.db
          .update(schema.operationRuns)
          .set({ status: 'COMPLETED', outcome: 'SUCCEEDED', completedAt: new Date(), updatedAt: new Date() })
          .where(inArray(schema.operationRuns.id, [id]))
          .returning();
        committed.set(id, now());
        await publishRunEvent(app.stack.publisher, row!, { status: 'RUNNING', outcome: 'PENDING' });
      }
      const achieved = (ids.length / (now() - start)) * 1000;
      await page
        .waitForFunction((n) => Object.keys((window as unknown as { __done: object }).__done).length >= n, ids.length, {
          timeout: 30_000,
        })
        .catch(() => {});
      const done = await page.evaluate(() => (window as unknown as { __done: Record<string, number> }).__done);
      for (const [i, id] of ids.entries()) {
        const at = done[id];
        if (at === undefined) {
          missing += 1;
          continue;
        }
        if (i >= WARMUP) latencies.push(at - committed.get(id)!);
      }
      console.error(`pass ${pass + 1}: ${ids.length} terminal commits at ${achieved.toFixed(1)}/s`);
    }
    await context.close();
  }
  const loadAfter = loadavg();
  const sorted = [...latencies].sort((a, b) => a - b);
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `bench:console — ${ROWS} rows on screen, ${RATE_PER_SECOND} terminal commits/s, ${PASSES} passes, ${sorted.length} measured (${WARMUP} warm-up per pass left out), ${missing} rows never updated`,
  );
  console.log(
    `terminal commit → row updated in the DOM: p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  p99 ${fmt(percentile(sorted, 99))}  max ${fmt(sorted.at(-1) ?? Number.NaN)}  (goal p99 ≤ 250 ms)`,
  );
  console.log(
    `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );
  expect(missing).toBe(0);
});
