// Copies non-TypeScript assets (SQL migrations) next to the compiled code, so dist/ runs on its own.
import { chmodSync, cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const collector = process.cwd();
const from = join(collector, 'src', 'store', 'migrations');
if (existsSync(from))
  cpSync(from, join(collector, 'dist', 'src', 'store', 'migrations'), { recursive: true });

// The `exowatch` bin must be executable for npx and for npm's workspace link.
const cli = join(collector, 'dist', 'src', 'cli', 'main.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
