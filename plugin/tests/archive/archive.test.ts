// The built archive (`npm run package -w plugin`) against the offline analyzers of Grafana's plugin
// validator, github.com/grafana/plugin-validator at a7e38aa (release 0.45.6). Each test names the
// analyzer whose rule it encodes: pkg/analysis/passes/<name>/<name>.go.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { archivePath, pluginDir, readArchive, xmlTags } from './archive';

const id = 'exowatch-exotel-datasource';
let entries: Map<string, Buffer>;
const file = (path: string): Buffer => {
  const bytes = entries.get(`${id}/${path}`);
  if (!bytes) {
    throw new Error(`${path} is not in the archive`);
  }
  return bytes;
};
const text = (path: string) => file(path).toString('utf8');
const metadata = () => JSON.parse(text('plugin.json'));

function schemaValidator() {
  const schema = JSON.parse(readFileSync(join(__dirname, 'plugin.schema.json'), 'utf8'));
  // unicodeRegExp off: the schema's patterns are written for Go's regexp (gojsonschema), e.g. "\\-".
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...schema, $schema: undefined });
}

beforeAll(async () => {
  entries = await readArchive(archivePath());
});

describe('archive layout', () => {
  // archive/archive.go: exactly one entry at the root, a directory, and no legacy dist/ inside it.
  test('one root folder, no dist/ in it', () => {
    const roots = new Set([...entries.keys()].map((name) => name.split('/')[0]));
    expect([...roots]).toEqual([id]);
    expect([...entries.keys()].every((name) => name.startsWith(`${id}/`))).toBe(true);
    expect([...entries.keys()].filter((name) => name.startsWith(`${id}/dist/`))).toEqual([]);
  });

  // archivename/archivename.go: the root folder is named after plugin.json's id. The file name is the one
  // https://grafana.com/developers/plugin-tools/publish-a-plugin/package-a-plugin gives: <id>-<version>.zip.
  test('root folder named after the id, archive named <id>-<version>.zip', () => {
    expect(metadata().id).toBe(id);
    const { version } = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
    expect(archivePath().endsWith(`/${id}-${version}.zip`)).toBe(true);
  });

  test('the .sha1 beside it is the archive’s SHA-1', () => {
    const sha1 = createHash('sha1').update(readFileSync(archivePath())).digest('hex');
    expect(readFileSync(`${archivePath()}.sha1`, 'utf8').trim()).toBe(sha1);
  });

  test('what Grafana needs and nothing of the sources', () => {
    for (const path of ['module.js', 'module.js.map', 'plugin.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      expect(file(path).length).toBeGreaterThan(0);
    }
    const names = [...entries.keys()].filter((name) => !name.endsWith('/'));
    expect(names.filter((name) => /\.(tsx?|test\.\w+)$/.test(name) || name.includes('node_modules'))).toEqual([]);
  });
});

describe('plugin.json', () => {
  // metadatavalid/metadatavalid.go validates plugin.json against Grafana's plugin.schema.json
  // (metadataschema/metadataschema.go fetches grafana/grafana docs/sources/developers/plugins/plugin.schema.json;
  // the copy here is the validator's own config/plugin.schema.json at a7e38aa).
  test('matches plugin.schema.json', () => {
    const validate = schemaValidator();
    validate(metadata());
    expect(validate.errors ?? []).toEqual([]);
  });

  test('the schema rejects what it should (the check can fail)', () => {
    const validate = schemaValidator();
    expect(validate({ ...metadata(), multiValueFilterOperator: true })).toBe(false);
    expect(validate({ ...metadata(), info: { ...metadata().info, version: 'v1' } })).toBe(false);
  });

  // metadatapaths/metadatapaths.go: logo and screenshot paths are relative to plugin.json, do not start
  // with "." or "/", and exist in the archive.
  test('logo and screenshot paths are relative and present', () => {
    const { info } = metadata();
    const paths: string[] = [
      info.logos.small,
      info.logos.large,
      ...info.screenshots.map((s: { path: string }) => s.path),
    ];
    for (const path of paths) {
      expect(path).not.toMatch(/^[./]|^[a-z]+:/i);
      expect(file(path).length).toBeGreaterThan(0);
    }
  });

  // logos/logos.go: both logos set. plugin.schema.json: "must be an SVG image".
  test('logos are set and are SVG', () => {
    const { logos } = metadata().info;
    for (const path of [logos.small, logos.large]) {
      expect(path.trim()).not.toBe('');
      expect(text(path)).toMatch(/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/);
    }
  });

  // screenshots/screenshots.go: at least one screenshot (warning otherwise); each is JPEG, PNG, GIF or SVG
  // by its content (Go's http.DetectContentType), and the extension says the same type.
  test('screenshots are images whose content matches their extension', () => {
    const magic: Record<string, (b: Buffer) => boolean> = {
      '.png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      '.jpg': (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
      '.gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
      '.svg': (b) => b.toString('utf8').includes('<svg'),
    };
    const { screenshots } = metadata().info;
    expect(screenshots.length).toBeGreaterThan(0);
    for (const { name, path } of screenshots) {
      expect(name.trim()).not.toBe('');
      const check = magic[path.slice(path.lastIndexOf('.')).toLowerCase()];
      expect(check).toBeDefined();
      expect(check(file(path))).toBe(true);
    }
  });
});

describe('documentation files', () => {
  // templatereadme/templatereadme.go: the create-plugin template's README is refused.
  test('README is not the template', () => {
    expect(text('README.md')).not.toMatch(
      /Grafana (Panel|Data Source|Datasource|App|Data Source Backend) Plugin Template/i
    );
    expect(text('README.md')).not.toContain('%VERSION%');
  });

  // jargon/jargon.go: "yarn" and "nodejs" (case-sensitive byte search) are developer jargon.
  test('README has no developer jargon', () => {
    for (const word of ['yarn', 'nodejs']) {
      expect(text('README.md')).not.toContain(word);
    }
  });

  // changelog/changelog.go: CHANGELOG.md present and not blank; it has an entry for this version.
  test('CHANGELOG has an entry for the version', () => {
    expect(text('CHANGELOG.md').trim()).not.toBe('');
    expect(text('CHANGELOG.md')).toMatch(new RegExp(`^## ${metadata().info.version.replace(/\./g, '\\.')}\\b`, 'm'));
  });

  // license/license.go: LICENSE is a recognised licence from the allowed list (Apache-2.0 is one) and not
  // the generic text with "{name of copyright owner}" / "{yyyy}" left in.
  test('LICENSE is Apache-2.0 without template placeholders', () => {
    const licence = text('LICENSE');
    expect(licence).toContain('Apache License');
    expect(licence).toContain('Version 2.0, January 2004');
    expect(licence).not.toContain('{name of copyright owner}');
    expect(licence).not.toContain('{yyyy}');
  });
});

describe('code', () => {
  // packagejson/packagejson.go: package.json's version equals plugin.json's info.version.
  test('package.json version = plugin.json version', () => {
    const { version } = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
    expect(metadata().info.version).toBe(version);
  });

  // modulejs/modulejs.go: module.js exists.
  test('module.js is an AMD module', () => {
    expect(text('module.js')).toMatch(/define\(\[/);
  });

  // jssourcemap/jssourcemap.go with pkg/sourcemap/sourcemap.go and pkg/difftool/difftool.go: module.js.map
  // beside module.js, sources and sourcesContent of the same non-zero length; every source, once
  // "webpack://<id>/" is stripped and "external ", "webpack/", "../node_modules", "./node_modules/" are
  // skipped, is a file under the repository's src/ with exactly the content in the map.
  test('the source map names only files of src/, with their exact content', () => {
    const map = JSON.parse(text('module.js.map'));
    expect(map.sources.length).toBeGreaterThan(0);
    expect(map.sourcesContent.length).toBe(map.sources.length);
    const ignored = ['external ', 'webpack/', '../node_modules', './node_modules/'];
    const compared = (map.sources as string[])
      .map((source, i) => ({ name: source.replace(new RegExp(`^webpack://${id}/*|^webpack:/*`), ''), i }))
      .filter(({ name }) => !ignored.some((prefix) => name.startsWith(prefix)));
    expect(compared.length).toBeGreaterThan(10);
    const differing = compared.filter(({ name, i }) => {
      try {
        return readFileSync(join(pluginDir, 'src', name), 'utf8') !== map.sourcesContent[i];
      } catch {
        return true;
      }
    });
    expect(differing.map(({ name }) => name)).toEqual([]);
  });

  // trackingscripts/trackingscripts.go: no URL in module.js may contain a host of its tracker blocklist
  // (list.txt, ~15,000 hosts). Stricter here: every URL in the bundle is one we know and chose.
  test('module.js contains no URL but the collector address placeholder', () => {
    const urls = new Set(text('module.js').match(/https?:\/\/[^\s"'`)\\]+/g) ?? []);
    expect([...urls].filter((url) => !['http://collector:8090'].includes(url))).toEqual([]);
  });

  // unsafesvg/unsafesvg.go with pkg/svgvalidate/svgvalidate.go: every SVG in the archive is free of the
  // forbidden elements and of event-handler attributes (any attribute starting with "on").
  test('every SVG is safe', () => {
    const forbidden = new Set(
      'annotation-xml audio colgroup iframe math mi mn mo ms mtext noembed noframes noscript plaintext script template thead xmp'.split(
        ' '
      )
    );
    const svgs = [...entries.keys()].filter((name) => name.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(0);
    for (const name of svgs) {
      for (const { element, attributes } of xmlTags(entries.get(name)!.toString('utf8'))) {
        expect(forbidden.has(element)).toBe(false);
        expect(attributes.filter((a) => a.toLowerCase().startsWith('on'))).toEqual([]);
      }
    }
  });

  test('the SVG check sees a script and an event handler', () => {
    const tags = xmlTags('<svg onload="x()"><!-- <iframe> --><script>alert(1)</script></svg>');
    expect(tags.map((t) => t.element)).toEqual(['svg', 'script', 'script', 'svg']);
    expect(tags[0].attributes).toEqual(['onload']);
  });
});
