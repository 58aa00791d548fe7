// API compatibility of the plugin with the newest @grafana/{data,ui,runtime} on the npm registry, checked
// with @grafana/levitate (it downloads the target packages; no Grafana server needed).
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

const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(pluginDir, 'package.json'));
const packages = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];
const own = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')).dependencies;

const newest = (name) => execFileSync('npm', ['view', name, 'version'], { encoding: 'utf8' }).trim();
const targets = packages.map((p) => `${p}@${process.env.LEVITATE_TARGET_VERSION ?? newest(p)}`);

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
  console.log(
    `levitate: checking src/module.ts (built against ${packages.map((p) => `${p}@${own[p]}`).join(', ')}) with ${targets.join(', ')}`
  );
  const check = () =>
    spawnSync(process.execPath, [levitate, 'is-compatible', '--path', 'src/module.ts', '--target', targets.join(',')], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
  // levitate installs the target packages from the registry; one more try absorbs a transient install
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
    process.exit(1);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
