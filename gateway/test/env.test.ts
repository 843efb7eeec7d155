import { parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { loadGatewayEnv } from '../src/env';
import { countStarts } from '../src/rate-limit';

describe('gateway settings', () => {
  test('GATEWAY_FAST_PATH: on by default and when empty, off with false, anything else refused', () => {
    expect(loadGatewayEnv({}).GATEWAY_FAST_PATH).toBe(true);
    expect(loadGatewayEnv({ GATEWAY_FAST_PATH: '' }).GATEWAY_FAST_PATH).toBe(true);
    expect(loadGatewayEnv({ GATEWAY_FAST_PATH: 'false' }).GATEWAY_FAST_PATH).toBe(false);
    expect(() => loadGatewayEnv({ GATEWAY_FAST_PATH: 'off' })).toThrow(
      'Invalid environment for the gateway: GATEWAY_FAST_PATH must be true or false',
    );
  });

  test('GATEWAY_SUBGRAPH_URLS: name=url pairs; CORS origins default to PUBLIC_APP_URL', () => {
    const env = loadGatewayEnv({
      GATEWAY_SUBGRAPH_URLS: 'tenant=http://127.0.0.1:4101/graphql, operations=http://127.0.0.1:4105/graphql',
      PUBLIC_APP_URL: 'https://console.example.test/',
    });
    expect(env.GATEWAY_SUBGRAPH_URLS).toEqual({
      tenant: 'http://127.0.0.1:4101/graphql',
      operations: 'http://127.0.0.1:4105/graphql',
    });
    expect(env.corsOrigins).toEqual(['https://console.example.test']);
    expect(() => loadGatewayEnv({ GATEWAY_SUBGRAPH_URLS: 'tenant' })).toThrow(
      /GATEWAY_SUBGRAPH_URLS must be name=url pairs/,
    );
  });

  test('GATEWAY_RATE_LIMIT_*: on by default with the documented quotas, `<count>/<duration>`, anything else refused', () => {
    const env = loadGatewayEnv({});
    expect(env.GATEWAY_RATE_LIMIT).toBe(true);
    expect(env.GATEWAY_RATE_LIMIT_REQUESTS).toEqual({ limit: 300, windowSeconds: 10 });
    expect(env.GATEWAY_RATE_LIMIT_COST).toEqual({ limit: 150_000, windowSeconds: 10 });
    expect(env.GATEWAY_RATE_LIMIT_STARTS).toEqual({ limit: 60, windowSeconds: 60 });
    expect(env.GATEWAY_RATE_LIMIT_PREFIX).toBe('msp:ratelimit');
    expect(loadGatewayEnv({ GATEWAY_RATE_LIMIT_REQUESTS: '1000 / 1h' }).GATEWAY_RATE_LIMIT_REQUESTS).toEqual({
      limit: 1000,
      windowSeconds: 3600,
    });
    expect(loadGatewayEnv({ GATEWAY_RATE_LIMIT_STARTS: '5/30' }).GATEWAY_RATE_LIMIT_STARTS).toEqual({
      limit: 5,
      windowSeconds: 30,
    });
    expect(loadGatewayEnv({ GATEWAY_RATE_LIMIT: 'false' }).GATEWAY_RATE_LIMIT).toBe(false);
    for (const bad of ['300', '0/10s', '300/0s', '300/10y', 'many/10s', '-1/10s']) {
      expect(() => loadGatewayEnv({ GATEWAY_RATE_LIMIT_COST: bad })).toThrow(
        'Invalid environment for the gateway: GATEWAY_RATE_LIMIT_COST must be a positive count per duration such as 300/10s or 60/1m',
      );
    }
  });

  test('starts are the start* and retryOperationRun fields a mutation executes, through fragments, once per response key', () => {
    const starts = (source: string, name?: string) => countStarts(parse(source), name);
    expect(starts('mutation { startPolicyBackup(tenantId: "t") { __typename } }')).toBe(1);
    expect(
      starts(
        'mutation { a: startPolicyBackup(tenantId: "t") { __typename } b: retryOperationRun(id: "r") { __typename } }',
      ),
    ).toBe(2);
    expect(
      starts('mutation { ...F ...F } fragment F on Mutation { startTenantVerification(tenantId: "t") { __typename } }'),
    ).toBe(1);
    expect(
      starts(
        'mutation { ... on Mutation { x: startRestoreExecution(id: "r") { __typename } } cancelOperationRun(id: "r") { __typename } }',
      ),
    ).toBe(1);
    expect(starts('mutation { createWorkspace(name: "x") { id } startup: markAllNotificationsRead }')).toBe(0);
    expect(starts('query { startPolicyBackup }')).toBe(0);
    expect(starts('query Q { a } mutation M { startPolicyBackup }', 'Q')).toBe(0);
    expect(starts('query Q { a } mutation M { startPolicyBackup }', 'M')).toBe(1);
  });
});
