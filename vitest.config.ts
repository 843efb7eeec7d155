import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Lanes (tests/lanes.json): `npm test` runs every project, `npm run test:<lane>` one
 * (`vitest run --project <lane>`). tests/guards/lanes.test.ts fails on a test file in no lane.
 */
const lanes = JSON.parse(readFileSync(new URL('./tests/lanes.json', import.meta.url), 'utf8')) as Record<
  'unit' | 'integration' | 'e2e' | 'browser',
  string[]
>;

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (index.mjs, picked by Vite's `module` field) and CJS (index.js, what
    // Node and the Apollo packages load). Two copies break `instanceof` checks ("another module
    // or realm"): give tests the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 3,
    projects: (['unit', 'integration', 'e2e', 'browser'] as const).map((lane) => ({
      extends: true,
      // A browser file's first test also starts its file's whole stack and Chromium (file-scoped
      // fixtures): 35 s on a busy 2-core machine, past 60 s when it is very busy.
      test: { name: lane, include: lanes[lane], ...(lane === 'browser' ? { testTimeout: 120_000 } : {}) },
    })),
  },
});
