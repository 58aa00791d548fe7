// Runs the date-sensitive suites once more with the clock 400 days ahead (Debian's faketime), so a test,
// fixture or documented command that only works until some day fails now rather than on that day.
// The test harness passes the faked clock (LD_PRELOAD, FAKETIME*) on to the CLI processes it spawns.
import { spawnSync } from 'node:child_process';

const OFFSET_DAYS = 400;
const SUITES = [
  'test/docsCommands.test.ts',
  'test/cli.test.ts',
  'test/backfill.test.ts',
  'test/sync.test.ts',
  'src/cli',
  'src/sync',
  'src/exotel',
  'src/simulator',
];

const collector = new URL('../collector/', import.meta.url).pathname;
// Only the wall clock moves: timers and timeouts keep measuring real time.
const env = { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
const faketime = (args, options = {}) =>
  spawnSync('faketime', ['-f', `+${OFFSET_DAYS}d`, ...args], { env, cwd: collector, ...options });

const probe = faketime([process.execPath, '-e', 'process.stdout.write(String(Date.now()))'], {
  encoding: 'utf8',
});
if (probe.error || probe.status !== 0) {
  console.error(
    `exowatch: the later-clock run needs Debian's faketime (apt-get install faketime): ${probe.error?.message ?? probe.stderr}`,
  );
  process.exit(1);
}
const aheadDays = (Number(probe.stdout) - Date.now()) / 86_400_000;
if (!(aheadDays > OFFSET_DAYS - 1 && aheadDays < OFFSET_DAYS + 1)) {
  console.error(`exowatch: faketime moved the clock by ${aheadDays.toFixed(2)} days, not ${OFFSET_DAYS}`);
  process.exit(1);
}
console.error(`exowatch: the date-sensitive suites again, ${OFFSET_DAYS} days from now`);
const run = faketime(['npx', 'jest', '--runInBand', ...SUITES], { stdio: 'inherit' });
process.exit(run.status ?? 1);
