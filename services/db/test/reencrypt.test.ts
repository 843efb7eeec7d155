/**
 * `npm run secrets:reencrypt` (reencryptSecrets): after a rotation every stored client secret is
 * re-sealed with the current key, nothing else about the connection changes, a second run has
 * nothing to do, and a secret no configured key opens is reported by id and left untouched.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { eq, inArray } from 'drizzle-orm';
import { createSecretBox, reencryptSecrets, schema } from '../src';

const pc = schema.providerConnections;

describe('re-encrypting client secrets after a key rotation', () => {
  test('old-key secrets are re-sealed with the new key; current ones, other fields and updated_at untouched; idempotent', async ({
    db,
    seed,
  }) => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const oldBox = createSecretBox(oldKey);
    const box = createSecretBox(`${newKey},${oldKey}`);
    const w = await seed.world();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await seed.connection(w.tenant.id, { isDefault: false, secret: null });
      await db.db
        .update(pc)
        .set({ clientSecretEncrypted: (i < 3 ? oldBox : box).encrypt(`secret-${i}`) })
        .where(eq(pc.id, c.id));
      ids.push(c.id);
    }
    const noSecret = await seed.connection(w.tenant.id, { isDefault: false, secret: null });
    const before = await db.db
      .select()
      .from(pc)
      .where(inArray(pc.id, [...ids, noSecret.id]));

    const first = await reencryptSecrets(db.db, box, { batchSize: 2 });
    expect(first.reencrypted).toBe(3);
    // The world's own connection was sealed with the test key, which this box does not hold.
    expect(first.unreadable).toEqual([w.connection.id]);
    const after = await db.db
      .select()
      .from(pc)
      .where(inArray(pc.id, [...ids, noSecret.id]));
    for (const [i, id] of ids.entries()) {
      const row = after.find((r) => r.id === id)!;
      const was = before.find((r) => r.id === id)!;
      expect(createSecretBox(newKey).decrypt(row.clientSecretEncrypted!)).toBe(`secret-${i}`);
      expect(row.updatedAt).toEqual(was.updatedAt);
      expect({ ...row, clientSecretEncrypted: null }).toEqual({ ...was, clientSecretEncrypted: null });
      if (i >= 3) expect(row.clientSecretEncrypted!.equals(was.clientSecretEncrypted!)).toBe(true);
    }
    expect(after.find((r) => r.id === noSecret.id)!.clientSecretEncrypted).toBeNull();

    const second = await reencryptSecrets(db.db, box);
    expect(second.reencrypted).toBe(0);
    expect(second.current).toBeGreaterThanOrEqual(5);
  });

  test('a secret that no configured key opens is reported by id and left as it was', async ({ db, seed }) => {
    const w = await seed.world();
    const stranger = createSecretBox(randomBytes(32).toString('base64'));
    const c = await seed.connection(w.tenant.id, { isDefault: false, secret: null });
    const sealed = stranger.encrypt('unknown-key-secret');
    await db.db.update(pc).set({ clientSecretEncrypted: sealed }).where(eq(pc.id, c.id));
    const report = await reencryptSecrets(db.db, createSecretBox(randomBytes(32).toString('base64')));
    expect(report.unreadable).toContain(c.id);
    const [row] = await db.db.select().from(pc).where(eq(pc.id, c.id));
    expect(row!.clientSecretEncrypted!.equals(sealed)).toBe(true);
  });

  test('webhook endpoints’ signing secrets (current and previous) are re-sealed too', async ({ db, seed }) => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const oldBox = createSecretBox(oldKey);
    const w = await seed.world();
    const { endpoint } = await seed.webhookEndpoint(w.workspaceId);
    const we = schema.webhookEndpoints;
    await db.db
      .update(we)
      .set({
        secretEncrypted: oldBox.encrypt('whsec_current'),
        previousSecretEncrypted: oldBox.encrypt('whsec_previous'),
      })
      .where(eq(we.id, endpoint.id));
    const report = await reencryptSecrets(db.db, createSecretBox(`${newKey},${oldKey}`));
    expect(report.unreadableWebhookEndpoints).toEqual([]);
    const [row] = await db.db.select().from(we).where(eq(we.id, endpoint.id));
    expect(createSecretBox(newKey).decrypt(row!.secretEncrypted)).toBe('whsec_current');
    expect(createSecretBox(newKey).decrypt(row!.previousSecretEncrypted!)).toBe('whsec_previous');
  });
});
