#!/usr/bin/env node
// The `exowatch` command. npm links a workspace's bin at install time only if its target exists, and
// collector/dist is built later: this committed file always exists, makes sure the build is there and
// current (scripts/ensure-ready.mjs, absent from the Docker image), then runs the CLI.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const ensureReady = join(__dirname, '..', '..', 'scripts', 'ensure-ready.mjs');
if (existsSync(ensureReady)) {
  // Its messages go to stderr: stdout is the command's own (e.g. `exowatch tags export > tags.csv`).
  const result = spawnSync(process.execPath, [ensureReady], { stdio: ['ignore', 2, 2] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
require('../dist/src/cli/main.js');
