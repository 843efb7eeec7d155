/**
 * The presenter covers every ReasonCode and every StartOutcome, and every message answers the
 * ten-second scan: accepted? (headline) if not, why not? (reason) what next? (nextStep, action,
 * actionUrl). Expected problem classes are written out from the contract's comments.
 */
import { describe, expect, test } from 'vitest';
import {
  NEXT_STEP_ACTIONS,
  OPERATION_TYPES,
  type OperationType,
  problemClassOf,
  REASON_CODES,
  type ReasonCode,
  RUN_OUTCOMES,
  runMessage,
  START_OUTCOMES,
  type StartMessageInput,
  startMessage,
} from '../src';

const links = { publicAppUrl: 'https://app.example.test' };
const ctx = { tenantId: 't-1', providerConnectionId: 'c-1', restoreRunId: 'r-1' };

const EXPECTED_CLASS: Record<ReasonCode, string> = {
  PROVIDER_CONNECTION_MISSING: 'PROVIDER_CONNECTION',
  PROVIDER_CONNECTION_DISABLED: 'PROVIDER_CONNECTION',
  PROVIDER_CONSENT_MISSING: 'PROVIDER_CONSENT',
  PROVIDER_CONSENT_REVOKED: 'PROVIDER_CONSENT',
  PROVIDER_CREDENTIALS_MISSING: 'PROVIDER_CREDENTIALS',
  PROVIDER_CREDENTIALS_EXPIRED: 'PROVIDER_CREDENTIALS',
  PROVIDER_CREDENTIALS_INVALID: 'PROVIDER_CREDENTIALS',
  PROVIDER_PERMISSIONS_MISSING: 'PROVIDER_PERMISSIONS',
  PROVIDER_THROTTLED: 'PROVIDER_AVAILABILITY',
  PROVIDER_UNAVAILABLE: 'PROVIDER_AVAILABILITY',
  TENANT_NOT_ACTIVE: 'TENANT_STATE',
  RESTORE_NOT_READY: 'OPERATION_PRECONDITION',
  TARGET_NOT_FOUND: 'OPERATION_PRECONDITION',
  RUN_INTERRUPTED: 'INTERNAL',
  INTERNAL_ERROR: 'INTERNAL',
};

function expectScannable(m: ReturnType<typeof startMessage>) {
  expect(m.headline.length).toBeGreaterThan(5);
  expect(m.nextStep.length).toBeGreaterThan(5);
  expect(NEXT_STEP_ACTIONS).toContain(m.action);
  expect(m.actionUrl).toMatch(/^https:\/\/app\.example\.test\//);
}

describe('presenter', () => {
  test('every reason code maps to its contract problem class', () => {
    for (const code of REASON_CODES) expect(problemClassOf(code), code).toBe(EXPECTED_CLASS[code]);
  });

  test('every reason code, blocked at start: headline says not started, reason says why, next step and link', () => {
    for (const reasonCode of REASON_CODES) {
      const m = startMessage(
        links,
        { outcome: 'BLOCKED', operationType: 'POLICY_BACKUP', runId: 'run-1', reasonCode },
        ctx,
      );
      expectScannable(m);
      expect(m.headline).toBe('Policy backup was not started');
      expect(m.reason, reasonCode).toBeTruthy();
    }
  });

  test('every start outcome is scannable, for every operation type', () => {
    for (const operationType of OPERATION_TYPES) {
      const inputs: Record<(typeof START_OUTCOMES)[number], StartMessageInput> = {
        ACCEPTED: { outcome: 'ACCEPTED', operationType, runId: 'run-1', connectionName: 'Primary app' },
        DEDUPED: { outcome: 'DEDUPED', operationType, runId: 'run-1', runStatus: 'RUNNING' },
        SCOPE_BUSY: {
          outcome: 'SCOPE_BUSY',
          operationType,
          runId: 'run-1',
          activeOperationType: 'POLICY_BACKUP',
          connectionName: 'Primary app',
        },
        BLOCKED: { outcome: 'BLOCKED', operationType, runId: null, reasonCode: 'PROVIDER_CONSENT_MISSING' },
      };
      for (const outcome of START_OUTCOMES) {
        const m = startMessage(links, inputs[outcome], ctx);
        expectScannable(m);
        if (outcome === 'ACCEPTED') {
          expect(m.reason).toBeNull();
          expect(m.action).toBe('OPEN_RUN');
          expect(m.actionUrl).toBe('https://app.example.test/monitoring/operations/run-1');
        } else {
          expect(m.reason, outcome).toBeTruthy();
        }
      }
      expect(startMessage(links, inputs.SCOPE_BUSY, ctx).action).toBe('WAIT_FOR_RUN');
      expect(startMessage(links, inputs.BLOCKED, ctx).actionUrl).toBe(
        'https://app.example.test/tenants/t-1/provider-connections/c-1',
      );
    }
  });

  test('a run that failed on a reason shows the same class, next step and action as a start blocked for it, and stays distinguishable', () => {
    const operationType: OperationType = 'DIRECTORY_GROUPS_SYNC';
    for (const reasonCode of REASON_CODES) {
      const blocked = startMessage(links, { outcome: 'BLOCKED', operationType, runId: 'r', reasonCode }, ctx);
      const failed = runMessage(
        links,
        { id: 'r', operationType, status: 'COMPLETED', outcome: 'FAILED', reasonCode, reasonDetail: null },
        ctx,
      );
      expect(failed.nextStep).toBe(blocked.nextStep);
      expect(failed.action).toBe(blocked.action);
      expect(failed.reason).toBe(blocked.reason);
      expect(failed.headline).toBe('Directory groups sync failed');
      expect(failed.headline).not.toBe(blocked.headline);
    }
  });

  test('run detail is scannable in every status and outcome', () => {
    for (const status of ['QUEUED', 'RUNNING'] as const) {
      const m = runMessage(
        links,
        { id: 'r', operationType: 'POLICY_BACKUP', status, outcome: 'PENDING', reasonCode: null, reasonDetail: null },
        ctx,
      );
      expectScannable(m);
      expect(m.headline).toMatch(status === 'QUEUED' ? /queued/ : /running/);
    }
    for (const outcome of RUN_OUTCOMES) {
      const m = runMessage(
        links,
        {
          id: 'r',
          operationType: 'POLICY_BACKUP',
          status: 'COMPLETED',
          outcome,
          reasonCode: 'PROVIDER_THROTTLED',
          reasonDetail: null,
        },
        ctx,
      );
      expectScannable(m);
    }
  });

  test('no default connection among several: the next step is choosing a default', () => {
    const m = startMessage(
      links,
      {
        outcome: 'BLOCKED',
        operationType: 'POLICY_BACKUP',
        runId: 'r',
        reasonCode: 'PROVIDER_CONNECTION_MISSING',
        detail: 'The tenant has provider connections, but none is the default.',
      },
      { tenantId: 't-1' },
    );
    expect(m.action).toBe('SET_DEFAULT_PROVIDER_CONNECTION');
    expect(m.actionUrl).toBe('https://app.example.test/tenants/t-1/provider-connections');
  });
});

describe('reason details', () => {
  test("a blocker's own sentence is the reason of a blocked start; a failure's detail is appended", () => {
    const blocked = startMessage(
      links,
      {
        outcome: 'BLOCKED',
        operationType: 'POLICY_BACKUP',
        runId: 'r',
        reasonCode: 'PROVIDER_CREDENTIALS_EXPIRED',
        detail: 'The client secret expired on 2026-01-01T00:00:00.000Z.',
      },
      ctx,
    );
    expect(blocked.reason).toBe('The client secret expired on 2026-01-01T00:00:00.000Z.');
    const failed = runMessage(
      links,
      {
        id: 'r',
        operationType: 'POLICY_BACKUP',
        status: 'COMPLETED',
        outcome: 'FAILED',
        reasonCode: 'PROVIDER_THROTTLED',
        reasonDetail: 'Still throttled after 3 retries.',
      },
      ctx,
    );
    expect(failed.reason).toBe('Microsoft Graph throttled the requests. Still throttled after 3 retries.');
  });
});

describe('the admin-consent next step links to Entra’s admin-consent page of the connection’s cloud', () => {
  const connection = {
    entraTenantId: '11111111-2222-3333-4444-555555555555',
    clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  };
  const withConnection = { ...ctx, connection };
  const consentUrl = (authority: string) =>
    `${authority}/${connection.entraTenantId}/adminconsent?client_id=${connection.clientId}`;

  test.each([
    ['global', 'https://login.microsoftonline.com'],
    ['usgov', 'https://login.microsoftonline.us'],
    ['usgov-dod', 'https://login.microsoftonline.us'],
    ['china', 'https://login.chinacloudapi.cn'],
  ] as const)('%s: blocked start, failed run and blocked attempt all point at %s', (graphCloud, authority) => {
    const cloudLinks = { ...links, graphCloud };
    for (const reasonCode of ['PROVIDER_CONSENT_MISSING', 'PROVIDER_CONSENT_REVOKED'] as const) {
      const blocked = startMessage(
        cloudLinks,
        { outcome: 'BLOCKED', operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK', runId: 'run-1', reasonCode },
        withConnection,
      );
      expect(blocked.action).toBe('GRANT_PROVIDER_CONSENT');
      expect(blocked.actionUrl).toBe(consentUrl(authority));
      for (const outcome of ['FAILED', 'BLOCKED'] as const) {
        const run = runMessage(
          cloudLinks,
          {
            id: 'run-1',
            operationType: 'PROVIDER_CONNECTION_HEALTH_CHECK',
            status: 'COMPLETED',
            outcome,
            reasonCode,
            reasonDetail: null,
          },
          withConnection,
        );
        expect(run.actionUrl).toBe(consentUrl(authority));
      }
    }
  });

  test('the platform’s default cloud is the global one; without the connection’s app the link is its console page', () => {
    const input = {
      outcome: 'BLOCKED',
      operationType: 'POLICY_BACKUP',
      runId: 'run-1',
      reasonCode: 'PROVIDER_CONSENT_MISSING',
    } as const;
    expect(startMessage(links, input, withConnection).actionUrl).toBe(consentUrl('https://login.microsoftonline.com'));
    expect(startMessage(links, input, ctx).actionUrl).toBe(
      'https://app.example.test/tenants/t-1/provider-connections/c-1',
    );
  });

  test('every other next step stays a console route', () => {
    for (const reasonCode of REASON_CODES) {
      const m = startMessage(
        { ...links, graphCloud: 'usgov' },
        { outcome: 'BLOCKED', operationType: 'POLICY_BACKUP', runId: 'run-1', reasonCode },
        withConnection,
      );
      if (m.action === 'GRANT_PROVIDER_CONSENT') expect(m.actionUrl).toMatch(/^https:\/\/login\.microsoftonline\.us\//);
      else expect(m.actionUrl).toMatch(/^https:\/\/app\.example\.test\//);
    }
  });
});
