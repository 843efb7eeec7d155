/**
 * `npm run audit:export -- --workspace <id> [--tenant <id>] [--actor <id>] [--action <name>]`:
 * the audit log as NDJSON on stdout, newest first, read through the API with the caller's token
 * (AUDIT_EXPORT_TOKEN), so exactly what `auditEvents` lets that caller read. AUDIT_EXPORT_URL: the
 * gateway (default http://localhost:4000/graphql). An error (FORBIDDEN, NOT_FOUND, …) goes to
 * stderr with its code, exit 1.
 */
import { parseArgs } from 'node:util';
import { optionalSecret, readSettings, setting, settingsOrExit } from '@msp/settings';
import { AuditExportError, exportAuditEvents } from '@msp/tenant';
import { z } from 'zod';

const { values } = parseArgs({
  options: {
    workspace: { type: 'string' },
    tenant: { type: 'string' },
    actor: { type: 'string' },
    action: { type: 'string' },
  },
});
if (!values.workspace) {
  console.error(
    'usage: AUDIT_EXPORT_TOKEN=<bearer token> npm run audit:export -- --workspace <id> [--tenant <id>] [--actor <id>] [--action <name>]',
  );
  process.exit(2);
}
const env = settingsOrExit(() =>
  readSettings(
    z.object({
      /** The caller's bearer token: the export reads what they may read. */
      AUDIT_EXPORT_TOKEN: optionalSecret(1),
      /** The gateway's GraphQL endpoint. */
      AUDIT_EXPORT_URL: setting(z.string().url().default('http://localhost:4000/graphql')),
    }),
    { what: 'npm run audit:export' },
  ),
);
if (!env.AUDIT_EXPORT_TOKEN) {
  console.error('AUDIT_EXPORT_TOKEN is not set: the export reads the log as the holder of that bearer token.');
  process.exit(2);
}
try {
  const n = await exportAuditEvents({
    url: env.AUDIT_EXPORT_URL,
    token: env.AUDIT_EXPORT_TOKEN,
    workspaceId: values.workspace,
    tenantId: values.tenant ?? null,
    actorId: values.actor ?? null,
    action: values.action ?? null,
    write: (line) =>
      new Promise<void>((resolve) => {
        if (process.stdout.write(line)) resolve();
        else process.stdout.once('drain', resolve);
      }),
  });
  console.error(`${n} audit records exported`);
} catch (error) {
  if (error instanceof AuditExportError) {
    console.error(`audit export refused: ${error.code ?? 'ERROR'}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
