// Copies non-TypeScript assets (SQL migrations) next to the compiled code, so dist/ runs on its own.
import { chmodSync, cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const collector = process.cwd();
const from = join(collector, 'src', 'store', 'migrations');
const to = join(collector, 'dist', 'src', 'store', 'migrations');
// A clean copy: a migration renamed or removed in src/ must not survive in dist/, where the runner
// would apply it as well.
rmSync(to, { recursive: true, force: true });
if (existsSync(from)) cpSync(from, to, { recursive: true });

// The `exowatch` bin must be executable for npx and for npm's workspace link.
const cli = join(collector, 'dist', 'src', 'cli', 'main.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
