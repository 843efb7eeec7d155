// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the detectors are tested on TypeScript source snippets, which contain template literals
/**
 * Guard: notifications are written in one place, `recordNotifications` (services/db), which every
 * writer calls inside the transaction of what it reports, and which drops a second notification of
 * the same run, recipient and kind; and published in one place, `publishNotification`
 * (services/gate), after the commit. A run's own completion notice is written by the run lifecycle
 * at the terminal transition (ARCHITECTURE, "Isolation": "exactly once per run, written by the run
 * lifecycle at the terminal transition"); other kinds (a blocked schedule, an expiring secret, …)
 * name their run and kind. Any other writer could notify twice or for a run that never ended.
 * Reading and marking read (the operations subgraph) are fine.
 */
import { describe, expect, test } from 'vitest';
import { codeSources, lineAt, read, withoutComments } from './sources';

/** The one writer; and the seed script, which may fill any table. */
const WRITER = 'services/db/src/notifications.ts';
const ALLOWED = new Set([WRITER, 'scripts/seed.ts']);
/** Where a run's completion notice is recorded, and where notification events are published. */
const LIFECYCLE = 'services/run-lifecycle/src/lifecycle.ts';
const PUBLISHER = 'services/gate/src/events.ts';

/**
 * Names bound to the notifications table in a file: `const n = schema.notifications`,
 * `const { notifications: n } = schema`, `import { notifications as n } from '@msp/db...'`.
 */
function tableAliases(code: string): string[] {
  const aliases = ['notifications'];
  for (const m of code.matchAll(/\b(?:const|let|var)\s+(\w+)\s*=\s*\w+\s*\.\s*notifications\b(?!\s*\.)/g)) {
    aliases.push(m[1]!);
  }
  for (const m of code.matchAll(/\{([^{}]*)\}\s*=\s*\w+/g)) {
    const alias = /\bnotifications\s*:\s*(\w+)/.exec(m[1]!);
    if (alias) aliases.push(alias[1]!);
  }
  for (const m of code.matchAll(/\bimport\s*\{([^}]*)\}\s*from\s*['"]@msp\/db[^'"]*['"]/g)) {
    const alias = /\bnotifications\s+as\s+(\w+)/.exec(m[1]!);
    if (alias) aliases.push(alias[1]!);
  }
  return [...new Set(aliases)];
}

/** Every insert into the notifications table in one source file, as `file:line: code`. */
export function notificationInserts(file: string, source: string): string[] {
  const code = withoutComments(source);
  const table = `(?:\\w+\\s*\\.\\s*)?(?:${tableAliases(code).join('|')})`;
  const patterns = [
    // Drizzle: db.insert(schema.notifications), tx\n  .insert(n), insert(notifications, ...)
    new RegExp(`\\binsert\\s*\\(\\s*${table}\\s*[,)]`, 'g'),
    // SQL, in a template or a string: insert into notifications / "public"."notifications"
    /\binsert\s+into\s+(?:"?\w+"?\s*\.\s*)?"?notifications"?(?![\w"])/gi,
  ];
  const lines = source.split('\n');
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const m of code.matchAll(pattern)) {
      const line = lineAt(code, m.index);
      found.add(`${file}:${line}: ${lines[line - 1]?.trim()}`);
    }
  }
  return [...found];
}

describe('notifications are written only through recordNotifications', () => {
  test('the detector finds inserts through the table, an alias, an import alias and SQL; not reads, updates or comments', () => {
    const inserts = [
      `await db.insert(schema.notifications).values({ userId, runId, title, body });`,
      `const [row] = await tx\n  .insert(schema.notifications)\n  .values(row)\n  .returning();`,
      `const n = schema.notifications;\nawait db.insert(n).values(row);`,
      `const { notifications: note } = schema;\nawait db.insert(note).values(row);`,
      `import { notifications as inbox } from '@msp/db/schema';\nawait db.insert(inbox).values(row);`,
      `import { notifications } from '@msp/db';\nawait db.insert(notifications).values(row);`,
      'await sql`insert into notifications (user_id, run_id, title, body) values (${u}, ${r}, ${t}, ${b})`;',
      `await client.unsafe('INSERT INTO "public"."notifications" (user_id) values ($1)', [u]);`,
    ];
    for (const source of inserts) expect(notificationInserts('services/x/src/a.ts', source), source).toHaveLength(1);

    const notInserts = [
      `const n = schema.notifications;\nawait db.update(n).set({ readAt: new Date() }).where(eq(n.id, id));`,
      `const rows = await db.select().from(schema.notifications).where(eq(schema.notifications.userId, u));`,
      `await db.insert(schema.runEvents).values({ runId, type: 'completed' });`,
      `await db.insert(schema.notificationSettings).values({ userId });`,
      'await sql`insert into notification_settings (user_id) values (${u})`;',
      `// await db.insert(schema.notifications).values(row);\n/* insert into notifications */`,
      `export type NotificationRow = typeof schema.notifications.$inferSelect;`,
    ];
    for (const source of notInserts) expect(notificationInserts('services/x/src/a.ts', source), source).toEqual([]);
  });

  test('recordNotifications is where notifications are inserted, and the run lifecycle records through it', () => {
    // If the writer moves or stops writing notifications, this guard must be updated with it.
    expect(notificationInserts(WRITER, read(WRITER))).toHaveLength(1);
    expect(withoutComments(read(LIFECYCLE))).toMatch(/\brecordNotifications\s*\(/);
  });

  test('no other code inserts into notifications', () => {
    const offenders = codeSources()
      .filter((file) => !ALLOWED.has(file))
      .flatMap((file) => notificationInserts(file, read(file)));
    expect(offenders, `notifications are written through recordNotifications (${WRITER}) only`).toEqual([]);
  });

  test('notification events are published only by publishNotification', () => {
    const offenders = codeSources()
      .filter((file) => file !== PUBLISHER)
      .flatMap((file) => {
        const code = withoutComments(read(file));
        return [...code.matchAll(/\.\s*publish\s*\(\s*notificationChannel\s*\(/g)].map(
          (m) => `${file}:${lineAt(code, m.index)}`,
        );
      });
    expect(offenders).toEqual([]);
    expect(withoutComments(read(PUBLISHER))).toMatch(/\.\s*publish\s*\(\s*notificationChannel\s*\(/);
  });
});
