import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one worker per core less one: a single file at a time on a two-core
    // machine. Server and browser files spend much of their time waiting on the processes they
    // start (the server, Chromium), so two files at once keep both cores busier. Four at once, on
    // a machine other people were loading too, starved the tests' time bounds. Every file starts
    // its own server on its own port and data folder, and its own Chromium: nothing is shared
    // (docs/contributing.md, "Running tests side by side").
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/site/**/*.test.ts'] } },
      { test: { name: 'convergence', include: ['test/convergence/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'server', include: ['test/server/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
});
