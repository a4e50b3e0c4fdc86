import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    // livekit-client (~520 KB minified, ~143 KB gzip) is one chunk loaded only on session pages;
    // the budgets that matter are checked by `npm run bench`.
    chunkSizeWarningLimit: 600,
    manifest: true,
  },
  server: {
    // `npm run dev` runs the API on $PORT (default 8787) and this dev server in front of it.
    proxy: { '/api': `http://localhost:${process.env.PORT ?? 8787}` },
  },
});
