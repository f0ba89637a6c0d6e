import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,protocol,input,client,cobrowse,signaling,turn,server,web,drizzle,helper,testing}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/*.fuzz.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['**/*.fuzz.integration.test.ts', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'fuzz',
          include: ['**/*.fuzz.test.ts', '**/*.fuzz.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // The fuzzers keep both cores busy for a minute: run alone, after the unit and integration tests and
          // before the browsers, they starve nothing (a worker that could not start within 60 s failed a run).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          // Every test fails on a Content-Security-Policy violation in any of its browsers' pages.
          setupFiles: ['e2e/support/csp-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Real browsers on 2 cores: one file at a time keeps WebRTC out of CPU starvation.
          fileParallelism: false,
        },
      },
    ],
  },
});
