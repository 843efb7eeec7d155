import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (index.mjs, picked by Vite's `module` field) and CJS (index.js, what
    // Node and the Apollo packages load). Two copies break `instanceof` checks ("another module
    // or realm"): give tests the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    include: ['services/*/test/**/*.test.ts', 'tests/**/*.test.ts', 'gateway/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 3,
  },
});
