import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The collector's version, from its package.json (two levels up from both src/ and dist/src/). */
function readVersion(): string {
  for (const candidate of [
    join(__dirname, '..', 'package.json'),
    join(__dirname, '..', '..', 'package.json'),
  ]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'exowatch' && pkg.version) return pkg.version;
    } catch {
      // not this one
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
