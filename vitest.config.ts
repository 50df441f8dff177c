import { defineConfig } from 'vitest/config';

// Real services (ffmpeg, redis-server, PostgreSQL, s3rver, Chromium) make tests slower than pure unit tests,
// and this machine has 2 cores: generous timeouts, and at most two test files at once.
export default defineConfig({
  test: {
    include: ['{origin,packager,workers,manifests,test}/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
