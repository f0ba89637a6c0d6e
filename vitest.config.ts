import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,protocol,input,client,cobrowse,signaling,turn,server,web,drizzle,helper,testing}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
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
