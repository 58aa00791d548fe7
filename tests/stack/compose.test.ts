/**
 * docker-compose.yml, the Dockerfiles and .env.example, checked as files: no Docker engine runs these tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROMETHEUS_PROVISIONING, ROOT } from './support/paths';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const PLUGIN_ID = (JSON.parse(read('plugin/src/plugin.json')) as { id: string }).id;
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parseYaml(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
/** ${VAR}, ${VAR:-default}, ${VAR:?message} and $VAR references. */
const envRefs = (text: string) => [...text.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
const envExample = new Map(
  read('.env.example')
    .split('\n')
    .filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
);

describe('docker-compose.yml (checked as YAML: no Docker engine here)', () => {
  const services = compose.services;

  it('runs TimescaleDB, the collector (own Dockerfile), Prometheus and Grafana, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(['collector', 'grafana', 'prometheus', 'timescaledb']);
    expect(services.timescaledb!.image).toMatch(/timescale\/timescaledb/);
    expect(services.collector!.build).toEqual({ context: '.', dockerfile: 'collector/Dockerfile' });
    expect(existsSync(join(ROOT, 'collector/Dockerfile'))).toBe(true);
    for (const [name, s] of Object.entries(services))
      expect({ name, healthcheck: !!s.healthcheck?.test }).toEqual({ name, healthcheck: true });
    expect(services.collector!.depends_on?.timescaledb?.condition).toBe('service_healthy');
  });

  it('starts Grafana and Prometheus when the collector is merely started, so its outage can alert', () => {
    // With service_healthy a broken collector keeps both from starting: no Prometheus scrapes `up == 0`
    // and no Grafana evaluates the collector-down rule.
    expect(services.grafana!.depends_on?.collector?.condition).toBe('service_started');
    expect(services.prometheus!.depends_on?.collector?.condition).toBe('service_started');
  });

  it("checks TimescaleDB readiness over TCP, which the image's init-time server does not listen on", () => {
    // docker-library/postgres docker-entrypoint.sh, docker_temp_server_start: the server that runs
    // /docker-entrypoint-initdb.d is started with `-c listen_addresses=''` (Unix socket only). A socket
    // pg_isready passes during init; a TCP one only once the real server listens.
    const test = services.timescaledb!.healthcheck!.test;
    const command = Array.isArray(test) ? test.slice(1).join(' ') : test;
    expect(command).toMatch(/^pg_isready /);
    expect(command).toMatch(/(?:^| )-h 127\.0\.0\.1(?: |$)/);
    expect(command).toMatch(/(?:^| )-p 5432(?: |$)/);
  });

  it('tells Grafana the URL users reach it at, from .env, so alert links do not point at localhost', () => {
    expect(services.grafana!.environment!.GF_SERVER_ROOT_URL).toBe(
      '${GRAFANA_ROOT_URL:?set GRAFANA_ROOT_URL in .env}',
    );
    expect(envExample.get('GRAFANA_ROOT_URL')).toMatch(/^https?:\/\//);
  });

  it('builds Grafana with the plugin inside the image (no Node on the host) and allows it unsigned', () => {
    const grafana = services.grafana!;
    expect(grafana.environment!.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(PLUGIN_ID);
    expect(grafana.build).toEqual({
      context: '.',
      dockerfile: 'plugin/Dockerfile',
      args: { GRAFANA_IMAGE: '${GRAFANA_IMAGE:-grafana/grafana:13.1.1}' },
    });
    expect((grafana.volumes ?? []).filter((v) => v.includes('plugin'))).toEqual([]);
    expect(grafana.volumes).toContain('./provisioning/grafana:/etc/grafana/provisioning:ro');
    expect(services.prometheus!.volumes).toContain('./provisioning/prometheus:/etc/prometheus:ro');
  });

  it('points Prometheus and Grafana at the collector the compose file runs', () => {
    const prom = parseYaml(readFileSync(join(PROMETHEUS_PROVISIONING, 'prometheus.yml'), 'utf8'));
    const targets = prom.scrape_configs.flatMap((j: { static_configs: { targets: string[] }[] }) =>
      j.static_configs.flatMap((s) => s.targets),
    );
    expect(targets).toContain(`collector:${services.collector!.environment!.EXOWATCH_PORT}`);
    expect(services.grafana!.environment!.EXOWATCH_COLLECTOR_URL).toBe(
      `http://collector:${services.collector!.environment!.EXOWATCH_PORT}`,
    );
    expect(services.collector!.ports).toContain(
      `\${EXOWATCH_PORT:-8090}:${services.collector!.environment!.EXOWATCH_PORT}`,
    );
  });

  it('uses named volumes only for state, all declared', () => {
    const named = Object.values(services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0]!)
      .filter((src) => !src.startsWith('.') && !src.startsWith('/'));
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const v of named) expect(Object.keys(compose.volumes)).toContain(v);
    for (const v of Object.keys(compose.volumes)) expect(named).toContain(v);
  });

  it('passes every collector setting through from the environment and holds no secret itself', () => {
    const env = services.collector!.environment!;
    for (const name of [
      'EXOTEL_ACCOUNT_SID',
      'EXOTEL_API_KEY',
      'EXOTEL_API_TOKEN',
      'EXOTEL_SUBDOMAIN',
      'EXOTEL_BASE_URL',
      'DATABASE_URL',
      'EXOWATCH_PORT',
      'EXOWATCH_HOST',
      'EXOWATCH_DATA_DIR',
      'EXOWATCH_API_TOKEN',
      'EXOWATCH_ADMIN_TOKEN',
      'EXOWATCH_WEBHOOK_SECRET',
      'EXOWATCH_CONFIG',
    ]) {
      expect(Object.keys(env)).toContain(name);
    }
    // Every variable the collector reads from the environment is passed through (or documented).
    const guide = read('docs/operator-guide.md');
    for (const [, name] of read('collector/src/config/load.ts').matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) {
      expect({ name, passed: name! in env || guide.includes(name!) }).toEqual({ name, passed: true });
    }
    for (const s of Object.values(services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|TOKEN|SECRET|API_KEY/.test(key))
          expect({ key, value }).toEqual({
            key,
            value: expect.stringMatching(/^\$\{[A-Z0-9_]+(:[-?][^}]*)?\}$/),
          });
      }
    }
    expect(read('docker-compose.yml')).not.toMatch(/change-me/);
  });

  it('and .env.example agree: every variable compose uses is in .env.example and the other way round', () => {
    const used = new Set(envRefs(read('docker-compose.yml').replace(/^\s*#.*$/gm, '')));
    for (const name of used)
      expect({ name, inEnvExample: envExample.has(name) }).toEqual({ name, inEnvExample: true });
    for (const name of envExample.keys())
      expect({ name, usedByCompose: used.has(name) }).toEqual({ name, usedByCompose: true });
  });

  it('has every service, port, volume and variable the operator guide and README mention', () => {
    const docs = `${read('docs/operator-guide.md')}\n${read('README.md')}`;
    const composeText = read('docker-compose.yml');
    for (const [, service] of docs.matchAll(
      /docker compose (?:\w+ )*?(?:logs|restart|exec|ps|up -d|stop|kill -s \w+) (?:-\w+ )*([a-z][a-z0-9-]*)/g,
    )) {
      expect(Object.keys(services)).toContain(service);
    }
    for (const [, port] of docs.matchAll(/localhost:(\d+)/g)) expect(composeText).toContain(`:-${port}}:`);
    for (const [, volume] of docs.matchAll(/`([a-z]+-data)`/g))
      expect(Object.keys(compose.volumes)).toContain(volume);
    const guideVars = new Set(
      [
        ...read('docs/operator-guide.md').matchAll(
          /`((?:EXOTEL|EXOWATCH|POSTGRES|GRAFANA|PROMETHEUS|TIMESCALEDB)_[A-Z0-9_]+|DATABASE_URL)`/g,
        ),
      ].map((m) => m[1]!),
    );
    expect(guideVars.size).toBeGreaterThan(10);
    for (const name of guideVars)
      expect({ name, inCompose: composeText.includes(name) }).toEqual({ name, inCompose: true });
  });
});

/** The FROM images of a Dockerfile, with its global ARG defaults filled in. */
const baseImages = (dockerfile: string) => {
  const args = new Map(
    [...dockerfile.matchAll(/^ARG ([A-Z_]+)=(\S+)/gm)].map((m) => [m[1]!, m[2]!] as const),
  );
  return [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) =>
    m[1]!.replace(/^\$\{([A-Z_]+)\}$/, (_, name: string) => args.get(name) ?? name),
  );
};
/** Node's LTS lines still supported on 2026-11-29 (nodejs.org release schedule: 22 until 2027-04-30, 24 until 2028-04-30). */
const NODE_LTS_SLIM = /^node:(22|24)-slim$/;

describe.each([
  { file: 'collector/Dockerfile', workspace: 'collector' },
  { file: 'plugin/Dockerfile', workspace: 'plugin' },
])('$file', ({ file, workspace }) => {
  const dockerfile = read(file);

  it('builds its workspace in a Node LTS stage from the lockfile', () => {
    const nodeStages = baseImages(dockerfile).filter((image) => image.startsWith('node:'));
    expect(nodeStages.length).toBeGreaterThanOrEqual(1);
    for (const image of nodeStages) expect(image).toMatch(NODE_LTS_SLIM);
    expect(dockerfile).toMatch(new RegExp(`^RUN npm ci --workspace ${workspace} `, 'm'));
    expect(dockerfile).toMatch(new RegExp(`^RUN npm run build --workspace ${workspace}$`, 'm'));
  });

  it('copies the shared API contract (contract/) before building its workspace', () => {
    const copied = dockerfile.indexOf('\nCOPY contract/ contract/\n');
    expect(copied).toBeGreaterThan(0);
    expect(copied).toBeLessThan(dockerfile.indexOf(`\nRUN npm run build --workspace ${workspace}\n`));
  });

  it('copies only files the build context keeps (.dockerignore)', () => {
    const ignore = read('.dockerignore').split('\n');
    expect(ignore).toContain('**/node_modules');
    expect(ignore).toContain('**/dist');
    for (const [, src] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const path of src!.split(' ').filter((word) => !word.startsWith('--'))) {
        const top = path.replace(/\/$/, '');
        expect({ path, exists: existsSync(join(ROOT, top)), ignored: ignore.includes(top) }).toEqual({
          path,
          exists: true,
          ignored: false,
        });
      }
    }
  });
});

describe('collector/Dockerfile', () => {
  const dockerfile = read('collector/Dockerfile');
  it('runs the collector as a non-root user with a health check', () => {
    const user = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(user.at(-1)).toBeDefined();
    expect(user.at(-1)).not.toMatch(/^(root|0)$/);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });
});

describe('plugin/Dockerfile', () => {
  const dockerfile = read('plugin/Dockerfile');
  const entrypoint = read('plugin/docker-entrypoint.sh');
  it('packs the release archive (plugin/scripts/package.mjs) and installs it with grafana cli --pluginUrl at start', () => {
    const images = baseImages(dockerfile);
    expect(images.at(-1)).toBe('grafana/grafana:13.1.1');
    expect(dockerfile).toMatch(/^RUN node plugin\/scripts\/package\.mjs /m);
    const archive = dockerfile.match(/^COPY --from=build \S+ \/\S+\.zip (\S+\.zip)$/m)?.[1];
    expect(archive).toBeDefined();
    expect(entrypoint).toContain(`archive=${archive}`);
    expect(entrypoint).toMatch(
      new RegExp(
        `^grafana cli --pluginsDir "\\$\\{plugins\\}" --pluginUrl "\\$\\{archive\\}" plugins install ${PLUGIN_ID}$`,
        'm',
      ),
    );
    // Grafana's image starts with ENTRYPOINT ["/run.sh"]: the wrapper must end by handing over to it.
    expect(entrypoint.trim().split('\n').at(-1)).toBe('exec /run.sh "$@"');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/share\/exowatch\/docker-entrypoint\.sh"\]$/m);
  });

  it("leaves Grafana's own plugins folder where it is, writable by Grafana (uid 472)", () => {
    // The stock image owns /var/lib/grafana/plugins by grafana (472); moving GF_PATHS_PLUGINS to a folder
    // created by root made catalog installs and GF_PLUGINS_PREINSTALL fail.
    expect(dockerfile).not.toMatch(/GF_PATHS_PLUGINS/);
    expect(dockerfile).not.toMatch(/^USER /m);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const copies = runtime.split('\n').filter((line) => line.startsWith('COPY '));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(copy).toContain(' --chown=472:0 ');
  });
});
