import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // every report a test parses must match the published JSON Schema (test/support/validate-reports.ts)
    setupFiles: ['test/support/validate-reports.ts'],
  },
});
