import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';

export const pluginDir = join(__dirname, '..', '..');

/** The archive `npm run package -w plugin` writes for the version in package.json. */
export function archivePath(): string {
  const { version } = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
  const { id } = JSON.parse(readFileSync(join(pluginDir, 'src', 'plugin.json'), 'utf8'));
  return join(pluginDir, 'artifacts', `${id}-${version}.zip`);
}

/** Every entry of a zip file, directories included (their names end with "/"), with its bytes. */
export function readArchive(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (openError, zip) => {
      if (openError) {
        reject(new Error(`${path}: ${openError.message} (run \`npm run package -w plugin\` first)`));
        return;
      }
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          entries.set(entry.fileName, Buffer.alloc(0));
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) {
            reject(streamError);
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Element names and attribute names of an XML document, in order (enough to judge an SVG's safety). */
export function xmlTags(xml: string): Array<{ element: string; attributes: string[] }> {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  return [...withoutComments.matchAll(/<\s*\/?\s*([A-Za-z_][\w:.-]*)([^>]*)>/g)].map(([, element, rest]) => ({
    element: element.replace(/^.*:/, ''),
    attributes: [...rest.matchAll(/([A-Za-z_][\w:.-]*)\s*=/g)].map(([, name]) => name),
  }));
}
