import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Browser tests against the real platform: one server and one Chromium for the whole run,
 * files one after another (they share both, and the machine has two cores).
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    // The first start seeds the demo city, which takes a while on a cold machine.
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
