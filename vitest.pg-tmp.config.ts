import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one worker per core less one: a single file at a time on a two-core
    // machine. Unit, convergence and server files spend much of their time waiting on the
    // processes they start (the server, the CLI), so they run two at a time (group 0). Browser
    // files run after them, one at a time (group 1): two Chromiums beside two servers on two
    // cores starved their 10 s waits. Every file starts its own server on its own port and data
    // folder, and its own Chromium: nothing is shared (docs/contributing.md, "Running tests side
    // by side").
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/site/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'convergence',
          include: ['test/convergence/**/*.test.ts'],
          testTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'server',
          globalSetup: ["test/postgres/global-setup.ts"],
          include: ['test/server/**/*.test.ts'],
          testTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          // A poll that looks through a page or a fresh request can take most of a second on a
          // busy machine: the default 1 s gave one look and failed a change that was on its way.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
