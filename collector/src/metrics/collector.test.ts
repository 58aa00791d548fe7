import { Registry } from 'prom-client';
import { RateLimiterRegistry } from '../exotel/limiter';
import { createCollectorMetrics } from './collector';

describe('collector metrics', () => {
  it('exports the Exotel request pace of every account, read at scrape time', async () => {
    const metrics = createCollectorMetrics(new Registry());
    const limiters = new RateLimiterRegistry();
    limiters.forAccount('busy', { requestsPerMinute: 200 });
    limiters.forAccount('calm', { requestsPerMinute: 200 });
    metrics.setSource('exotelPace', () => limiters.effectiveRates());
    const gauge = () =>
      metrics.registry
        .metrics()
        .then((text) =>
          text.split('\n').filter((l) => l.startsWith('exowatch_exotel_effective_requests_per_minute')),
        );
    expect(await gauge()).toEqual([
      'exowatch_exotel_effective_requests_per_minute{account="busy"} 200',
      'exowatch_exotel_effective_requests_per_minute{account="calm"} 200',
    ]);
    // A 429 for one account lowers its pace only.
    limiters.forAccount('busy').throttled();
    expect(await gauge()).toEqual([
      'exowatch_exotel_effective_requests_per_minute{account="busy"} 100',
      'exowatch_exotel_effective_requests_per_minute{account="calm"} 200',
    ]);
    limiters.closeAll();
  });
});
