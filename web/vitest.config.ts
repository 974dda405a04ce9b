import { defineConfig } from 'vitest/config';

// Unit tests cover the app's plain logic (API client, i18n, session rules); they run
// in Node because none of them needs a DOM. The browser is exercised by e2e/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
