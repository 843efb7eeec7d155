/** `npm run db:migrate`: creates the database when missing and applies the migrations. */
import { databaseSettings, processSettings, readSettings, settingsOrExit } from '@msp/settings';
import { z } from 'zod';
import { ensureDatabase, runMigrations } from './migrate';

const env = settingsOrExit(() =>
  readSettings(z.object({ ...processSettings, ...databaseSettings }), { what: 'npm run db:migrate' }),
);
await ensureDatabase(env.DATABASE_URL);
await runMigrations(env.DATABASE_URL);
console.log(`migrations applied to ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
