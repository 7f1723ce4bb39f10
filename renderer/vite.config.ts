import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// One bundle for both hosts: relative asset paths work under app://mammoseg/ and http://127.0.0.1.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
