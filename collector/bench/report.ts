/**
 * Benchmark figures, one line each: `BENCH <name> <value> <unit> target <op> <target> <PASS|FAIL>`.
 * The verdict is computed from the measured value, never typed in.
 */
export type BenchOperator = '>=' | '<=' | '==';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  op: BenchOperator;
  target: number;
  pass: boolean;
}

export function benchFigure(
  name: string,
  value: number,
  unit: string,
  op: BenchOperator,
  target: number,
): BenchFigure {
  const pass = op === '>=' ? value >= target : op === '<=' ? value <= target : value === target;
  return { name, value, unit, op, target, pass };
}

export function formatBenchLine(figure: BenchFigure): string {
  const digits = Math.abs(figure.value) >= 100 ? 0 : Math.abs(figure.value) >= 10 ? 1 : 3;
  return `BENCH ${figure.name} ${figure.value.toFixed(digits)} ${figure.unit} target ${figure.op} ${figure.target} ${figure.pass ? 'PASS' : 'FAIL'}`;
}

/** Prints the figure and returns it, so a script can set its exit code from all verdicts. */
export function reportBench(...args: Parameters<typeof benchFigure>): BenchFigure {
  const figure = benchFigure(...args);
  console.log(formatBenchLine(figure));
  return figure;
}

/** The q-quantile of the values (Infinity for none). */
export const quantile = (q: number) => (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? Infinity;
