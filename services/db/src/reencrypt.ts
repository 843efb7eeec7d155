/**
 * After a key rotation (a new key first in SECRET_ENCRYPTION_KEY, the old ones after it): re-seal
 * every stored client secret with the current key, so the old keys can be dropped. Safe to run
 * any number of times and while the services run: a row is rewritten only if it still holds the
 * value that was read (a secret rotated meanwhile is already sealed with the current key), and
 * `updated_at` is left alone (nothing about the connection changed).
 */
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Database } from './client';
import { providerConnections as pc } from './schema';
import type { SecretBox } from './secrets';

export interface ReencryptReport {
  /** Already sealed with the current key. */
  current: number;
  /** Re-sealed with the current key by this run. */
  reencrypted: number;
  /** Connections whose secret no configured key opens (ids only): left untouched. */
  unreadable: string[];
}

export async function reencryptSecrets(
  db: Database,
  box: SecretBox,
  options: { batchSize?: number } = {},
): Promise<ReencryptReport> {
  const batchSize = options.batchSize ?? 200;
  const report: ReencryptReport = { current: 0, reencrypted: 0, unreadable: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select({ id: pc.id, stored: pc.clientSecretEncrypted })
      .from(pc)
      .where(and(isNotNull(pc.clientSecretEncrypted), gt(pc.id, after)))
      .orderBy(asc(pc.id))
      .limit(batchSize);
    if (rows.length === 0) return report;
    after = rows.at(-1)!.id;
    for (const { id, stored } of rows) {
      if (!stored || box.isCurrent(stored)) {
        report.current++;
        continue;
      }
      let plaintext: string;
      try {
        plaintext = box.decrypt(stored);
      } catch {
        report.unreadable.push(id);
        continue;
      }
      const updated = await db
        .update(pc)
        .set({ clientSecretEncrypted: box.encrypt(plaintext) })
        .where(and(eq(pc.id, id), eq(pc.clientSecretEncrypted, stored)))
        .returning({ id: pc.id });
      if (updated.length === 1) report.reencrypted++;
      else report.current++; // rewritten meanwhile (a credential rotation seals with the current key)
    }
  }
}
