import { dbEnvSchema, parseEnv } from './env';
import { ensureDatabase, runMigrations } from './migrate';

const env = parseEnv(dbEnvSchema);
await ensureDatabase(env.DATABASE_URL);
await runMigrations(env.DATABASE_URL);
console.log(`migrations applied to ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
