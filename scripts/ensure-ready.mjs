// Makes a fresh clone runnable: installs the npm packages when they are missing and (re)builds the
// collector when its sources are newer than the build. Used by `npm start`, `npm test` and the benches.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (command) => execSync(command, { cwd: root, stdio: 'inherit' });

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.error('exowatch: installing npm packages (first run)…');
  run('npm ci --no-audit --no-fund');
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const collector = join(root, 'collector');
const stamp = join(collector, 'dist', 'src', 'cli', 'main.js');
const sources = Math.max(newestMtime(join(collector, 'src')), newestMtime(join(collector, 'bench')));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  console.error('exowatch: building the collector…');
  run('npm run build --silent -w collector');
}
