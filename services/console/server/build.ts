/**
 * The production build, made when missing or stale: `npm start` and the browser tests call
 * ensureBuild() before serving. Stale means the hash of what the build reads (src/, index.html,
 * the Vite config, the console's package.json and the lock) differs from the one recorded in
 * dist/.build-hash by the last build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnvironment } from '@msp/settings';

export const CONSOLE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = join(CONSOLE_DIR, 'dist');
const HASH_FILE = join(DIST_DIR, '.build-hash');
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'package.json', '../../package-lock.json', 'server/build.ts'];

function filesOf(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesOf(join(path, name)));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of filesOf(join(CONSOLE_DIR, input))) {
      hash.update(relative(CONSOLE_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

export function buildIsCurrent(): boolean {
  return existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8').trim() === sourceHash();
}

/**
 * Builds dist/ with Vite (in a child process) unless it is current; says which it did. The build
 * goes to a folder of its own and replaces dist/ whole, so two processes building at once (a
 * browser test run and `npm start`) never serve or leave a half-written dist/.
 */
export function ensureBuild(log: (message: string) => void = () => {}): 'current' | 'built' {
  const hash = sourceHash();
  if (buildIsCurrent()) return 'current';
  log('building the console (vite build) …');
  const vite = join(
    dirname(createRequire(join(CONSOLE_DIR, 'package.json')).resolve('vite/package.json')),
    'bin/vite.js',
  );
  const outDir = join(CONSOLE_DIR, `.dist-${process.pid}-${Date.now()}`);
  try {
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', outDir], {
      cwd: CONSOLE_DIR,
      // Always the production build (React's development build is larger and slower), whatever
      // the caller runs under (vitest sets NODE_ENV=test).
      env: childEnvironment({ NODE_ENV: 'production' }),
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 300_000,
    });
    if (result.status !== 0) {
      throw new Error(`vite build failed (${result.error?.message ?? `exit code ${result.status}`})`);
    }
    writeFileSync(join(outDir, '.build-hash'), `${hash}\n`);
    rmSync(DIST_DIR, { recursive: true, force: true });
    try {
      renameSync(outDir, DIST_DIR);
    } catch (error) {
      // Another process put its (identical) build there first.
      if (!buildIsCurrent()) throw error;
    }
    return 'built';
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
