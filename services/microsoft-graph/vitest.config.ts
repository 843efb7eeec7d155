import { defineConfig } from 'vitest/config';

// Lets `vitest run --root services/microsoft-graph` (or a root `projects: ['services/*']`)
// run this package alone. Tests start their own simulator on an ephemeral port.
export default defineConfig({
  test: {
    name: 'microsoft-graph',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
