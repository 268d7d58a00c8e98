/**
 * Desktop build (electron-vite): main (ESM) → out/main/main.js, preload (CommonJS, because a
 * sandboxed preload cannot be an ES module) → out/preload/preload.cjs, renderer → out/renderer.
 * Every library is a devDependency and is bundled; package.json "dependencies" stays empty,
 * so app.asar holds only out/ and package.json.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { cspMetaTag } from './vite.web.config';

const at = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * shared/ipc.ts builds the zod schemas main validates arguments with when it loads. The preload
 * imports the same file for the method list and channel names but validates nothing, so there
 * zod is replaced by an inert stand-in whose every property and call returns itself: the
 * preload stays ~4 kB instead of carrying ~160 kB of zod into the page's isolated world.
 */
const ZOD_STUB = '\0marshrut:zod-stub';
const zodStubForPreload: Plugin = {
  name: 'marshrut:zod-stub-for-preload',
  enforce: 'pre',
  resolveId: (id) => (id === 'zod' || id.startsWith('zod/') ? ZOD_STUB : null),
  load: (id) =>
    id === ZOD_STUB
      ? 'const z = new Proxy(function () {}, { get: (_, key) => (key === "then" ? undefined : z), apply: () => z });\n' +
        'export { z };\nexport default z;\n'
      : null,
};

export default defineConfig({
  main: {
    build: {
      outDir: at('./out/main'),
      rolldownOptions: {
        input: { main: at('./electron/main.ts') },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    plugins: [zodStubForPreload],
    build: {
      outDir: at('./out/preload'),
      rolldownOptions: {
        input: { preload: at('./electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
      },
    },
  },
  renderer: {
    root: at('./renderer'),
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: at('./out/renderer'),
      rolldownOptions: { input: at('./renderer/index.html') },
    },
  },
});
