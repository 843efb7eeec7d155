/**
 * `npm run secrets:reencrypt`: after putting a new key first in SECRET_ENCRYPTION_KEY (the old
 * ones after it, comma-separated), re-seals every stored secret (client secrets, webhook signing secrets) with the new key. Prints
 * what it did; exits 1 when a secret cannot be opened with any configured key (those connections
 * are listed by id and left untouched). Never prints a secret.
 */
import { createDb, createSecretBox, reencryptSecrets } from '@msp/db';
import { databaseSettings, encryptionSettings, processSettings, readSettings, settingsOrExit } from '@msp/settings';
import { z } from 'zod';

const env = settingsOrExit(() =>
  readSettings(z.object({ ...processSettings, ...databaseSettings, ...encryptionSettings }), {
    what: 'npm run secrets:reencrypt',
  }),
);
const box = createSecretBox(env.SECRET_ENCRYPTION_KEY);
const handle = createDb({ url: env.DATABASE_URL, max: 2, applicationName: 'msp-secrets-reencrypt' });
try {
  const report = await reencryptSecrets(handle.db, box);
  console.log(
    `secrets: ${report.reencrypted} re-encrypted with the current key, ${report.current} already current` +
      (box.keyCount > 1 ? ` (${box.keyCount - 1} older key(s) configured)` : ''),
  );
  if (report.unreadable.length > 0) {
    console.error(
      `${report.unreadable.length} secret(s) open with no configured key, left untouched (provider connections): ${report.unreadable.join(', ')}`,
    );
    process.exitCode = 1;
  }
  if (report.unreadableWebhookEndpoints.length > 0) {
    console.error(
      `${report.unreadableWebhookEndpoints.length} webhook endpoint(s) with a signing secret no configured key opens, left untouched: ${report.unreadableWebhookEndpoints.join(', ')}`,
    );
    process.exitCode = 1;
  }
  if (process.exitCode === 1) {
    // Reported above.
  } else if (report.reencrypted > 0 || box.keyCount > 1) {
    console.log('Every stored secret now opens with the first key: the older keys can be removed.');
  }
} finally {
  await handle.close();
}
