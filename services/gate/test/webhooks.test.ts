/**
 * Outbound webhooks' pure parts: Standard Webhooks signing (against the specification's published
 * example), the SSRF address policy and the URL checks. The delivery itself is tested over real
 * HTTP in services/worker/test/webhooks.test.ts.
 */
import { describe, expect, test } from 'vitest';
import {
  checkWebhookUrl,
  isPublicAddress,
  newWebhookSecret,
  resolveWebhookTarget,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
  webhookSecretKey,
} from '../src';

describe('Standard Webhooks signing', () => {
  test('matches the specification’s example signature', () => {
    // The example of the Standard Webhooks reference libraries' tests.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  test('a new secret is whsec_ and 32 random bytes; the key is the decoded bytes', () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(webhookSecretKey(a)).toHaveLength(32);
  });

  test('every secret signs (rotation); each verifies; a changed body, id or stale timestamp does not', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const now = Math.floor(Date.now() / 1000);
    const h = webhookHeaders([current, previous], 'msg_1', now, '{"a":1}');
    const headers = { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] };
    expect(headers.signature.split(' ')).toHaveLength(2);
    expect(verifyWebhook(current, headers, '{"a":1}')).toBe(true);
    expect(verifyWebhook(previous, headers, '{"a":1}')).toBe(true);
    expect(verifyWebhook(newWebhookSecret(), headers, '{"a":1}')).toBe(false);
    expect(verifyWebhook(current, headers, '{"a":2}')).toBe(false);
    expect(verifyWebhook(current, { ...headers, id: 'msg_2' }, '{"a":1}')).toBe(false);
    expect(verifyWebhook(current, headers, '{"a":1}', { now: now + 3600 })).toBe(false);
  });
});

describe('the SSRF policy', () => {
  test.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.100.100.200',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fd00:ec2::254',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '2002:a00:1::1',
    '2001:db8::1',
  ])('%s is refused', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is allowed',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  test('URL checks: https only, no credentials or fragment, bounded, internal literals refused', () => {
    const strict = { allowInsecure: false };
    expect(checkWebhookUrl('https://hooks.example.test/x?y=1', strict).ok).toBe(true);
    for (const bad of [
      'http://hooks.example.test/x',
      'ftp://hooks.example.test/x',
      'https://u:p@hooks.example.test/x',
      'https://hooks.example.test/x#f',
      'https://127.0.0.1/x',
      'https://[::1]:8443/x',
      'https://0x7f000001/x',
      'https://2130706433/x',
      `https://hooks.example.test/${'a'.repeat(2048)}`,
      'hooks.example.test/x',
    ]) {
      expect({ bad, ok: checkWebhookUrl(bad, strict).ok }).toEqual({ bad, ok: false });
    }
    // Development receivers: http and loopback when allowed.
    expect(checkWebhookUrl('http://127.0.0.1:8080/x', { allowInsecure: true }).ok).toBe(true);
  });

  test('resolution: any internal address among the answers refuses the target; no answer is DNS', async () => {
    const strict = { allowInsecure: false };
    const lookup = (addresses: string[]) => async () => addresses.map((address) => ({ address, family: 4 }));
    const url = new URL('https://hooks.example.test/x');
    expect((await resolveWebhookTarget(url, strict, lookup(['93.184.216.34']))).ok).toBe(true);
    expect(await resolveWebhookTarget(url, strict, lookup(['93.184.216.34', '10.0.0.1']))).toMatchObject({
      ok: false,
      errorClass: 'TARGET_REFUSED',
    });
    expect(await resolveWebhookTarget(url, strict, lookup([]))).toMatchObject({ ok: false, errorClass: 'DNS' });
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await resolveWebhookTarget(url, strict, failing)).toMatchObject({ ok: false, errorClass: 'DNS' });
  });
});
