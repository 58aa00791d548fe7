import { Client } from 'pg';
import { startTestCluster, type TestCluster } from './postgres';

describe('throwaway PostgreSQL cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(() => cluster.destroy());

  it('serves isolated databases and survives a stop/start', async () => {
    const url = await cluster.freshDatabase();
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE t (x int)');
    await client.query('INSERT INTO t VALUES (42)');
    await client.end();

    await cluster.stop();
    await cluster.start();

    const again = new Client({ connectionString: url });
    await again.connect();
    const { rows } = await again.query('SELECT x FROM t');
    await again.end();
    expect(rows).toEqual([{ x: 42 }]);

    const other = new Client({ connectionString: await cluster.freshDatabase() });
    await other.connect();
    const { rows: tables } = await other.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 't'",
    );
    await other.end();
    expect(tables[0].n).toBe(0);
  });
});
