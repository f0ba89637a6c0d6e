import { afterEach, expect } from 'vitest';
import { takeCspViolations } from './csp-watch';

// Loaded before every e2e file (vitest.config.ts): a test during which any page broke its policy fails.
afterEach(() => {
  expect(takeCspViolations(), 'Content-Security-Policy violations').toEqual([]);
});
