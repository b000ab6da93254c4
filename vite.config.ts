import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { noCdn } from './scripts/no-cdn-plugin.js';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * The renderer is one static bundle served from `dist/renderer` by both shells: Electron loads it from
 * disk and `nimbus serve` over HTTP, hence the relative base. Monaco and its workers are bundled here,
 * because the page's Content-Security-Policy forbids loading code from anywhere else.
 */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), noCdn()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Monaco and the TypeScript worker are large by nature; the warning would only be noise.
    chunkSizeWarningLimit: 8000,
  },
});
