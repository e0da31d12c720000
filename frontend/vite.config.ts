/**
 * The learner's web page: Vite with Preact. `frontend/` is the root, `frontend/public/` is copied
 * as is (api.html), the build goes to `frontend/dist/`, which the local server serves at `/`.
 * `frontend/build.ts` builds with this same configuration from `npm start`, the tests and the
 * size benchmark; `npx vite --config frontend/vite.config.ts` serves it for editing.
 */
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the same build works at a CloudFront root or under any path.
  base: './',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // `npx vite` for editing the page: API calls go to a running `npm start`.
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
});
