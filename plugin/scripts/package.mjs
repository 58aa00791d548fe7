// Packs the built plugin (dist/) the way Grafana installs plugins: a zip whose root is one folder named
// after the plugin id (`grafana cli --pluginUrl`, GF_PLUGINS_PREINSTALL, the catalog and the plugin
// validator all expect that layout), named <id>-<version>.zip, with its SHA-1 in <zip>.sha1 beside it.
// https://grafana.com/developers/plugin-tools/publish-a-plugin/package-a-plugin
//
// Usage: node scripts/package.mjs [outDir]   (default: artifacts/; `npm run package` builds first)
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(pluginDir, 'dist');
const outDir = resolve(process.argv[2] ?? join(pluginDir, 'artifacts'));

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

let built;
try {
  built = JSON.parse(readFileSync(join(distDir, 'plugin.json'), 'utf8'));
} catch {
  fail('dist/plugin.json is missing: run `npm run build -w plugin` first (`npm run package -w plugin` does both)');
}
const { version } = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
// The version lives in package.json only; the build writes it into plugin.json (%VERSION%).
if (built.info.version !== version) {
  fail(`dist/plugin.json says ${built.info.version}, package.json ${version}: rebuild before packaging`);
}

const zipName = `${built.id}-${version}.zip`;
const zipPath = join(outDir, zipName);
mkdirSync(outDir, { recursive: true });
rmSync(zipPath, { force: true });

// Entries carry the build date (plugin.json `updated`) instead of each file's mtime, so packing the same
// build twice gives the same bytes and the same checksum.
const mtime = new Date(`${built.info.updated}T00:00:00Z`);
const zip = new yazl.ZipFile();
for (const file of filesUnder(distDir)) {
  const inArchive = `${built.id}/${relative(distDir, file).split('\\').join('/')}`;
  zip.addFile(file, inArchive, { mtime, mode: statSync(file).mode & 0o777 });
}
zip.end();
await new Promise((done, failed) =>
  zip.outputStream.pipe(createWriteStream(zipPath)).on('close', done).on('error', failed)
);

const sha1 = createHash('sha1').update(readFileSync(zipPath)).digest('hex');
// Only the hash, as create-plugin's release workflow (grafana/plugin-actions package-plugin) writes it.
writeFileSync(`${zipPath}.sha1`, `${sha1}\n`);
console.log(`package: ${relative(process.cwd(), zipPath)} (sha1 ${sha1})`);
