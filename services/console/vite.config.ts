import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The production build `npm start` serves (server/server.ts). `manifest` lets the bundle
 * budget (test/budget.test.ts) follow exactly what the Monitoring route loads first.
 */
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    // One chunk is fine here: what counts is the gzipped size, which test/budget.test.ts checks.
    chunkSizeWarningLimit: 1024,
  },
});
