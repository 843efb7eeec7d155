/**
 * After a key rotation (a new key first in SECRET_ENCRYPTION_KEY, the old ones after it): re-seal
 * every stored secret with the current key, so the old keys can be dropped: provider connections'
 * client secrets and webhook endpoints' signing secrets (the current and, during a rotation's
 * grace period, the previous one). Safe to run any number of times and while the services run: a
 * row is rewritten only if it still holds the value that was read (a secret rotated meanwhile is
 * already sealed with the current key), and `updated_at` is left alone (nothing else changed).
 */
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { providerConnections as pc, webhookEndpoints as we } from './schema';
import type { SecretBox } from './secrets';

export interface ReencryptReport {
  /** Already sealed with the current key. */
  current: number;
  /** Re-sealed with the current key by this run. */
  reencrypted: number;
  /** Connections whose secret no configured key opens (ids only): left untouched. */
  unreadable: string[];
  /** Webhook endpoints with a signing secret no configured key opens (ids only): left untouched. */
  unreadableWebhookEndpoints: string[];
}

/** Where sealed secrets are stored: a table, its id and one sealed column (and its TypeScript key). */
interface SealedColumn {
  table: PgTable;
  id: PgColumn;
  sealed: PgColumn;
  key: string;
  unreadable: 'unreadable' | 'unreadableWebhookEndpoints';
}

const SEALED: SealedColumn[] = [
  { table: pc, id: pc.id, sealed: pc.clientSecretEncrypted, key: 'clientSecretEncrypted', unreadable: 'unreadable' },
  {
    table: we,
    id: we.id,
    sealed: we.secretEncrypted,
    key: 'secretEncrypted',
    unreadable: 'unreadableWebhookEndpoints',
  },
  {
    table: we,
    id: we.id,
    sealed: we.previousSecretEncrypted,
    key: 'previousSecretEncrypted',
    unreadable: 'unreadableWebhookEndpoints',
  },
];

export async function reencryptSecrets(
  db: Database,
  box: SecretBox,
  options: { batchSize?: number } = {},
): Promise<ReencryptReport> {
  const batchSize = options.batchSize ?? 200;
  const report: ReencryptReport = { current: 0, reencrypted: 0, unreadable: [], unreadableWebhookEndpoints: [] };
  for (const target of SEALED) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await db
        .select({ id: target.id, stored: target.sealed })
        .from(target.table)
        .where(and(isNotNull(target.sealed), gt(target.id, after)))
        .orderBy(asc(target.id))
        .limit(batchSize)) as Array<{ id: string; stored: Buffer | null }>;
      if (rows.length === 0) break;
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
          if (!report[target.unreadable].includes(id)) report[target.unreadable].push(id);
          continue;
        }
        const updated = await db
          .update(target.table)
          .set({ [target.key]: box.encrypt(plaintext) })
          .where(and(eq(target.id, id), eq(target.sealed, stored)))
          .returning({ id: target.id });
        if (updated.length === 1) report.reencrypted++;
        else report.current++; // rewritten meanwhile (a rotation seals with the current key)
      }
    }
  }
  return report;
}
