import { benchFigure, formatBenchLine } from './report';

describe('BENCH lines', () => {
  it('computes the verdict from the value and the target', () => {
    expect(formatBenchLine(benchFigure('webhook_vs_bare_express', 0.71, 'ratio', '>=', 0.6))).toBe(
      'BENCH webhook_vs_bare_express 0.710 ratio target >= 0.6 PASS',
    );
    expect(benchFigure('x', 0.59, 'ratio', '>=', 0.6).pass).toBe(false);
    expect(formatBenchLine(benchFigure('peak_rss', 251.4, 'MB', '<=', 200))).toBe(
      'BENCH peak_rss 251 MB target <= 200 FAIL',
    );
    expect(benchFigure('p50', 200, 'ms', '<=', 200).pass).toBe(true);
  });
});
