import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One scratch directory per test run for what the suites' processes keep on disk (the CLIs' data
 * directories), removed when the run ends: Jest's workers outlive the suites, so neither an exit
 * handler nor a suite of its own could clean up after every one. Workers start after the global
 * setup and inherit its environment.
 */
const SCRATCH_VARIABLE = 'EXOWATCH_TEST_SCRATCH';

export function setup(): void {
  process.env[SCRATCH_VARIABLE] = mkdtempSync(join(tmpdir(), 'exowatch-tests-'));
}

export function teardown(): void {
  const dir = process.env[SCRATCH_VARIABLE];
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** The run's scratch directory (the system's temporary directory outside a Jest run). */
export function scratchDirectory(): string {
  return process.env[SCRATCH_VARIABLE] ?? tmpdir();
}
