// The commander's web UI: built into <repo>/dist/web, which the server serves at `/`.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

export default defineConfig({
  root: here,
  base: '/',
  build: {
    outDir: path.join(repo, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    fs: { allow: [repo] },
    // `npm run dev:web` next to a running server (PORT 7700 by default).
    proxy: { '/api': `http://127.0.0.1:${process.env.BLAST_RADIUS_PORT ?? process.env.PORT ?? 7700}` },
  },
});
