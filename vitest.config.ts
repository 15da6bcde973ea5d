import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{db,services,domain,contract,cli,main,tests/unit,tests/main-process}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
