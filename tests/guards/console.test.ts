/**
 * Guards (issue 14): the console holds no outcome or reason copy of its own (it renders the
 * presenter's messages as they come), names capabilities exactly as the registry does, and has
 * a route for every URL the presenter can build.
 */
import {
  ACTIONS,
  NEXT_STEP_ACTIONS,
  NO_DEFAULT_DETAIL,
  OPERATION_CAPABILITY,
  OPERATION_LABELS,
  OPERATION_TYPES,
  type OperationType,
  REASON_CODES,
  RUN_OUTCOMES,
  RUN_STATUSES,
  reasonMessage,
  runMessage,
  START_OUTCOMES,
  type StartMessageInput,
  startMessage,
  TENANT_CAPABILITIES,
  WORKSPACE_CAPABILITIES,
} from '@msp/gate';
import { describe, expect, test } from 'vitest';
import { filesUnder, read, withoutComments } from './sources';

const APP = 'https://console.example';
const links = { publicAppUrl: APP };
const SENTINEL = '\u0000';
const consoleSources = () =>
  filesUnder('services/console/src', /\.tsx?$/).filter((f) => !f.startsWith('services/console/src/gql/'));

/** Every message the presenter can write, over every outcome, reason, action and operation. */
function presenterMessages(ids = { tenant: 't1', connection: 'c1', restore: 'r1', run: 'run1' }) {
  const out: Array<{
    headline: string;
    reason: string | null;
    nextStep: string;
    action: string;
    actionUrl: string | null;
  }> = [];
  const contexts = [
    { tenantId: ids.tenant },
    { tenantId: ids.tenant, providerConnectionId: ids.connection },
    { tenantId: ids.tenant, providerConnectionId: ids.connection, restoreRunId: ids.restore },
  ];
  for (const operationType of OPERATION_TYPES) {
    for (const ctx of contexts) {
      const inputs: StartMessageInput[] = [
        { outcome: 'ACCEPTED', operationType, runId: ids.run, connectionName: SENTINEL },
        { outcome: 'DEDUPED', operationType, runId: ids.run, runStatus: 'RUNNING' },
        { outcome: 'DEDUPED', operationType, runId: ids.run, runStatus: 'QUEUED' },
        ...OPERATION_TYPES.map(
          (activeOperationType: OperationType): StartMessageInput => ({
            outcome: 'SCOPE_BUSY',
            operationType,
            runId: ids.run,
            activeOperationType,
            connectionName: SENTINEL,
          }),
        ),
        ...REASON_CODES.flatMap((reasonCode) =>
          [ids.run, null].map((runId): StartMessageInput => ({ outcome: 'BLOCKED', operationType, runId, reasonCode })),
        ),
      ];
      for (const input of inputs) out.push(startMessage(links, input, ctx));
      for (const status of RUN_STATUSES) {
        for (const outcome of RUN_OUTCOMES) {
          for (const reasonCode of [null, ...REASON_CODES]) {
            out.push(
              runMessage(links, { id: ids.run, operationType, status, outcome, reasonCode, reasonDetail: null }, ctx),
            );
          }
        }
      }
      for (const reasonCode of REASON_CODES) {
        for (const runId of [ids.run, null]) out.push(reasonMessage(links, SENTINEL, reasonCode, ctx, runId));
      }
    }
  }
  return out;
}

/** The fixed parts of the presenter's sentences (labels and names cut out), 12 characters or more. */
function presenterPhrases(): string[] {
  const phrases = new Set<string>();
  for (const m of presenterMessages()) {
    for (const text of [m.headline, m.reason, m.nextStep]) {
      if (!text) continue;
      let cut = text;
      for (const label of Object.values(OPERATION_LABELS)) cut = cut.replaceAll(label, SENTINEL);
      for (const part of cut.split(SENTINEL)) {
        const phrase = part.trim().replace(/^[:.,]\s*/, '');
        if (phrase.length >= 12) phrases.add(phrase.toLowerCase());
      }
    }
  }
  return [...phrases];
}

describe('the console holds no outcome or reason copy of its own', () => {
  test('no sentence of the presenter appears in the console', () => {
    const phrases = presenterPhrases();
    expect(phrases.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const file of consoleSources()) {
      const source = withoutComments(read(file)).toLowerCase();
      for (const phrase of phrases) if (source.includes(phrase)) found.push(`${file}: "${phrase}"`);
    }
    expect(found).toEqual([]);
  });

  test('no start outcome, reason code or next-step action is spelled out in the console (they come as data)', () => {
    const names = [...START_OUTCOMES, ...REASON_CODES, ...NEXT_STEP_ACTIONS];
    const found: string[] = [];
    for (const file of consoleSources()) {
      const source = withoutComments(read(file));
      for (const name of names) {
        if (new RegExp(`['"\`]${name}['"\`]`).test(source)) found.push(`${file}: ${name}`);
      }
    }
    expect(found).toEqual([]);
  });

  test('the guard catches a copy', () => {
    const phrases = presenterPhrases();
    const copy = '<p>Admin consent has not been granted for the provider connection.</p>'.toLowerCase();
    expect(phrases.some((p) => copy.includes(p))).toBe(true);
  });
});

describe('the console names capabilities as the registry does', () => {
  const source = read('services/console/src/capabilities.ts');
  const named = (key: string) => source.match(new RegExp(`\\b${key}: '([^']+)'`))?.[1];

  test('each start needs the capability the gate checks', () => {
    for (const operationType of OPERATION_TYPES) {
      expect(named(operationType), operationType).toBe(OPERATION_CAPABILITY[operationType]);
    }
  });

  test('lifecycle and restore preparation need the registry’s capabilities', () => {
    expect(named('manageConnections')).toBe(ACTIONS['provider_connection.create'].capability);
    expect(named('prepareRestore')).toBe(ACTIONS['restore.create'].capability);
    expect(named('onboard')).toBe(ACTIONS['onboarding.manage'].capability);
    expect(named('manageWebhooks')).toBe(ACTIONS['webhooks.manage'].capability);
    for (const action of [
      'tenant.members.change_role',
      'tenant.members.remove',
      'tenant.members.invite',
      'tenant.invitations.view',
      'tenant.invitations.revoke',
    ] as const) {
      expect(named('manageMembers'), action).toBe(ACTIONS[action].capability);
    }
    expect(named('manageApiClients')).toBe(ACTIONS['api_clients.manage'].capability);
    expect(named('manageApiClients')).toBe(ACTIONS['api_clients.create'].capability);
    const all = [...source.matchAll(/: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]);
    for (const capability of all) expect([...TENANT_CAPABILITIES, ...WORKSPACE_CAPABILITIES]).toContain(capability);
  });

  test('no role name decides anything in the console', () => {
    const found = consoleSources().filter((f) =>
      /['"`](OWNER|MANAGER|OPERATOR|READONLY)['"`]|myRole/.test(withoutComments(read(f))),
    );
    expect(found).toEqual([]);
  });
});

/** The console's routes (services/console/src/app/App.tsx) as patterns over paths. */
function consoleRoutes(): RegExp[] {
  const app = read('services/console/src/app/App.tsx');
  return [...app.matchAll(/<Route\s+path="([^"*]+)"/g)].map(
    (m) => new RegExp(`^/${m[1]!.replace(/^\//, '').replace(/:[A-Za-z]+/g, '[^/]+')}$`),
  );
}

describe('every URL the presenter builds is a console route', () => {
  test('over every reason code, next-step action and operation type', () => {
    const urls = new Set(
      presenterMessages()
        .map((m) => m.actionUrl)
        .filter((u): u is string => u !== null),
    );
    const routes = consoleRoutes();
    expect(routes.length).toBeGreaterThan(5);
    const foreign = [...urls].filter((url) => !url.startsWith(`${APP}/`));
    expect(foreign).toEqual([]);
    const unrouted = [...urls].filter((url) => !routes.some((r) => r.test(new URL(url).pathname)));
    expect(unrouted).toEqual([]);
  });

  test('with the connection’s app known, the admin-consent step leaves the console for Entra’s admin-consent page; every other URL stays a console route', () => {
    const connection = { entraTenantId: 'e1', clientId: 'a1' };
    const routes = consoleRoutes();
    const foreign: string[] = [];
    for (const reasonCode of REASON_CODES) {
      for (const m of [
        startMessage(
          links,
          { outcome: 'BLOCKED', operationType: 'POLICY_BACKUP', runId: 'run1', reasonCode },
          { tenantId: 't1', providerConnectionId: 'c1', connection },
        ),
        runMessage(
          links,
          {
            id: 'run1',
            operationType: 'POLICY_BACKUP',
            status: 'COMPLETED',
            outcome: 'FAILED',
            reasonCode,
            reasonDetail: null,
          },
          { tenantId: 't1', providerConnectionId: 'c1', connection },
        ),
      ]) {
        if (!m.actionUrl) continue;
        if (m.action === 'GRANT_PROVIDER_CONSENT') {
          expect(m.actionUrl).toBe('https://login.microsoftonline.com/e1/adminconsent?client_id=a1');
        } else if (!m.actionUrl.startsWith(`${APP}/`) || !routes.some((r) => r.test(new URL(m.actionUrl!).pathname))) {
          foreign.push(m.actionUrl);
        }
      }
    }
    expect(foreign).toEqual([]);
  });

  test('the enumeration reaches every next-step action, and the link shapes are the ones the browser opens', () => {
    const messages = presenterMessages();
    const actions = new Set(messages.map((m) => m.action));
    // SET_DEFAULT_PROVIDER_CONNECTION comes from a detail of its own (a tenant with connections but no default).
    actions.add(
      reasonMessage(links, 'x', 'PROVIDER_CONNECTION_MISSING', { tenantId: 't1' }, null, NO_DEFAULT_DETAIL).action,
    );
    expect([...actions].sort()).toEqual([...NEXT_STEP_ACTIONS].sort());
    // services/console/test/restore.test.ts opens one URL of each of these shapes in Chromium.
    const shapes = new Set(
      messages
        .map((m) => m.actionUrl)
        .filter((u): u is string => u !== null)
        .map((u) => new URL(u).pathname.replace(/\b(t1|c1|r1|run1)\b/g, ':id')),
    );
    expect([...shapes].sort()).toEqual(
      [
        '/monitoring/operations/:id',
        '/support',
        '/tenants/:id',
        '/tenants/:id/provider-connections',
        '/tenants/:id/provider-connections/:id',
        '/tenants/:id/restore-runs',
        '/tenants/:id/restore-runs/:id',
      ].sort(),
    );
  });
});
