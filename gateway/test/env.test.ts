import { describe, expect, test } from 'vitest';
import { loadGatewayEnv } from '../src/env';

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
});
