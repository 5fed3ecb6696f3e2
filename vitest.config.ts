import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start brokers and ptys; two cores do not gain from running many at once.
    maxWorkers: 2,
    allowOnly: false,
    globalSetup: ['test/helpers/buildCli.ts'],
  },
});
