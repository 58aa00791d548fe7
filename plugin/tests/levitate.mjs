// API compatibility of the plugin with @grafana/{data,ui,runtime} at both ends of plugin.json's
// grafanaDependency: the lowest release that satisfies it (the oldest Grafana we claim to run on) and the
// newest on the npm registry. Checked with @grafana/levitate, which downloads each target as a tarball
// (`npm pack`), without installing its dependencies: @grafana/ui 12.3.x's GitHub-hosted react-data-grid
// dependency is never fetched. No Grafana server needed. LEVITATE_TARGET_VERSION=x.y.z checks only x.y.z.
//
// levitate asks `npm list` which versions the project uses; inside npm workspaces that answer is nested
// under the workspace, so levitate would skip every package and report a false "compatible". We run it
// from a scratch folder whose package.json names the plugin's @grafana versions whose node_modules
// is a link to the real one and src a copy of the plugin's.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(pluginDir, 'package.json'));
const packages = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];
const own = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')).dependencies;

const grafanaDependency = JSON.parse(readFileSync(join(pluginDir, 'src', 'plugin.json'), 'utf8')).dependencies
  .grafanaDependency;

const newest = (name) => execFileSync('npm', ['view', name, 'version'], { encoding: 'utf8' }).trim();
/** The lowest published release of `name` that grafanaDependency admits (pre-releases excluded). */
const lowest = (name) => {
  const versions = JSON.parse(execFileSync('npm', ['view', name, 'versions', '--json'], { encoding: 'utf8' }));
  const found = semver.minSatisfying(versions, grafanaDependency);
  if (!found) {
    throw new Error(`levitate: no ${name} release satisfies grafanaDependency ${grafanaDependency}`);
  }
  return found;
};
const targetSets = process.env.LEVITATE_TARGET_VERSION
  ? [packages.map((p) => `${p}@${process.env.LEVITATE_TARGET_VERSION}`)]
  : [packages.map((p) => `${p}@${lowest(p)}`), packages.map((p) => `${p}@${newest(p)}`)];

const scratch = mkdtempSync(join(tmpdir(), 'exowatch-levitate-'));
try {
  const deps = Object.fromEntries(packages.map((p) => [p, own[p]]));
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'levitate-check', private: true, dependencies: deps })
  );
  const nodeModules = dirname(dirname(dirname(require.resolve('@grafana/data/package.json'))));
  symlinkSync(nodeModules, join(scratch, 'node_modules'), 'dir');
  // A copy, not a link: npm would follow a link back into the workspace.
  cpSync(join(pluginDir, 'src'), join(scratch, 'src'), { recursive: true });
  const levitate = join(nodeModules, '@grafana', 'levitate', 'dist', 'bin.js');
  // Every set is checked, so one run reports both ends of the range.
  const failed = targetSets.filter((targets) => !checkAgainst(levitate, scratch, targets));
  if (failed.length > 0) {
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Runs levitate against one set of target packages: false on an incompatibility or a skipped package. */
function checkAgainst(levitate, scratch, targets) {
  console.log(
    `levitate: checking src/module.ts (built against ${packages.map((p) => `${p}@${own[p]}`).join(', ')}) with ${targets.join(', ')}`
  );
  const check = () =>
    spawnSync(process.execPath, [levitate, 'is-compatible', '--path', 'src/module.ts', '--target', targets.join(',')], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
  // levitate downloads the target packages from the registry; one more try absorbs a transient install
  // failure, while a real incompatibility fails both times.
  const skippedIn = (attempt) =>
    /Skipping package|Could not process the package/.test(`${attempt.stdout}${attempt.stderr}`);
  let run = check();
  if (run.status !== 0 || skippedIn(run)) {
    console.log('levitate: first attempt failed, trying once more');
    run = check();
  }
  const output = `${run.stdout}${run.stderr}`;
  console.log(output.trim());
  const skipped = skippedIn(run);
  if (run.status !== 0 || skipped) {
    console.error(skipped ? 'levitate: a package was not checked (see above)' : 'levitate: incompatibilities found');
    return false;
  }
  return true;
}
