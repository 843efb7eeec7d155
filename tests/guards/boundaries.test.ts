/**
 * Guards (issue 11): package boundaries. Every package has one public entry point (`exports: "."`
 * with named exports) and other packages import only that; no package's sources import a process
 * (the worker, the gateway); inside a package the imports go one way (no circle). Test support is the tests package's deliberate API (`@msp/tests/support/*`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { filesUnder, ROOT, read, withoutComments } from './sources';

const packageFiles = () => [...filesUnder('services', /^package\.json$/), 'gateway/package.json'];
const typescript = () => ['services', 'gateway', 'scripts', 'tests'].flatMap((dir) => filesUnder(dir, /\.tsx?$/));

/**
 * The module specifiers a source imports or re-exports: statements (at the start of a line, so
 * source samples inside strings do not count) and dynamic `import('…')`.
 */
function specifiers(source: string): string[] {
  const code = withoutComments(source);
  const statements = code.matchAll(/^(?:import|export)\b[^;'"`]*?\bfrom\s*'([^']+)'/gm);
  const bare = code.matchAll(/^import\s*'([^']+)'/gm);
  const dynamic = code.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g);
  return [...statements, ...bare, ...dynamic].map((m) => m[1]!);
}

/** A relative specifier of `file` as a repository path, or null when it names no .ts file. */
function resolveRelative(file: string, specifier: string): string | null {
  const base = normalize(join(dirname(file), specifier));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) {
    if (/\.tsx?$/.test(candidate) && existsSync(join(ROOT, candidate))) return candidate;
  }
  return null;
}

/** Circles among `files` through their relative imports, each as `a → b → … → a`. */
export function importCircles(files: string[], importsOf: (file: string) => string[]): string[] {
  const circles = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    path.push(file);
    for (const next of importsOf(file)) {
      if (state.get(next) === 'visiting') {
        const circle = path.slice(path.indexOf(next));
        // One spelling per circle: start it at its smallest file.
        const start = circle.indexOf([...circle].sort()[0]!);
        const turned = [...circle.slice(start), ...circle.slice(0, start)];
        circles.add([...turned, turned[0]].join(' → '));
      } else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return [...circles].sort();
}

describe('package boundaries', () => {
  test('every package exports one entry point: "."', () => {
    const wrong = packageFiles()
      .map((file) => ({ file, exports: Object.keys(JSON.parse(read(file)).exports ?? {}) }))
      .filter(({ exports }) => exports.join() !== '.')
      .map(({ file, exports }) => `${file}: ${exports.join(', ')}`);
    expect(wrong).toEqual([]);
  });

  test('another package is imported through its entry point only (test support through @msp/tests/support)', () => {
    const deep = typescript().flatMap((file) =>
      specifiers(read(file))
        .filter((s) => /^@msp\/[^/]+\//.test(s) && !/^@msp\/tests\/(support\/|e2e\/harness$)/.test(s))
        .map((s) => `${file}: ${s}`),
    );
    expect(deep).toEqual([]);
  });

  test('no relative import reaches into another package', () => {
    // scripts/ is the repository's own tooling (the subgraph list, the seed), not a package.
    const packageOf = (path: string) => /^(services\/[^/]+|gateway|tests)\//.exec(path)?.[1];
    const crossing = typescript().flatMap((file) =>
      specifiers(read(file))
        .filter((s) => s.startsWith('.'))
        .map((s) => normalize(join(dirname(file), s)))
        .filter((target) => packageOf(`${target}/`) !== packageOf(file) && !target.startsWith('scripts/'))
        .map((target) => `${file}: ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  test('no package source imports a process: the worker and the gateway are started, not imported', () => {
    // A subgraph that imported @msp/worker loaded its processors, Graph adapter and restore plan
    // to reach the run lifecycle; what two processes share is a library (@msp/run-lifecycle).
    // Tests, benchmarks and scripts start processes in-process and may import them.
    const processes = new Set(['@msp/worker', '@msp/gateway']);
    const own = (file: string) => (file.startsWith('gateway/') ? '@msp/gateway' : `@msp/${file.split('/')[1]}`);
    const sources = filesUnder('services', /\.tsx?$/)
      .filter((f) => /^services\/[^/]+\/(src|server)\//.test(f))
      .concat(filesUnder('gateway/src', /\.ts$/));
    const offenders = sources.flatMap((file) =>
      specifiers(read(file))
        .filter((s) => processes.has(s) && s !== own(file))
        .map((s) => `${file}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  test("no import circle inside a package's sources", () => {
    const sources = filesUnder('services', /\.tsx?$/)
      .filter((f) => /^services\/[^/]+\/src\//.test(f))
      .concat(filesUnder('gateway/src', /\.ts$/));
    const importsOf = (file: string) =>
      specifiers(read(file))
        .filter((s) => s.startsWith('.'))
        .map((s) => resolveRelative(file, s))
        .filter((f): f is string => f !== null);
    expect(importCircles(sources, importsOf)).toEqual([]);
  });

  test('the circle detector finds a circle and only one spelling of it', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'], d: ['a'] };
    expect(importCircles(['d', 'b'], (f) => graph[f] ?? [])).toEqual(['a → b → c → a']);
    expect(importCircles(['a'], (f) => ({ a: ['b'], b: [] })[f] ?? [])).toEqual([]);
  });
});
