import { describe, expect, test } from 'vitest';
import { loadGatewayEnv } from '../src/env';

describe('gateway settings', () => {
  test('GATEWAY_FAST_PATH: on by default and when empty, off with false, anything else refused', () => {
    expect(loadGatewayEnv({}).GATEWAY_FAST_PATH).toBe('true');
    expect(loadGatewayEnv({ GATEWAY_FAST_PATH: '' }).GATEWAY_FAST_PATH).toBe('true');
    expect(loadGatewayEnv({ GATEWAY_FAST_PATH: 'false' }).GATEWAY_FAST_PATH).toBe('false');
    expect(() => loadGatewayEnv({ GATEWAY_FAST_PATH: 'off' })).toThrow(/GATEWAY_FAST_PATH/);
  });
});
