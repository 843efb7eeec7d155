// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Both action-host subgraphs, tenant and provider-connection, as real servers (port 0) over the
 * per-file database and queue, and a GraphQL-over-HTTP client that sends a real development
 * bearer token. One harness for both services' tests: a start on one surface must be seen from
 * the other (acceptance 2), so each suite runs both servers.
 */
import { Writable } from 'node:stream';
import { signDevelopmentToken } from '@msp/auth';
import type { DbHandle } from '@msp/db';
import { schema } from '@msp/db';
import { startProviderConnectionSubgraph } from '@msp/provider-connection';
import type { SubgraphServer } from '@msp/subgraph-kit';
import { startTenantSubgraph } from '@msp/tenant';
import type { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import pino, { type Logger } from 'pino';
import { test as base } from './fixtures';
import { testLogger } from './logger';
import { secretBox } from './seed';

export const links = { publicAppUrl: 'https://app.example.test' };
export const auth = { jwtSecret: 'provider-connection-test-secret-0123456789' };

/** Every log line the servers write, at every level (to prove no secret ever reaches one). */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

export interface Servers {
  tenant: SubgraphServer;
  connection: SubgraphServer;
  logs: string[];
}

export function startServers(db: DbHandle, queue: Queue, logger: Logger = testLogger) {
  const common = { db, queue, auth, links, logger, port: 0, host: '127.0.0.1' };
  return Promise.all([
    startTenantSubgraph({ ...common, secretBox }),
    startProviderConnectionSubgraph({ ...common, secretBox }),
  ]);
}

/** The fixtures plus both servers (file scope), logging into `servers.logs`. */
export const test = base.extend<{ servers: Servers }>({
  servers: [
    async ({ db, queue }, use) => {
      const { logger, lines } = captureLogs();
      const [tenant, connection] = await startServers(db, queue.queue, logger);
      await use({ tenant, connection, logs: lines });
      await Promise.all([tenant.close(), connection.close()]);
    },
    { scope: 'file' },
  ],
});

export interface GqlResult {
  status: number;
  data: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
  raw: string;
}

/** POSTs a document to a subgraph as `user` (by token subject). */
export async function gql(
  server: SubgraphServer,
  user: { subject: string },
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult> {
  const token = await signDevelopmentToken(auth.jwtSecret, user.subject);
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await res.text();
  const body = JSON.parse(raw);
  return { status: res.status, data: body.data ?? null, errors: body.errors, raw };
}

/** The single error of a result: its message and code. */
export function errorOf(result: GqlResult) {
  const [error] = result.errors ?? [];
  if (!error) throw new Error(`expected an error, got ${result.raw}`);
  return { message: error.message, code: error.extensions?.code, field: error.extensions?.field };
}

export const START_RESULT = /* GraphQL */ `
  fragment Start on ProviderOperationStartResult {
    __typename
    ... on ProviderOperationStart {
      outcome
      operationType
      message { headline reason nextStep action actionUrl }
    }
    ... on ProviderOperationAccepted {
      run { id }
      runUrl
      providerConnection { id displayName entraTenantId clientId }
    }
    ... on ProviderOperationDeduped { run { id } runUrl }
    ... on ProviderOperationScopeBusy { activeRun { id } activeOperationType runUrl }
    ... on ProviderOperationBlocked { reasonCode problemClass blockedRun: run { id } }
  }
`;

export async function runRow(db: DbHandle, id: string) {
  const [row] = await db.db.select().from(schema.operationRuns).where(eq(schema.operationRuns.id, id));
  return row;
}

export { jobTotal } from './redis';
