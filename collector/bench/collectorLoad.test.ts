import { Histogram, Registry } from 'prom-client';
import { histogramQuantileBound } from './collectorLoad';

/** A histogram's cumulative bucket counts as prom-client keeps them, by upper bound. */
async function counts(histogram: Histogram): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (const { metricName, labels, value } of (await histogram.get()).values)
    if (metricName === 'latency_seconds_bucket')
      found.set(labels.le === '+Inf' ? Infinity : Number(labels.le), value);
  return found;
}

describe('histogramQuantileBound', () => {
  const latency = () =>
    new Histogram({
      name: 'latency_seconds',
      help: 'x',
      buckets: [0.005, 0.025, 0.1],
      registers: [new Registry()],
    });

  it('places the quantile of the observations between two readings in its bucket', async () => {
    const histogram = latency();
    // Before the load: slow requests that must not count.
    for (let i = 0; i < 50; i++) histogram.observe(0.5);
    const before = await counts(histogram);
    for (let i = 0; i < 98; i++) histogram.observe(0.002);
    histogram.observe(0.02);
    histogram.observe(0.09);
    const after = await counts(histogram);
    expect(histogramQuantileBound(before, after, 0.5)).toBe(0.005);
    expect(histogramQuantileBound(before, after, 0.99)).toBe(0.025);
    expect(histogramQuantileBound(before, after, 1)).toBe(0.1);
  });

  it('says Infinity past the last bucket and null when nothing was observed', async () => {
    const histogram = latency();
    const before = await counts(histogram);
    expect(histogramQuantileBound(before, before, 0.99)).toBeNull();
    histogram.observe(3);
    expect(histogramQuantileBound(before, await counts(histogram), 0.99)).toBe(Infinity);
  });
});
