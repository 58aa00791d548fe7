import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** Every .ts/.tsx module under src with the local modules it imports (type-only imports included). */
function importGraph(root: string): Map<string, string[]> {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  const resolve = (from: string, spec: string) =>
    ['.ts', '.tsx', '/index.ts']
      .map((ext) => join(dirname(from), spec) + ext)
      .find((candidate) => existsSync(candidate));
  const graph = new Map<string, string[]>();
  for (const file of files(root).filter((f) => !/\.test\.tsx?$/.test(f))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const local = importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolve(file, i.fileName));
    graph.set(
      relative(root, file),
      local.filter((p): p is string => p !== undefined).map((p) => relative(root, p))
    );
  }
  return graph;
}

/** One import cycle per strongly connected part of the graph, found by depth-first search. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      found.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) {
      return;
    }
    for (const next of graph.get(node) ?? []) {
      visit(next, [...path, node]);
    }
    done.add(node);
  };
  for (const node of graph.keys()) {
    visit(node, []);
  }
  return found;
}

describe('the plugin source', () => {
  it('has no import cycle: editors and variable support depend on ExoDataSourceApi, not on datasource.ts', () => {
    const graph = importGraph(__dirname);
    expect(graph.get('datasource.ts')).toEqual(expect.arrayContaining(['variables/support.ts']));
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
