// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  transform: {
    ...base.transform,
    // d3-color@3 (pulled in by @grafana/data) resolves to an .mjs file that the scaffold's regex misses.
    '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'],
  },
  // Combobox-heavy editor tests take a few seconds each on a busy 2-core CI machine.
  testTimeout: 20_000,
  // tests/dist checks the built bundle; the browser test and levitate run outside jest.
  testMatch: [...base.testMatch, '<rootDir>/tests/dist/**/*.test.ts'],
};
