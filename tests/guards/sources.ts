/** Shared helpers of the guards: repository files, and the published API schema. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every file under `dir` (relative to the repository root) whose name matches `pattern`. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const path = join(abs, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (pattern.test(entry)) out.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

export function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** schema/api.graphql: the public API the gateway serves. */
export function apiSchema(): GraphQLSchema {
  return buildSchema(read('schema/api.graphql'));
}
