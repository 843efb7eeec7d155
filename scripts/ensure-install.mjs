// Runs before `npm start` and `npm test` (npm's pre-scripts): on a fresh clone, or when the
// lock changed since the last install, installs the committed lock first, so the two commands
// are all a newcomer needs. Plain JavaScript: it must run before any dependency exists.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
if (stale && process.env.CI !== 'true') {
  console.log('Installing dependencies from package-lock.json (npm ci) …');
  execSync('npm ci --no-audit --no-fund --loglevel=error', { stdio: 'inherit' });
}
// Dependency repairs (idempotent): also for a checkout installed before one was added.
await import('./patch-dependencies.mjs');
