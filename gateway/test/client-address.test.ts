/**
 * The caller's address for the anonymous rate limit (client-address.ts): X-Forwarded-For is read
 * only from a trusted proxy, from the right, and never yields an address a trusted proxy did not
 * write.
 */
import { describe, expect, test } from 'vitest';
import { clientAddressResolver, trustedProxyList } from '../src/client-address';
import { loadGatewayEnv } from '../src/env';

describe('clientAddressResolver', () => {
  test('without trusted proxies the header is ignored; IPv4-mapped peers read as IPv4', () => {
    const address = clientAddressResolver();
    expect(address('192.0.2.10', '203.0.113.5')).toBe('192.0.2.10');
    expect(address('::ffff:192.0.2.10', '203.0.113.5')).toBe('192.0.2.10');
    expect(address('2001:DB8::1', undefined)).toBe('2001:db8::1');
    expect(address(undefined, '203.0.113.5')).toBeUndefined();
  });

  test('from a trusted proxy: the first address from the right that is not a trusted proxy', () => {
    const address = clientAddressResolver(['10.0.0.0/8', '192.0.2.1', '2001:db8::/32']);
    // The connection is from the balancer; the caller is what it appended.
    expect(address('192.0.2.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(address('::ffff:192.0.2.1', '203.0.113.5')).toBe('203.0.113.5');
    // What the caller wrote itself (left of that) is not looked at.
    expect(address('192.0.2.1', '198.51.100.1, 203.0.113.5')).toBe('203.0.113.5');
    // Trusted hops are passed: a chain of balancers.
    expect(address('192.0.2.1', '198.51.100.1, 203.0.113.5, 10.1.2.3, 10.9.9.9')).toBe('203.0.113.5');
    expect(address('2001:db8::10', '2001:db8::20, [2001:db8:ffff::1]:443')).toBe('2001:db8::20');
    expect(address('192.0.2.1', '203.0.113.5:51234')).toBe('203.0.113.5');
    // A malformed hop stops the walk at the last trusted proxy read.
    expect(address('192.0.2.1', 'garbage, 10.1.2.3')).toBe('10.1.2.3');
    expect(address('192.0.2.1', 'garbage')).toBe('192.0.2.1');
    expect(address('192.0.2.1', '')).toBe('192.0.2.1');
    // Every hop trusted: the leftmost.
    expect(address('192.0.2.1', '10.0.0.1, 10.0.0.2')).toBe('10.0.0.1');
  });

  test('from anyone else the header is ignored, whatever it says', () => {
    const address = clientAddressResolver(['10.0.0.0/8']);
    expect(address('203.0.113.77', '10.0.0.1')).toBe('203.0.113.77');
    expect(address('203.0.113.77', '198.51.100.1')).toBe('203.0.113.77');
  });

  test('entries that are neither an address nor a CIDR range are refused, all named', () => {
    expect(() => trustedProxyList(['10.0.0.0/8', '::1', '2001:db8::/32'])).not.toThrow();
    expect(() => trustedProxyList(['10.0.0.0/33', 'lb.internal', '10.0.0.0/', '1.2.3.4/8/9', '::/129'])).toThrow(
      'not an address or a CIDR range: 10.0.0.0/33, lb.internal, 10.0.0.0/, 1.2.3.4/8/9, ::/129',
    );
  });

  test('GATEWAY_TRUSTED_PROXIES: none by default; a bad entry stops the settings with its name', () => {
    expect(loadGatewayEnv({}).GATEWAY_TRUSTED_PROXIES).toEqual([]);
    expect(loadGatewayEnv({ GATEWAY_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1' }).GATEWAY_TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
    ]);
    expect(() => loadGatewayEnv({ GATEWAY_TRUSTED_PROXIES: 'lb.internal' })).toThrow(
      'Invalid environment for the gateway: GATEWAY_TRUSTED_PROXIES must be addresses or CIDR ranges (not an address or a CIDR range: lb.internal)',
    );
  });
});
