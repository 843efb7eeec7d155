import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for client secrets at rest. Stored layout: 12-byte IV | 16-byte tag | ciphertext.
 * The plaintext never leaves this module except to the Graph adapter in the worker.
 */
export interface SecretBox {
  encrypt(plaintext: string): Buffer;
  decrypt(stored: Buffer): string;
}

export function parseKey(key: string): Buffer {
  const candidates = [/^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, 'hex') : null, Buffer.from(key, 'base64')];
  const found = candidates.find((b) => b !== null && b.length === 32);
  if (!found) throw new Error('SECRET_ENCRYPTION_KEY must be 32 bytes, hex or base64 encoded');
  return found;
}

export function createSecretBox(key: string): SecretBox {
  const k = parseKey(key);
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(stored) {
      const decipher = createDecipheriv('aes-256-gcm', k, stored.subarray(0, 12));
      decipher.setAuthTag(stored.subarray(12, 28));
      return Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
