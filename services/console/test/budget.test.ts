/**
 * Budget: the JavaScript the Monitoring route loads before it can render (the entry chunk and
 * everything it imports statically, from Vite's build manifest) stays within 200 KB gzipped.
 * A size, not a timing: the same build always gives the same figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST_DIR } from '@msp/console';
import { expect, test } from 'vitest';

const BUDGET_BYTES = 200 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

test('the Monitoring route’s initial JavaScript is at most 200 KB gzipped', () => {
  const manifest = JSON.parse(readFileSync(join(DIST_DIR, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  expect(entry).toBeDefined();
  const loaded = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key]!;
    if (loaded.has(chunk.file)) return;
    loaded.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry!);
  const gzipped = [...loaded].reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(DIST_DIR, file)), { level: 9 }).length,
    0,
  );
  console.log(`Monitoring route initial JS: ${(gzipped / 1024).toFixed(1)} KB gzipped (${[...loaded].join(', ')})`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
});
