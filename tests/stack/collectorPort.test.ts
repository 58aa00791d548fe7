/**
 * Every place that tells a Grafana admin where the collector listens agrees with the port the collector
 * actually defaults to (collector/src/config/schema.ts), and nothing in the plugin, docs or provisioning
 * names another collector port.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { configSchema } from '../../collector/src/config/schema';
import { ROOT } from './support/paths';

const DEFAULT_PORT = configSchema.parse({}).server.port;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

const places = [
  ...filesUnder(join(ROOT, 'plugin', 'src')),
  ...filesUnder(join(ROOT, 'plugin', 'provisioning')),
  ...filesUnder(join(ROOT, 'provisioning')),
  ...filesUnder(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')),
  join(ROOT, 'plugin', 'README.md'),
  join(ROOT, 'README.md'),
  join(ROOT, 'docker-compose.yml'),
].filter((f) => /\.(md|ts|tsx|ya?ml|json)$/.test(f));

describe('the collector port in hints, placeholders, docs and provisioning', () => {
  it('is read from the collector config schema', () => {
    expect(DEFAULT_PORT).toBe(8090);
  });

  it.each(places.map((f) => [relative(ROOT, f)]))(
    '%s names the collector at its default port only',
    (file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      // The compose host name `collector` is how every example addresses it.
      const ports = [...text.matchAll(/\bcollector:(\d+)/g)].map((m) => Number(m[1]));
      for (const port of ports) expect({ file, port }).toEqual({ file, port: DEFAULT_PORT });
    },
  );

  it('the plugin tells admins the collector URL with that port', () => {
    const hints = [
      'plugin/src/components/ConfigEditor.tsx',
      'plugin/src/health/judge.ts',
      'plugin/README.md',
    ];
    for (const file of hints)
      expect({
        file,
        hint: readFileSync(join(ROOT, file), 'utf8').includes(`http://collector:${DEFAULT_PORT}`),
      }).toEqual({
        file,
        hint: true,
      });
  });
});
