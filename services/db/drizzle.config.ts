import { databaseSettings, readSettings } from '@msp/settings';
import { defineConfig } from 'drizzle-kit';
import { z } from 'zod';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/db/src/schema.ts',
  out: './services/db/migrations',
  dbCredentials: { url: readSettings(z.object(databaseSettings), { what: 'drizzle-kit' }).DATABASE_URL },
});
