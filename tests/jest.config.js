// Cross-component tests: provisioning, dashboards and rules against a real collector, promtool and
// Prometheus. Run from the repository root: `npx jest -c tests/jest.config.js`.
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/stack'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 180000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/collector/jest-summary-reporter.js'],
};
