import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { upsertExoPhones } from '../src/exophones/store';
import { freePort } from '../src/store/localCluster';
import { eventually, startWebhookApp, type RunningWebhookApp } from './fixtures/webhookApp';
import { waitForExit } from './fixtures/processes';
import { migratedDatabase } from './harness/database';

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('a real Prometheus scraping the collector', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let dir: string;
  let app: RunningWebhookApp;
  let prometheus: ChildProcess;

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    dir = mkdtempSync(join(tmpdir(), 'exowatch-prometheus-'));
    app = await startWebhookApp(pool, join(dir, 'journal'));
  });
  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    if (prometheus) await waitForExit(prometheus);
    await app.close();
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes ExoPhone health that its query API then returns', async () => {
    await upsertExoPhones(pool, 'acme', [{ sid: 'exo-a', phone_number: '+918069891522', region: 'KA' }]);
    const heartbeat = await fetch(`${app.hooks}/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        status_type: 'WARNING',
        incoming_affected: ['08069891522'],
        outgoing_affected: [],
      }),
    });
    expect(heartbeat.status).toBe(200);
    await eventually(async () => {
      await app.health.refresh();
      return app.health.readings().exophones.length === 2;
    });

    const port = await freePort();
    const target = new URL(app.baseUrl).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: exowatch\n    static_configs:\n      - targets: ['${target}']\n`,
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    const query = async (promql: string): Promise<QueryResult['data']['result']> => {
      const response = await fetch(
        `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`,
      ).catch(() => null);
      if (!response?.ok) return [];
      return ((await response.json()) as QueryResult).data.result;
    };
    await eventually(async () => (await query('exowatch_exophone_health_state == 1')).length === 2, 30_000);
    const states = await query('exowatch_exophone_health_state == 1');
    expect(
      states
        .map((s) => `${s.metric.exophone} ${s.metric.direction} ${s.metric.region} ${s.metric.state}`)
        .sort(),
    ).toEqual(['+918069891522 incoming KA affected', '+918069891522 outgoing KA healthy']);
    const up = await query('exowatch_exophone_up{direction="incoming"}');
    expect(up.map((s) => s.value[1])).toEqual(['0']);
    expect((await query('up{job="exowatch"}')).map((s) => s.value[1])).toEqual(['1']);
  });
});
