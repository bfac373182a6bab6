import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The API (api/src/server.ts) listens on :4000; in dev, Vite forwards its routes there.
const api = 'http://localhost:4000';

export default defineConfig({
  plugins: [svelte()],
  server: {
    proxy: {
      '/graphql': api,
      '/healthz': api,
      '/readyz': api,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
