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

/**
 * The code that ships or runs outside tests: every subgraph's and library's `src` and `bench`,
 * the gateway's, and the scripts (seed, start). Test folders are not scanned.
 */
export function codeSources(): string[] {
  return [
    ...filesUnder('services', /\.ts$/).filter((f) => /^services\/[^/]+\/(src|bench)\//.test(f)),
    ...filesUnder('gateway/src', /\.ts$/),
    ...filesUnder('gateway/bench', /\.ts$/),
    ...filesUnder('scripts', /\.ts$/),
  ];
}

/**
 * `source` with every comment blanked out (newlines kept, so offsets and line numbers stay),
 * string and template literals kept: SQL in a template is code for the guards. A small lexer,
 * not a parser: it follows quotes, template `${}` nesting and comments; a regular expression
 * literal that contains a quote or `//` would confuse it (there is none where it is used).
 */
export function withoutComments(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // Each entry: a template literal being read, or the brace depth of a `${` inside one.
  const stack: Array<'template' | number> = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    const top = stack[stack.length - 1];
    if (top === 'template') {
      if (c === '\\') i += 2;
      else if (c === '`') {
        stack.pop();
        i++;
      } else if (c === '$' && source[i + 1] === '{') {
        stack.push(0);
        i += 2;
      } else i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '`') {
      stack.push('template');
      i++;
    } else if (c === '{' && typeof top === 'number') {
      stack[stack.length - 1] = top + 1;
      i++;
    } else if (c === '}' && typeof top === 'number') {
      if (top === 0) stack.pop();
      else stack[stack.length - 1] = top - 1;
      i++;
    } else i++;
  }
  return out.join('');
}

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text[k] === '\n') line++;
  return line;
}
