// Repairs applied to installed dependencies: after `npm ci` (package.json "postinstall") and before
// `npm start` / `npm test` (ensure-install.mjs, for a checkout installed before a repair was
// added). Each repair names the upstream report, is idempotent (a marker comment), and only warns
// when its anchor text is missing: a newer release may have fixed it (check, then drop the repair).
// Plain JavaScript: it runs before anything is built.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * postgres.js 3.4.x (porsager/postgres issues #1066, #1154, #1208; no fixed release as of 3.4.9):
 * a write under 1 KiB is flushed from a `setImmediate`; when the connection closes first (the
 * server restarted, a backend was terminated), `closed()` sets the socket to null and the flush
 * throws `TypeError: Cannot read properties of null (reading 'write')` from the immediate, an
 * uncaught exception that ends the process. Teardown also clears that immediate without forgetting
 * it, so the pooled connection, once reconnected, never schedules a flush again (its queries hang).
 * Repair: a flush without a socket drops the buffered bytes (their query was already rejected with
 * CONNECTION_CLOSED), and teardown forgets the timer and the buffer.
 * Shown by tests/reliability/postgres-restart.test.ts.
 */
const postgresNullSocket = {
  name: 'postgres: flush after close (porsager/postgres#1154, #1208)',
  marker: 'msp-repair: flush after close',
  files: ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) =>
    join(root, 'node_modules/postgres', f),
  ),
  edits: [
    {
      from: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)\n',
      to:
        '  function nextWrite(fn) {\n' +
        '    if (!socket) { // msp-repair: flush after close\n' +
        '      chunk = nextWriteTimer = null\n' +
        '      return false\n' +
        '    }\n' +
        '    const x = socket.write(chunk, fn)\n',
      count: 1,
    },
    {
      from: '\n    clearImmediate(nextWriteTimer)\n',
      to: '\n    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null\n',
      count: 2,
    },
  ],
};

const repairs = [postgresNullSocket];

for (const repair of repairs) {
  for (const file of repair.files) {
    if (!existsSync(file)) continue;
    let text = readFileSync(file, 'utf8');
    if (text.includes(repair.marker)) continue;
    const missing = repair.edits.filter((e) => text.split(e.from).length - 1 !== e.count);
    if (missing.length > 0) {
      console.warn(`patch-dependencies: ${repair.name}: ${file} has changed; not repaired (is it fixed upstream?)`);
      continue;
    }
    for (const e of repair.edits) text = text.split(e.from).join(e.to);
    writeFileSync(file, text);
  }
}
