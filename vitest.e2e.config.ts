import { defineConfig } from 'vitest/config';

// Browser tests: one file at a time (each starts a broker, `twinscope serve` and Chromium), against fresh builds.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    fileParallelism: false,
    allowOnly: false,
    globalSetup: ['test/e2e/globalSetup.ts'],
  },
});
