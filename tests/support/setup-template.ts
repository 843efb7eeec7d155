/**
 * Builds the migrated template database every test file clones (`CREATE DATABASE … TEMPLATE`).
 * The template's name carries a hash of the migrations, so concurrent test runs share one
 * template and a changed migration gets a new one. Databases that earlier interrupted runs
 * left behind are dropped once they are an hour old (their names carry their creation time),
 * never those of a run still going.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder, runMigrations } from '@msp/db';
import postgres from 'postgres';
import { databaseUrl } from './env';

export function templateName(): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(migrationsFolder)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    hash.update(f).update(readFileSync(join(migrationsFolder, f)));
  }
  return `msp_tpl_${hash.digest('hex').slice(0, 12)}`;
}

export async function setupTemplate(): Promise<string> {
  const name = templateName();
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    const cutoff = Math.floor(Date.now() / 1000) - 3600;
    const dbs = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'msp_t%'`;
    for (const { datname } of dbs) {
      const born = /^msp_test_(\d+)_/.exec(datname)?.[1];
      if (born && Number(born) < cutoff) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    // One builder at a time across concurrent runs.
    await admin`select pg_advisory_lock(hashtext('msp-test-template'))`;
    try {
      const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
      if (!exists) {
        const building = `${name}_build`;
        await admin.unsafe(`drop database if exists "${building}" with (force)`);
        await admin.unsafe(`create database "${building}"`);
        await runMigrations(databaseUrl(building));
        await admin.unsafe(`alter database "${building}" rename to "${name}"`);
      }
    } finally {
      await admin`select pg_advisory_unlock(hashtext('msp-test-template'))`;
    }
  } finally {
    await admin.end();
  }
  return name;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`test template ${await setupTemplate()} ready`);
}
