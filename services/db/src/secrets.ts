import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for client secrets at rest. Stored layout: 12-byte IV | 16-byte tag | ciphertext.
 * The plaintext never leaves this module except to the Graph adapter in the worker.
 *
 * Key rotation: `SECRET_ENCRYPTION_KEY` may list several keys, comma-separated. The first
 * encrypts; every one of them decrypts (GCM's tag tells which key a value was sealed with). To
 * rotate: put the new key first and keep the old one after it, deploy, run
 * `npm run secrets:reencrypt` (re-seals every stored secret with the first key), then drop the
 * old key.
 */
export interface SecretBox {
  encrypt(plaintext: string): Buffer;
  decrypt(stored: Buffer): string;
  /** True when `stored` is sealed with the first (current) key; false for an older key. */
  isCurrent(stored: Buffer): boolean;
  /** How many keys the box holds (the current one first). */
  readonly keyCount: number;
}

export function parseKey(key: string): Buffer {
  const candidates = [/^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, 'hex') : null, Buffer.from(key, 'base64')];
  const found = candidates.find((b) => b !== null && b.length === 32);
  if (!found)
    throw new Error('SECRET_ENCRYPTION_KEY must be 32 bytes, hex or base64 encoded (several: comma-separated)');
  return found;
}

/** The keys of a `SECRET_ENCRYPTION_KEY` value, current first. */
export function parseKeys(spec: string): Buffer[] {
  const keys = spec
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0)
    .map(parseKey);
  if (keys.length === 0) throw new Error('SECRET_ENCRYPTION_KEY is empty');
  return keys;
}

function open(key: Buffer, stored: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, 12));
  decipher.setAuthTag(stored.subarray(12, 28));
  return Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString('utf8');
}

/** `keys`: one key, or several comma-separated (the first encrypts, all decrypt). */
export function createSecretBox(keys: string): SecretBox {
  const [current, ...previous] = parseKeys(keys) as [Buffer, ...Buffer[]];
  return {
    keyCount: previous.length + 1,
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(stored) {
      try {
        return open(current, stored);
      } catch (error) {
        for (const key of previous) {
          try {
            return open(key, stored);
          } catch {
            // not this one
          }
        }
        throw error;
      }
    },
    isCurrent(stored) {
      try {
        open(current, stored);
        return true;
      } catch {
        return false;
      }
    },
  };
}
