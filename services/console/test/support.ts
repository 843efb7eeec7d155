// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Browser tests: the console's production build served by its own server, the whole stack
 * (tests/e2e/harness.ts: gateway, subgraphs, worker, Graph simulator, PostgreSQL, Redis) with the
 * API's links pointing at the console, the quickstart world of `npm start` (scripts/seed.ts), and
 * Chromium driven by Playwright (Debian's /usr/bin/chromium; Playwright's own browser downloads
 * do not work here). Pages are read as a person reads them: by role and accessible name.
 */
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type ConsoleServer, DIST_DIR, startConsoleServer } from '@msp/console';
import { auth, SECRET_ENCRYPTION_KEY, type Stack, type StackOptions, startStack } from '@msp/tests/e2e/harness';
import { test as base, expect } from '@msp/tests/support/fixtures';
import pino from 'pino';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { QUICKSTART_SUBJECTS, type QuickstartWorld, seedQuickstart } from '../../../scripts/seed';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = new URL('../screenshots/', import.meta.url).pathname;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface ConsoleStack {
  stack: Stack;
  /** The stack's database (to seed what a test needs beyond the quickstart world). */
  db: Parameters<typeof startStack>[0];
  console: ConsoleServer;
  /** The console's origin (the API's PUBLIC_APP_URL in this stack). */
  url: string;
  world: QuickstartWorld;
  /** The gateway's GraphQL URL. */
  api: string;
}

/**
 * The console's server first (the API's links need its URL), then the stack, then the seeded
 * world in the stack's database. Development sign-in unless `auth` says otherwise.
 */
export async function startConsoleStack(
  db: Parameters<typeof startStack>[0],
  options: { stack?: StackOptions; consoleAuth?: Parameters<typeof startConsoleServer>[0]['auth'] } = {},
): Promise<ConsoleStack> {
  let gatewayUrl = '';
  const server = await startConsoleServer({
    distDir: DIST_DIR,
    port: 0,
    host: '127.0.0.1',
    graphqlUrl: () => gatewayUrl,
    auth: options.consoleAuth ?? { mode: 'development', secret: auth.jwtSecret, users: [...QUICKSTART_SUBJECTS] },
    logger: pino({ level: process.env.E2E_LOG_LEVEL ?? 'silent' }),
  });
  try {
    const stack = await startStack(db, { ...options.stack, links: { publicAppUrl: server.url } });
    gatewayUrl = stack.gateway.url;
    const world = await seedQuickstart(db.db, SECRET_ENCRYPTION_KEY);
    return { stack, db, console: server, url: server.url, world, api: stack.gateway.url };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** The fixtures plus the console on the whole stack and one Chromium, per test file. */
export const test = base.extend<{ app: ConsoleStack; browser: Browser; context: BrowserContext; page: Page }>({
  app: [
    async ({ database }, use) => {
      const app = await startConsoleStack(database.connect(10));
      await use(app);
      await app.stack.close();
      await app.console.close();
    },
    { scope: 'file' },
  ],
  browser: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies by destructuring
    async ({}, use) => {
      const browser = await launchChromium();
      await use(browser);
      await browser.close();
    },
    { scope: 'file' },
  ],
  // A fresh browser profile per test: no session from an earlier test.
  context: async ({ browser }, use) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await use(context);
    await context.close();
  },
  page: async ({ context }, use) => use(await context.newPage()),
});

/** Development sign-in as one of the seeded users, starting from `path` (a deep link). */
export async function signIn(page: Page, app: ConsoleStack, subject: string, path = '/monitoring/operations') {
  await page.goto(`${app.url}${path}`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: `Sign in as ${subject}` }).click();
  await page.waitForURL(`${app.url}${path}`);
}

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** `npm run screenshots` (SCREENSHOTS=1) keeps a PNG of the page under services/console/screenshots/. */
export async function screenshot(page: Page, name: string) {
  if (!process.env.SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** POST /graphql as a client of the gateway would (to act outside the browser: starts, checks). */
export async function api(app: ConsoleStack, subject: string, query: string, variables: Record<string, unknown> = {}) {
  const token = await app.stack.token(subject);
  const res = await fetch(app.api, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}

export { expect };
