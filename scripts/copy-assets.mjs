// The last step of the collector's build: makes dist/ what the sources say and runs on its own.
import { chmodSync, cpSync, existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const collector = process.cwd();
const dist = join(collector, 'dist');

// tsc writes what compiles and never deletes: a module moved or removed in the sources would stay in
// dist/ and ship in the npm package. Drop each compiled file whose source is gone, then empty folders.
const COMPILED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;
function prune(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmdirSync(path);
    } else if (COMPILED.test(entry.name)) {
      const source = join(collector, relative(dist, path)).replace(COMPILED, '');
      if (!existsSync(`${source}.ts`) && !existsSync(`${source}.tsx`)) rmSync(path);
    }
  }
}
if (existsSync(dist)) prune(dist);

// A clean copy of the migrations: one renamed or removed in src/ must not survive in dist/, where the
// runner would apply it as well. The SQL files are copied anew; the migrations written in
// TypeScript reach dist/ as tsc compiled them (pruned above when their source is gone), not as sources.
const from = join(collector, 'src', 'store', 'migrations');
const to = join(dist, 'src', 'store', 'migrations');
for (const entry of existsSync(to) ? readdirSync(to) : []) {
  if (!COMPILED.test(entry)) rmSync(join(to, entry), { recursive: true });
}
if (existsSync(from)) cpSync(from, to, { recursive: true, filter: (source) => !source.endsWith('.ts') });

// The `exowatch` bin must be executable for npx and for npm's workspace link.
const cli = join(dist, 'src', 'cli', 'main.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
