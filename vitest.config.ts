import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Three projects: unit tests in Node (shared/, electron/ with a fake `electron` module, the
 * command line), renderer tests in happy-dom, and e2e tests that drive the built app in
 * Debian's Chromium. `import 'electron'` would try to download the Electron binary, so every
 * test gets tests/mocks/electron.ts instead.
 */
const electronMock = fileURLToPath(new URL('./tests/mocks/electron.ts', import.meta.url));

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        resolve: { alias: { electron: electronMock } },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [react()],
        resolve: { alias: { electron: electronMock } },
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
      {
        resolve: { alias: { electron: electronMock } },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
