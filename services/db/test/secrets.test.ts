/**
 * The secret box: AES-256-GCM, and key rotation (several keys: the first encrypts, all decrypt).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createSecretBox, parseKeys } from '../src';

const key = () => randomBytes(32).toString('base64');

describe('secret box', () => {
  test('round-trips; every seal is different; a tampered value does not open', () => {
    const box = createSecretBox(key());
    const a = box.encrypt('s3cret-value');
    const b = box.encrypt('s3cret-value');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('utf8')).not.toContain('s3cret-value');
    expect(box.decrypt(a)).toBe('s3cret-value');
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.decrypt(tampered)).toThrow();
  });

  test('rotation: the first key seals, older keys still open, isCurrent tells them apart', () => {
    const [oldKey, newKey] = [key(), randomBytes(32).toString('hex')];
    const before = createSecretBox(oldKey);
    const sealedBefore = before.encrypt('old-secret');
    const during = createSecretBox(`${newKey}, ${oldKey}`);
    expect(during.keyCount).toBe(2);
    expect(during.decrypt(sealedBefore)).toBe('old-secret');
    expect(during.isCurrent(sealedBefore)).toBe(false);
    const sealedDuring = during.encrypt('new-secret');
    expect(during.isCurrent(sealedDuring)).toBe(true);
    // The old key alone cannot open what the new key sealed; the new key alone cannot open the old.
    expect(() => before.decrypt(sealedDuring)).toThrow();
    expect(() => createSecretBox(newKey).decrypt(sealedBefore)).toThrow();
  });

  test('a bad key is refused with a message that names the variable, never echoing the value', () => {
    expect(() => parseKeys('')).toThrow(/SECRET_ENCRYPTION_KEY is empty/);
    for (const bad of ['too-short', `${key()},not-a-key-at-all`]) {
      let message = '';
      try {
        createSecretBox(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/SECRET_ENCRYPTION_KEY must be 32 bytes/);
      expect(message).not.toContain('not-a-key');
      expect(message).not.toContain('too-short');
    }
  });
});
