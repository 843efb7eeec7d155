/**
 * Builds the migrated template database every test file clones (`CREATE DATABASE … TEMPLATE`),
 * and drops databases left behind by earlier interrupted runs. Runs once per test run (vitest
 * globalSetup, or `npm run db:test-setup`).
 */
import { runMigrations } from '@msp/db';
import postgres from 'postgres';
import { databaseUrl, testEnv } from './env';

export async function setupTemplate(): Promise<void> {
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'msp_test_%' and datname <> ${testEnv.templateDatabase}`;
    for (const { datname } of stale) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await admin.unsafe(`drop database if exists "${testEnv.templateDatabase}" with (force)`);
    await admin.unsafe(`create database "${testEnv.templateDatabase}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(testEnv.templateDatabase));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await setupTemplate();
  console.log(`test template ${testEnv.templateDatabase} ready`);
}
