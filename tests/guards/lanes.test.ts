/**
 * Guard (issue 5): every test file is assigned to exactly one lane in tests/lanes.json, and the
 * lanes name only files that exist. vitest.config.ts builds one project per lane from the same
 * manifest, so an unassigned file would silently run in no lane: this test is what catches it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { filesUnder, ROOT, read } from './sources';

const LANES = ['unit', 'integration', 'e2e', 'browser'] as const;
const manifest = JSON.parse(read('tests/lanes.json')) as Record<(typeof LANES)[number], string[]>;

const testFiles = () =>
  [
    ...filesUnder('services', /\.test\.ts$/).filter((f) => /^services\/[^/]+\/test\//.test(f)),
    ...filesUnder('tests', /\.test\.ts$/),
    ...filesUnder('gateway/test', /\.test\.ts$/),
  ].sort();

describe('lane manifest', () => {
  test('has exactly the lanes unit, integration, e2e and browser', () => {
    expect(
      Object.keys(manifest)
        .filter((k) => !k.startsWith('$'))
        .sort(),
    ).toEqual([...LANES].sort());
  });

  test('assigns every test file to a lane', () => {
    const assigned = new Set(LANES.flatMap((lane) => manifest[lane]));
    const unassigned = testFiles().filter((f) => !assigned.has(f));
    expect(unassigned, 'add these to tests/lanes.json').toEqual([]);
  });

  test('assigns no file twice and names no missing file', () => {
    const all = LANES.flatMap((lane) => manifest[lane]);
    expect(all.filter((f, i) => all.indexOf(f) !== i)).toEqual([]);
    expect(all.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  test('test files are named by the behaviour they show, not numbered', () => {
    expect(testFiles().filter((f) => /\/\d+[-_][^/]*\.test\.ts$/.test(f))).toEqual([]);
  });
});
