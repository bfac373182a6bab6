import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The API (api/src/server.ts) listens on :4000; in dev, Vite forwards its routes there.
const api = 'http://localhost:4000';

export default defineConfig({
  plugins: [
    svelte(),
    // The station counter must open with no network: a Workbox service worker precaches the app
    // shell (HTML, JS, CSS, icons) and answers every page navigation with index.html. The API is
    // never cached (the app keeps its own data in IndexedDB/localStorage). vite-plugin-pwa 2
    // declares Vite 8 in its peer range.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: {
        name: '包装回收驿站 · Recycling station counter',
        short_name: '回收驿站',
        description: 'Log recycled and reused parcel packaging at the station counter, online or offline.',
        lang: 'zh-CN',
        start_url: '/station',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0c3b2e',
        background_color: '#f2f4f7',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The 1 MB barcode wasm is only for camera scanning: cached on first use, not up front.
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [
          /^\/graphql/,
          /^\/api\//,
          /^\/healthz/,
          /^\/readyz/,
          /^\/reports\/carbon\.csv/,
          /^\/feed\//,
        ],
        // The basemap files (fetched per city and zoom) are kept for the next visit, and refreshed
        // in the background when the network is there.
        runtimeCaching: [
          { urlPattern: /\/assets\/.*\.wasm$/, handler: 'CacheFirst', options: { cacheName: 'barcode-wasm' } },
          { urlPattern: /\/basemap\/.*\.json$/, handler: 'StaleWhileRevalidate', options: { cacheName: 'basemap' } },
        ],
        cleanupOutdatedCaches: true,
        // Take control of the page that installed it: a counter that loses the network right after
        // the first visit still reopens.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  server: {
    proxy: {
      '/graphql': api,
      '/healthz': api,
      '/readyz': api,
      '/reports/carbon.csv': api,
      '/feed': api,
      '/api': api,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
