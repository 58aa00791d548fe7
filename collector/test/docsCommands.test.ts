/**
 * Every command line in README.md and docs/operator-guide.md works as written (issue 10).
 *
 * The commands are extracted, not listed here: every line of a ```sh block (comments after ` #`
 * dropped, except an alternative given as `# or: <command>`, which is a command too; `a && b` split)
 * and every inline code span starting with `npm `, `npx `, `exowatch `, `node ` or `docker compose `.
 * Each is then checked by this convention:
 *
 * - `npx exowatch …`, `exowatch …` and `docker compose exec collector node /app/collector/dist/src/cli/main.js …`
 *   run the built CLI with exactly those arguments, from a scratch folder (the operator's working
 *   directory) against a throwaway PostgreSQL cluster, migrated as the quick start leaves it, and the
 *   built-in Exotel simulator; they must exit 0. Placeholders are the only thing substituted:
 *   `<command>` becomes each command `exowatch --help` lists, and the values of `export` lines
 *   (`your_sid`, `…`, `db.example.com`) give way to the simulator's account and the cluster's URL
 *   (EXOTEL_BASE_URL, which wins over EXOTEL_SUBDOMAIN, points at the simulator). `serve` runs until
 *   it prints its banner and must then stop with exit 0 on Ctrl-C (SIGINT).
 * - Inside the container, `/app` is this checkout and any other absolute path lies in a scratch
 *   "container" folder; `docker compose cp <file> collector:<path>` copies there, and `tags.csv` in
 *   the working directory holds the operator guide's CSV example.
 * - `export NAME=value …` (sh blocks): every NAME must be a variable the collector reads.
 * - `npm start`, `npm test`, `npm run <script> [-w <workspace>]`: the script must exist in that
 *   package.json. `npm pack -w collector` and `npm install -g <package>` (the collector's package name,
 *   or the `./<name>-<version>.tgz` that pack writes): the collector package is public under that name;
 *   test/npmPackage.test.ts packs and installs it and runs the installed command. They are not run: the suite and the benchmarks cannot run inside the suite, and
 *   `npm start` is what the quick-start test runs.
 * - Any other `docker compose …`: no Docker engine here, so it is checked statically against
 *   docker-compose.yml: a known subcommand with flags docker compose has, and services that exist.
 * - `cp .env.example .env`: the source file exists. `git pull`: skipped (it needs a remote).
 * - Anything else fails the test, so a new doc line cannot go unchecked.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { cliEnvironment, runCli, spawnCli } from './harness/cli';
import { startTestCluster, type TestCluster } from './harness/postgres';

const ROOT = join(__dirname, '..', '..');
const DOCS = ['README.md', 'docs/operator-guide.md'];
const CONTAINER_CLI = 'docker compose exec collector node /app/collector/dist/src/cli/main.js ';
const INLINE_PREFIXES = ['npm ', 'npx ', 'exowatch ', 'node ', 'docker compose '];
/** Variables the collector reads from the environment (collector/src/config/load.ts). */
const CONFIG_SOURCE = readFileSync(join(ROOT, 'collector', 'src', 'config', 'load.ts'), 'utf8');

/**
 * The one warning a documented command may print: a `backfill --from` day that has since fallen out of
 * the six months Exotel keeps starts at the oldest day it serves (docs/operator-guide.md §4 says so).
 */
const BACKFILL_START_NOTICE =
  /^exowatch: warning: the range start .* is older than the 6 months Exotel keeps call records; loading from .*, the oldest day it still serves\n/;

/** docker compose subcommands the docs may use, with the flags each may take (value-taking flags end in `=`). */
const COMPOSE_SUBCOMMANDS: Record<string, string[]> = {
  up: ['-d', '--detach', '--build', '--scale='],
  build: ['--pull', '--no-cache'],
  ps: ['-a', '--all'],
  logs: ['-f', '--follow', '--tail=', '--since='],
  exec: ['-T', '-u=', '--user='],
  cp: [],
  kill: ['-s=', '--signal='],
  restart: ['-t=', '--timeout='],
  pull: [],
};
/** Subcommands whose first operand is a service and whose remaining words are that service's command. */
const COMPOSE_WITH_COMMAND = new Set(['exec']);

interface DocCommand {
  where: string;
  line: string;
  /** `export` assignments above it in the same sh block. */
  exported: Record<string, string>;
}

function extractCommands(doc: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const prose: string[] = [];
  let fence: string | undefined;
  let exported: Record<string, string> = {};
  readFileSync(join(ROOT, doc), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const where = `${doc}:${index + 1}`;
      const fenceMatch = /^```(\S*)/.exec(text);
      if (fenceMatch) {
        fence = fence === undefined ? fenceMatch[1] : undefined;
        exported = {};
        prose.push('');
        return;
      }
      if (fence === undefined) return void prose.push(text);
      prose.push('');
      if (fence !== 'sh') return;
      const [command = '', comment = ''] = text.split(/\s+#\s*/, 2);
      const alternative = /^or: (.+)$/.exec(comment)?.[1];
      for (const part of [...command.split(' && '), ...(alternative ? [alternative] : [])]) {
        if (part.trim() === '') continue;
        if (part.startsWith('export ')) Object.assign(exported, parseAssignments(part.slice(7), where));
        commands.push({ where, line: part.trim(), exported: { ...exported } });
      }
    });
  const text = prose.join('\n');
  for (const span of text.matchAll(/`([^`]+)`/g)) {
    const line = span[1]!.replace(/\s+/g, ' ').trim();
    if (!INLINE_PREFIXES.some((prefix) => line.startsWith(prefix))) continue;
    const lineNumber = text.slice(0, span.index).split('\n').length;
    commands.push({ where: `${doc}:${lineNumber}`, line, exported: {} });
  }
  return commands;
}

function parseAssignments(text: string, where: string): Record<string, string> {
  const assignments: Record<string, string> = {};
  for (const word of shellWords(text)) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(word);
    if (!match) throw new Error(`${where}: "${word}" is not NAME=value`);
    assignments[match[1]!] = match[2]!;
  }
  return assignments;
}

/** Splits a command line into words the way sh does for the quoting the docs use ('…' and "…"). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g))
    words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

function composeServices(): Set<string> {
  const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, unknown>;
  };
  return new Set(Object.keys(compose.services));
}

/** The static check of a `docker compose` line; returns the problems found. */
function composeProblems(words: string[], services: Set<string>): string[] {
  const [subcommand, ...rest] = words;
  const flags = COMPOSE_SUBCOMMANDS[subcommand ?? ''];
  if (!flags) return [`"docker compose ${subcommand}" is not a subcommand the docs may use`];
  const problems: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (!word.startsWith('-') || operands.length > 0) {
      operands.push(word);
      if (COMPOSE_WITH_COMMAND.has(subcommand!)) break;
      continue;
    }
    const [name, inlineValue] = word.split('=', 2) as [string, string | undefined];
    if (flags.includes(name)) continue;
    if (!flags.includes(`${name}=`)) {
      problems.push(`docker compose ${subcommand} has no flag ${name}`);
      continue;
    }
    const value = inlineValue ?? rest[++i];
    if (value === undefined) problems.push(`${name} needs a value`);
    if (name === '--scale') operands.push(value!.split('=')[0]!);
  }
  for (const operand of operands) {
    const service = subcommand === 'cp' ? operand.split(':')[0]! : operand;
    if (subcommand === 'cp' && !operand.includes(':')) continue;
    if (!services.has(service)) problems.push(`docker-compose.yml has no service "${service}"`);
  }
  if (operands.length === 0 && COMPOSE_WITH_COMMAND.has(subcommand!))
    problems.push(`docker compose ${subcommand} needs a service`);
  return problems;
}

function npmScriptProblem(words: string[]): string | undefined {
  const [verb, ...rest] = words;
  const collector = JSON.parse(readFileSync(join(ROOT, 'collector', 'package.json'), 'utf8')) as {
    name: string;
    private?: boolean;
  };
  if (verb === 'pack' || verb === 'install') {
    if (collector.private) return 'the collector package is private: it cannot be packed for users';
    const expected = verb === 'pack' ? ['-w', 'collector'] : ['-g', collector.name];
    const tarball = `./${collector.name}-<version>.tgz`;
    const fits =
      rest.join(' ') === expected.join(' ') || (verb === 'install' && rest.join(' ') === `-g ${tarball}`);
    return fits
      ? undefined
      : `"npm ${words.join(' ')}" is not how the collector package is packed or installed`;
  }
  let script: string | undefined;
  let args = rest;
  if (verb === 'start' || verb === 'test') script = verb;
  else if (verb === 'run') [script, ...args] = rest;
  else return `"npm ${verb}" is not a command the docs may use`;
  let workspace = '.';
  if (args.length === 2 && args[0] === '-w') workspace = args[1]!;
  else if (args.length > 0) return `unexpected arguments ${args.join(' ')}`;
  const manifest = join(ROOT, workspace, 'package.json');
  if (!existsSync(manifest)) return `no package.json in ${workspace}`;
  const scripts = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> })
    .scripts;
  return scripts?.[script!] ? undefined : `${workspace}/package.json has no script "${script}"`;
}

const COMMANDS = DOCS.flatMap(extractCommands);

describe('the command lines in README.md and docs/operator-guide.md', () => {
  let cluster: TestCluster;
  let sim: SimulatorHandle;
  let env: Record<string, string>;
  let workDir: string;
  let containerRoot: string;
  let cliCommands: string[];

  beforeAll(async () => {
    cluster = await startTestCluster();
    // A quiet account keeps the documented six-month backfill short; rate limit off for the same reason.
    sim = await startSimulator({ seed: 'docs', callsPerDay: 5, rateLimitPerMinute: 0 });
    env = { ...cliEnvironment(await cluster.freshDatabase(), sim), EXOWATCH_PORT: '0' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    workDir = mkdtempSync(join(tmpdir(), 'exowatch-docs-cwd-'));
    containerRoot = mkdtempSync(join(tmpdir(), 'exowatch-docs-container-'));
    const guide = readFileSync(join(ROOT, 'docs', 'operator-guide.md'), 'utf8');
    writeFileSync(join(workDir, 'tags.csv'), /```csv\n([\s\S]*?)```/.exec(guide)![1]!);
    const help = await runCli(['--help'], {});
    cliCommands = [...help.stdout.matchAll(/^ {2}([a-z]+)\b/gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    expect(cliCommands).toEqual(expect.arrayContaining(['serve', 'backfill', 'doctor', 'tags']));
  });
  afterAll(async () => {
    await sim.close();
    await cluster.destroy();
    for (const dir of [workDir, containerRoot]) rmSync(dir, { recursive: true, force: true });
  });

  /** Container paths: `/app` is the checkout, any other absolute path lies in the container folder. */
  const inContainer = (arg: string) =>
    arg.startsWith('/app/') ? join(ROOT, arg.slice(5)) : arg.startsWith('/') ? join(containerRoot, arg) : arg;

  async function expectCliSucceeds(args: string[], exported: Record<string, string>) {
    for (const name of Object.keys(exported)) expect(CONFIG_SOURCE).toContain(`'${name}'`);
    // The simulator's and the cluster's values replace the exported placeholders; the rest (EXOTEL_SUBDOMAIN) stays.
    const runEnv = { ...exported, ...env };
    if (args.includes('<command>')) {
      for (const command of cliCommands)
        await expectCliSucceeds(
          args.map((a) => (a === '<command>' ? command : a)),
          {},
        );
      return;
    }
    if (args[0] === 'serve') {
      const running = spawnCli(args, runEnv, { cwd: workDir });
      await new Promise<void>((resolve) => {
        const onData = (data: Buffer) => {
          if (data.toString().includes('exowatch collector is running')) resolve();
        };
        running.child.stdout!.on('data', onData);
        void running.done.then(() => resolve());
      });
      running.child.kill('SIGINT');
      const result = await running.done;
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
      return;
    }
    const result = await runCli(args, runEnv, { cwd: workDir });
    const stderr = args[0] === 'backfill' ? result.stderr.replace(BACKFILL_START_NOTICE, '') : result.stderr;
    expect({ args, code: result.code, stderr }).toEqual({ args, code: 0, stderr: '' });
  }

  it('finds the documented commands', () => {
    expect(COMMANDS.length).toBeGreaterThan(20);
    expect(COMMANDS.map((c) => c.line)).toContain('npx exowatch doctor');
  });

  it.each(COMMANDS.map((c) => [`${c.where} ${c.line}`, c] as const))('%s', async (_name, command) => {
    const { line, exported } = command;
    const words = shellWords(line);
    if (line.startsWith('npx exowatch ')) return expectCliSucceeds(words.slice(2), exported);
    if (line.startsWith('exowatch ')) return expectCliSucceeds(words.slice(1), exported);
    if (line.startsWith(CONTAINER_CLI))
      return expectCliSucceeds(shellWords(line.slice(CONTAINER_CLI.length)).map(inContainer), exported);
    if (line.startsWith('export ')) {
      for (const name of Object.keys(exported)) expect(CONFIG_SOURCE).toContain(`'${name}'`);
      return;
    }
    if (words[0] === 'npm') return expect(npmScriptProblem(words.slice(1))).toBeUndefined();
    if (line.startsWith('docker compose ')) {
      const compose = words.slice(2);
      expect(composeProblems(compose, composeServices())).toEqual([]);
      if (compose[0] === 'cp' && compose[2]?.startsWith('collector:')) {
        const target = inContainer(compose[2].slice('collector:'.length));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(join(workDir, compose[1]!), target);
      }
      return;
    }
    if (line === 'cp .env.example .env') return expect(existsSync(join(ROOT, '.env.example'))).toBe(true);
    if (line === 'git pull') return;
    throw new Error(`${command.where}: "${line}" is a command this test cannot check; extend its convention`);
  });
});
