import path from 'node:path';
import { cycles, folderGraph, folderOf, importGraph } from './harness/importGraph';
import { LAYERS } from './layers';

const repo = path.resolve(__dirname, '..', '..');
const collectorSrc = importGraph(path.join(repo, 'collector', 'src'));

describe('import graph', () => {
  it.each([
    ['collector/src', collectorSrc],
    ['collector/bench', importGraph(path.join(repo, 'collector', 'bench'))],
    ['plugin/src', importGraph(path.join(repo, 'plugin', 'src'))],
    ['contract', importGraph(path.join(repo, 'contract'))],
  ])('%s has no file cycle', (_name, graph) => {
    expect(graph.size).toBeGreaterThan(0);
    expect(cycles(graph)).toEqual([]);
  });

  it('no collector folder imports a folder that imports it back', () => {
    expect(cycles(folderGraph(collectorSrc))).toEqual([]);
  });

  it('every collector folder has a layer, and no import climbs the layers', () => {
    const layerOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
    const folders = [...folderGraph(collectorSrc).keys()];
    expect(folders.filter((f) => !layerOf.has(f))).toEqual([]);
    const climbs = [...collectorSrc].flatMap(([file, targets]) =>
      targets
        .filter((t) => layerOf.get(folderOf(t))! < layerOf.get(folderOf(file))!)
        .map((t) => `${file} → ${t}`),
    );
    expect(climbs).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds a file cycle and a self-import, not a diamond', () => {
    expect(
      cycles(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['f', 'g'], f: ['h'], g: ['h'], h: [] })),
    ).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('finds a folder cycle made of files that are not a cycle', () => {
    const files = graph({
      'x/one.ts': ['y/two.ts'],
      'y/two.ts': [],
      'y/three.ts': ['x/four.ts'],
      'x/four.ts': [],
    });
    expect(cycles(files)).toEqual([]);
    expect(cycles(folderGraph(files))).toEqual([['x', 'y']]);
  });
});
