// Copies non-TypeScript assets (SQL migrations) next to the compiled code, so dist/ runs on its own.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const collector = process.cwd();
const from = join(collector, 'src', 'store', 'migrations');
if (existsSync(from))
  cpSync(from, join(collector, 'dist', 'src', 'store', 'migrations'), { recursive: true });
