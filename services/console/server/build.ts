/**
 * The production build, made when missing or stale: `npm start` and the browser tests call
 * ensureBuild() before serving. Stale means the hash of what the build reads (src/, index.html,
 * the Vite config, the console's package.json and the lock) differs from the one recorded in
 * dist/.build-hash by the last build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = join(CONSOLE_DIR, 'dist');
const HASH_FILE = join(DIST_DIR, '.build-hash');
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'package.json', '../../package-lock.json'];

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

/** Builds dist/ with Vite (in a child process) unless it is current; says which it did. */
export function ensureBuild(log: (message: string) => void = () => {}): 'current' | 'built' {
  if (buildIsCurrent()) return 'current';
  log('building the console (vite build) …');
  const vite = join(dirname(createRequire(join(CONSOLE_DIR, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: CONSOLE_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (result.status !== 0) {
    throw new Error(`vite build failed (${result.error?.message ?? `exit code ${result.status}`})`);
  }
  writeFileSync(HASH_FILE, `${sourceHash()}\n`);
  return 'built';
}
