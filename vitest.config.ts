import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/site/**/*.test.ts'] } },
      { test: { name: 'convergence', include: ['test/convergence/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'server', include: ['test/server/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
});
