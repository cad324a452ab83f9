// Vitest configuration: unit tests sit beside the code, integration and e2e tests under test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // tests start `peron site` as one process unless PERON_SITE_WORKERS asks for the multi-process site
    env: { PERON_SITE_WORKERS: process.env.PERON_SITE_WORKERS ?? '1' },
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
