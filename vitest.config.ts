import { defineConfig } from 'vitest/config';
import SlowestFirstSequencer from './test/support/slowest-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/per-file-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Test files run one after another in each worker on the modules it has already imported
    // (the app, PGlite, the template tarballs) instead of a fresh process each: importing the
    // app cost more than most files' tests. Each file still opens its own database copy and app;
    // per-file-setup.ts restarts what a file relies on starting afresh. docs/performance.md.
    isolate: false,
    // The longest files start first, so the two workers finish together (docs/performance.md).
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
