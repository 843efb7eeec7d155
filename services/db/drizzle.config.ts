import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/db/src/schema.ts',
  out: './services/db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/msp' },
});
