import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * `npm run bench:console` runs console.bench.ts under Vitest (the browser lane's fixtures: the
 * whole stack, the console's server, Chromium). Not a test lane: nothing here runs in `npm test`.
 * The same resolution and set-up as the root vitest.config.ts (one graphql copy, the template).
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    name: 'bench',
    root: new URL('../../..', import.meta.url).pathname,
    include: ['services/console/bench/console.bench.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
