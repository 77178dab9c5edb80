import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const shared = {
  test: {
    // Importing the app's Inngest client makes a signing key in the data directory: not in the repo.
    env: { MIST_DATA_DIR: path.join(os.tmpdir(), 'mist-vitest-data') },
    // Each test file's worker compiles PGlite's WebAssembly anew: the baseline compiler alone
    // (same behaviour) spends far less CPU on it than optimising hot functions it barely runs.
    execArgv: ['--liftoff-only'],
  },
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Next enforces this marker at build; outside Next it would refuse to load.
      'server-only': path.resolve(import.meta.dirname, 'tests/helpers/server-only.ts'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { ...shared.test, name: 'unit', include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'inngest/**/*.test.ts', 'scripts/**/*.test.ts', 'components/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 } },
      { ...shared, test: { ...shared.test, name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        ...shared,
        test: {
          ...shared.test,
          name: 'http',
          include: ['tests/http/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/http/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          ...shared.test,
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/http/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
