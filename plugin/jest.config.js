// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

const transform = {
  ...base.transform,
  // d3-color@3 (pulled in by @grafana/data) resolves to an .mjs file that the scaffold's regex misses.
  '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'],
};

module.exports = {
  // Combobox-heavy editor tests take a few seconds each on a busy 2-core CI machine.
  testTimeout: 20_000,
  projects: [
    // Jest configuration provided by Grafana scaffolding: sources and editors in jsdom.
    { ...base, rootDir: __dirname, displayName: 'src', transform },
    // The dashboard preview's colour check (tests/browser/thresholdColour.mjs), against @grafana/ui in jsdom.
    {
      ...base,
      rootDir: __dirname,
      displayName: 'preview',
      transform,
      testMatch: ['<rootDir>/tests/browser/**/*.test.{ts,tsx}'],
    },
    // The packed archive (npm run package), read like the plugin validator does: plain Node, no DOM.
    {
      rootDir: __dirname,
      displayName: 'archive',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/archive/**/*.test.ts'],
    },
  ],
};
