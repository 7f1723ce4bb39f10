import { defineConfig } from 'vitest/config';

// Unit, integration and benchmark tests run in Node against the TypeScript sources.
// `npm test` runs all three; `npm run test:fast` only test/unit (the inner loop): the real engine
// runs, crash tests and benchmarks live in test/integration and test/bench.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/bench/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
