/**
 * `npm start`: the whole stack on one machine, with one command.
 *
 * 1. PostgreSQL and Redis must answer; if not, `docker compose up -d` where Docker is available,
 *    otherwise it prints what to run and stops. Every wait is bounded and says what it waits for.
 * 2. Creates the database if needed, applies migrations, seeds the quickstart world when there
 *    are no users yet (scripts/seed.ts).
 * 3. Builds the console when its production build is missing or stale, then starts the Graph
 *    simulator, every subgraph of scripts/subgraphs.ts, the worker, the gateway and the console
 *    (at PUBLIC_APP_URL, development sign-in with the seeded users) as child processes with
 *    prefixed (and, on a terminal, pretty) logs.
 * 4. Waits until every /readyz answers, then prints the console, the endpoint and a development
 *    token per seeded user. A child that exits on its own (a crash) is started again after a
 *    back-off (1 s, doubling to 30 s; back to 1 s once it ran a minute), and the log says so: one
 *    process failing does not stop the stack. Ctrl-C / SIGTERM stops every child (SIGTERM, then
 *    SIGKILL after a grace).
 *
 * Environment (all optional): AUTH_JWT_SECRET, DATABASE_URL, REDIS_URL, PUBLIC_APP_URL,
 * GATEWAY_PORT, GRAPH_SIMULATOR_PORT, <SUBGRAPH>_PORT (TENANT_PORT, OPERATIONS_PORT, ...),
 * WORKER_HEALTH_PORT, CONSOLE_PORT (PUBLIC_APP_URL's port), LOG_LEVEL. With GRAPH_BASE_URL and GRAPH_LOGIN_BASE_URL set, the worker
 * talks to them (real Microsoft Graph); otherwise to the bundled simulator.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signDevelopmentToken } from '@msp/auth';
import { ensureBuild } from '@msp/console';
import { createDb, ensureDatabase, runMigrations } from '@msp/db';
import { FAN_OUT_NODE_FLAGS } from '@msp/process';
import {
  authSettings,
  childEnvironment,
  databaseSettings,
  encryptionSettings,
  integer,
  linkSettings,
  optionalPort,
  optionalUrl,
  port,
  processSettings,
  readSettings,
  redisUrl,
  settingsOrExit,
} from '@msp/settings';
import { Redis } from 'ioredis';
import { prettyFactory } from 'pino-pretty';
import postgres from 'postgres';
import { z } from 'zod';
import { describeWorld, isEmpty, QUICKSTART_SUBJECTS, seedQuickstart } from './seed';
import { SUBGRAPHS } from './subgraphs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The variable naming a subgraph's port: `TENANT_PORT`, `PROVIDER_CONNECTION_PORT`... */
const portVariable = (name: string) => `${name.toUpperCase().replaceAll('-', '_')}_PORT`;

const startEnvSchema = z.object({
  ...processSettings,
  ...databaseSettings,
  ...encryptionSettings,
  ...authSettings,
  ...linkSettings,
  REDIS_URL: redisUrl(),
  GATEWAY_PORT: port(4000),
  GRAPH_SIMULATOR_PORT: port(4010),
  WORKER_HEALTH_PORT: port(4006),
  ...Object.fromEntries(SUBGRAPHS.map((s) => [portVariable(s.name), port(s.port)])),
  /** Where the console listens; PUBLIC_APP_URL's port when unset. */
  CONSOLE_PORT: optionalPort(),
  GRAPH_BASE_URL: optionalUrl(),
  GRAPH_LOGIN_BASE_URL: optionalUrl(),
  /** How long to wait for PostgreSQL/Redis after `docker compose up -d`, and for every /readyz. */
  START_TIMEOUT_MS: integer(1000, 3_600_000, 60_000),
});

const env = settingsOrExit(() =>
  readSettings(startEnvSchema, {
    what: 'npm start',
    refuseInProduction: () => [
      'npm start is the development stack (the Graph simulator, development sign-in and tokens); start each process on its own',
    ],
  }),
);

const color = process.stdout.isTTY;
const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (message: string) => console.log(`${paint(1, '[start]')} ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// -- 1. PostgreSQL and Redis ----------------------------------------------------------------

async function postgresAnswers(): Promise<string | null> {
  const admin = new URL(env.DATABASE_URL);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function redisAnswers(): Promise<string | null> {
  const redis = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    redis.disconnect();
  }
}

async function problems(): Promise<string[]> {
  const [pg, rd] = await Promise.all([postgresAnswers(), redisAnswers()]);
  return [
    ...(pg ? [`PostgreSQL at ${redact(env.DATABASE_URL)} does not answer (${pg})`] : []),
    ...(rd ? [`Redis at ${redact(env.REDIS_URL)} does not answer (${rd})`] : []),
  ];
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function dockerComposeAvailable(): boolean {
  if (!existsSync(`${root}docker-compose.yml`)) return false;
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore', timeout: 10_000 });
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

async function ensureServices(): Promise<void> {
  let missing = await problems();
  if (missing.length === 0) return;
  for (const m of missing) say(m);
  if (!dockerComposeAvailable()) {
    console.error(
      [
        '',
        'Start PostgreSQL 15+ and Redis 7+ and run npm start again, for example:',
        '  docker compose up -d                     (with Docker, from this folder)',
        '  sudo service postgresql start && redis-server --daemonize yes   (local installs)',
        'or point DATABASE_URL / REDIS_URL at running servers.',
      ].join('\n'),
    );
    process.exit(1);
  }
  say('starting them with `docker compose up -d` ...');
  try {
    execFileSync('docker', ['compose', 'up', '-d'], { cwd: root, stdio: 'inherit', timeout: 300_000 });
  } catch (error) {
    console.error(`docker compose up -d failed: ${(error as Error).message}`);
    process.exit(1);
  }
  const deadline = Date.now() + env.START_TIMEOUT_MS;
  for (;;) {
    missing = await problems();
    if (missing.length === 0) break;
    if (Date.now() > deadline) {
      console.error(
        `Still not answering after ${env.START_TIMEOUT_MS / 1000}s:\n  ${missing.join('\n  ')}\nSee \`docker compose ps\` and \`docker compose logs\`.`,
      );
      process.exit(1);
    }
    say(`waiting for: ${missing.map((m) => m.split(' does not')[0]).join(', ')}`);
    await sleep(2000);
  }
}

// -- 2. Database ------------------------------------------------------------------------------

async function prepareDatabase(): Promise<void> {
  await ensureDatabase(env.DATABASE_URL);
  say('applying migrations');
  await runMigrations(env.DATABASE_URL);
  const handle = createDb({ url: env.DATABASE_URL, max: 2, applicationName: 'msp-start' });
  try {
    if (await isEmpty(handle.db)) {
      const world = await seedQuickstart(handle.db, env.SECRET_ENCRYPTION_KEY);
      say(`empty database: seeded the quickstart world\n${describeWorld(world)}`);
    } else {
      say('database has users already: not seeding (npm run seed on an empty database)');
    }
  } finally {
    await handle.close();
  }
}

// -- 3. Processes -------------------------------------------------------------------------------

interface ProcessSpec {
  name: string;
  module: string;
  env: Record<string, string>;
  /** Where readiness is polled. */
  readyUrl: string;
  /** Node.js flags beyond `--import tsx`. */
  nodeFlags?: readonly string[];
}

// 127.0.0.1, as the simulator listens (loopback only): `localhost` may resolve to ::1 first.
const simulatorUrl = `http://127.0.0.1:${env.GRAPH_SIMULATOR_PORT}`;
const publicAppUrl = new URL(env.PUBLIC_APP_URL);
const consolePort = env.CONSOLE_PORT ?? (publicAppUrl.port ? Number(publicAppUrl.port) : 3000);
const useSimulator = !(env.GRAPH_BASE_URL && env.GRAPH_LOGIN_BASE_URL);
const graphEnv: Record<string, string> = useSimulator
  ? { GRAPH_LOGIN_BASE_URL: simulatorUrl, GRAPH_BASE_URL: simulatorUrl }
  : {};
const subgraphPorts = SUBGRAPHS.map((s) => {
  const variable = portVariable(s.name);
  return { ...s, variable, port: (env as Record<string, unknown>)[variable] as number };
});

const specs: ProcessSpec[] = [
  ...(useSimulator
    ? [
        {
          name: 'graph-simulator',
          module: 'services/microsoft-graph/src/simulator/main.ts',
          env: { GRAPH_SIMULATOR_PORT: String(env.GRAPH_SIMULATOR_PORT) },
          readyUrl: `${simulatorUrl}/readyz`,
        },
      ]
    : []),
  ...subgraphPorts.map((s) => ({
    name: s.name,
    module: fileURLToPath(s.serverModule),
    env: { [s.variable]: String(s.port) },
    // Subgraphs listen on loopback only (they answer the gateway, which runs here too).
    readyUrl: `http://127.0.0.1:${s.port}/readyz`,
    // The operations subgraph serves the live subscriptions.
    ...(s.name === 'operations' ? { nodeFlags: FAN_OUT_NODE_FLAGS } : {}),
  })),
  {
    name: 'worker',
    module: 'services/worker/src/main.ts',
    env: { WORKER_HEALTH_PORT: String(env.WORKER_HEALTH_PORT) },
    readyUrl: `http://localhost:${env.WORKER_HEALTH_PORT}/readyz`,
  },
  {
    name: 'gateway',
    module: 'gateway/src/server.ts',
    env: {
      GATEWAY_PORT: String(env.GATEWAY_PORT),
      GATEWAY_SUBGRAPH_URLS: subgraphPorts.map((s) => `${s.name}=http://127.0.0.1:${s.port}/graphql`).join(','),
    },
    readyUrl: `http://localhost:${env.GATEWAY_PORT}/readyz`,
    nodeFlags: FAN_OUT_NODE_FLAGS,
  },
  {
    name: 'console',
    module: 'services/console/server/main.ts',
    env: {
      CONSOLE_PORT: String(consolePort),
      CONSOLE_GRAPHQL_URL: `http://localhost:${env.GATEWAY_PORT}/graphql`,
      // Development sign-in offers the seeded users (scripts/seed.ts).
      CONSOLE_DEV_USERS: QUICKSTART_SUBJECTS.join(','),
    },
    readyUrl: `http://localhost:${consolePort}/healthz`,
  },
];

const pretty = prettyFactory({ colorize: color, ignore: 'pid,hostname,service,name', translateTime: 'HH:MM:ss' });
const width = Math.max(...specs.map((s) => s.name.length));
const children = new Map<string, ChildProcess>();
/** Restarts in a row per process (reset once it ran for `STABLE_MS`), for the back-off. */
const crashes = new Map<string, number>();
const STABLE_MS = 60_000;
const backoffMs = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);
let stopping = false;

function pipe(name: string, stream: NodeJS.ReadableStream, index: number): void {
  const prefix = paint(31 + (index % 6), `[${name}]`.padEnd(width + 2));
  createInterface({ input: stream }).on('line', (line) => {
    let text = line;
    if (line.startsWith('{')) {
      try {
        text = pretty(line).trimEnd();
      } catch {
        // not pino: print as is
      }
    }
    for (const l of text.split('\n')) console.log(`${prefix} ${l}`);
  });
}

function launch(spec: ProcessSpec, index: number): void {
  const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), '--import', 'tsx', spec.module], {
    cwd: root,
    env: childEnvironment({
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      AUTH_JWT_SECRET: env.AUTH_JWT_SECRET,
      PUBLIC_APP_URL: env.PUBLIC_APP_URL,
      SECRET_ENCRYPTION_KEY: env.SECRET_ENCRYPTION_KEY,
      ...graphEnv,
      ...spec.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(spec.name, child);
  const startedAt = Date.now();
  say(`${spec.name} started (pid ${child.pid})`);
  pipe(spec.name, child.stdout!, index);
  pipe(spec.name, child.stderr!, index);
  child.on('exit', (code, signal) => {
    children.delete(spec.name);
    if (stopping) return;
    const attempt = Date.now() - startedAt >= STABLE_MS ? 0 : (crashes.get(spec.name) ?? 0);
    crashes.set(spec.name, attempt + 1);
    const delay = backoffMs(attempt);
    say(
      paint(
        31,
        `${spec.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s (restart ${attempt + 1} in a row)`,
      ),
    );
    setTimeout(() => {
      if (!stopping) launch(spec, index);
    }, delay).unref();
  });
}

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping...');
  }
  // Gateway first (clients), then subgraphs, worker, simulator: reverse start order.
  for (const spec of [...specs].reverse()) children.get(spec.name)?.kill('SIGTERM');
  const deadline = Date.now() + 30_000;
  while (children.size > 0 && Date.now() < deadline) await sleep(100);
  for (const [name, child] of children) {
    say(`${name} did not stop in time: SIGKILL`);
    child.kill('SIGKILL');
  }
  process.exit(exitCode);
}

async function waitReady(): Promise<void> {
  const deadline = Date.now() + env.START_TIMEOUT_MS;
  const pending = new Set(specs.map((s) => s.name));
  let lastReport = Date.now();
  while (pending.size > 0) {
    if (stopping) return;
    await Promise.all(
      specs
        .filter((s) => pending.has(s.name))
        .map(async (s) => {
          try {
            const res = await fetch(s.readyUrl, { signal: AbortSignal.timeout(2000) });
            await res.body?.cancel();
            if (res.ok) pending.delete(s.name);
          } catch {
            // not up yet
          }
        }),
    );
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      say(
        paint(
          31,
          `not ready after ${env.START_TIMEOUT_MS / 1000}s: ${[...pending].join(', ')} (see their logs above; a port in use?)`,
        ),
      );
      await stopAll(1);
    }
    if (Date.now() - lastReport > 5000) {
      say(`waiting for /readyz of: ${[...pending].join(', ')}`);
      lastReport = Date.now();
    }
    await sleep(250);
  }
}

// -- main -----------------------------------------------------------------------------------------

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

await ensureServices();
await prepareDatabase();
try {
  ensureBuild(say);
} catch (error) {
  console.error(`The console did not build: ${(error as Error).message}`);
  process.exit(1);
}
specs.forEach(launch);
await waitReady();

const endpoint = `http://localhost:${env.GATEWAY_PORT}/graphql`;
// 12 h, or AUTH_MAX_TOKEN_LIFETIME when that is shorter (the API refuses a longer-lived token).
const tokenLifetimeSeconds = Math.min(12 * 3600, env.AUTH_MAX_TOKEN_LIFETIME);
const tokenLifetime = `${tokenLifetimeSeconds}s`;
const tokens = await Promise.all(
  QUICKSTART_SUBJECTS.map(
    async (subject) =>
      [subject, await signDevelopmentToken(env.AUTH_JWT_SECRET, subject, { expiresIn: tokenLifetime })] as const,
  ),
);
console.log(
  [
    '',
    paint(32, `Ready. Console: ${env.PUBLIC_APP_URL} (sign in as a seeded user)`),
    `GraphQL endpoint (HTTP, graphql-ws, SSE; GraphiQL in a browser): ${endpoint}`,
    `Subgraphs: ${subgraphPorts.map((s) => `${s.name} :${s.port}`).join(', ')}; Graph ${useSimulator ? `simulator ${simulatorUrl}` : 'from GRAPH_BASE_URL'}`,
    `Development tokens (${Math.round(tokenLifetimeSeconds / 360) / 10} h; ` +
      'HTTP header `Authorization: Bearer <token>`, graphql-ws connection_init `{ "Authorization": "Bearer <token>" }`):',
    ...tokens.map(([subject, token]) => `  ${subject.padEnd(9)} ${token}`),
    '',
    `Try: curl -s ${endpoint} -H 'content-type: application/json' -H "authorization: Bearer ${tokens[0]![1]}" -d '{"query":"{ myNotifications { id title } }"}'`,
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);
