import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load';

const directory = mkdtempSync(join(tmpdir(), 'exowatch-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(directory, 'case-')), name);
  writeFileSync(path, text);
  return path;
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('with nothing configured, has no account (demo mode) and sensible defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config.accounts).toEqual([]);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8090, queryConcurrency: 4 });
    expect(config.sync).toEqual({
      rereadMinutes: 30,
      fullRereadHours: 24,
      initialLookbackHours: 24,
      schedule: '* * * * *',
    });
  });

  it('reads one account from EXOTEL_* variables and builds its base URL', () => {
    const config = loadConfig({
      env: {
        EXOTEL_ACCOUNT_SID: 'acme',
        EXOTEL_API_KEY: 'key',
        EXOTEL_API_TOKEN: 'token',
        EXOTEL_SUBDOMAIN: 'api.in.exotel.com',
        DATABASE_URL: 'postgres://u:p@db/exowatch',
        EXOWATCH_PORT: '9000',
      },
    });
    expect(config.accounts).toEqual([
      {
        sid: 'acme',
        apiKey: 'key',
        apiToken: 'token',
        baseUrl: 'https://api.in.exotel.com',
        timeZone: 'Asia/Kolkata',
        requestsPerMinute: 200,
      },
    ]);
    expect(config.databaseUrl).toBe('postgres://u:p@db/exowatch');
    expect(config.server.port).toBe(9000);
  });

  it('reads the query concurrency from the config file, keeping the other server defaults, and refuses 0', () => {
    const config = loadConfig({
      env: { EXOWATCH_PORT: '9000' },
      configPath: configFile('server.yaml', 'server:\n  queryConcurrency: 8\n'),
    });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 9000, queryConcurrency: 8 });
    expect(
      problems(() =>
        loadConfig({ env: {}, configPath: configFile('zero.yaml', 'server:\n  queryConcurrency: 0\n') }),
      ),
    ).toEqual([expect.stringMatching(/^server\.queryConcurrency: /)]);
  });

  it('lets EXOTEL_BASE_URL override the whole base URL', () => {
    const config = loadConfig({
      env: {
        EXOTEL_ACCOUNT_SID: 'a',
        EXOTEL_API_KEY: 'k',
        EXOTEL_API_TOKEN: 't',
        EXOTEL_BASE_URL: 'http://127.0.0.1:8091/',
      },
    });
    expect(config.accounts[0]!.baseUrl).toBe('http://127.0.0.1:8091');
  });

  it('names every missing or wrong setting and the variable that fixes it', () => {
    const found = problems(() =>
      loadConfig({
        env: {
          EXOTEL_ACCOUNT_SID: 'acme',
          EXOTEL_SUBDOMAIN: 'api.exotel.in',
          EXOTEL_TIME_ZONE: 'India/Mumbai',
        },
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/accounts\.0\.apiKey: .*required.*\(set EXOTEL_API_KEY\)/),
        expect.stringMatching(/accounts\.0\.apiToken: .*\(set EXOTEL_API_TOKEN\)/),
        expect.stringMatching(
          /accounts\.0\.subdomain: must be api\.exotel\.com .*\(set EXOTEL_SUBDOMAIN or EXOTEL_BASE_URL\)/,
        ),
        expect.stringMatching(/accounts\.0\.timeZone: not an IANA time zone.*\(set EXOTEL_TIME_ZONE\)/),
      ]),
    );
    expect(problems(() => loadConfig({ env: { DATABASE_URL: 'mysql://x' } }))).toEqual([
      expect.stringMatching(/databaseUrl: must be a postgres:\/\/.*\(set DATABASE_URL\)/),
    ]);
  });

  it('reads several accounts from a YAML file, with ${VAR} references resolved from the environment', () => {
    const path = configFile(
      'exowatch.yaml',
      [
        'accounts:',
        '  - { sid: acme, apiKey: k1, apiToken: "${ACME_TOKEN}", subdomain: api.in.exotel.com }',
        '  - { sid: globex, apiKey: k2, apiToken: t2, subdomain: api.exotel.com, timeZone: Asia/Singapore, requestsPerMinute: 100 }',
        'sync: { rereadMinutes: 15 }',
      ].join('\n'),
    );
    const config = loadConfig({ env: { ACME_TOKEN: 'secret' }, configPath: path });
    expect(config.source).toBe(path);
    expect(
      config.accounts.map((a) => [a.sid, a.apiToken, a.baseUrl, a.timeZone, a.requestsPerMinute]),
    ).toEqual([
      ['acme', 'secret', 'https://api.in.exotel.com', 'Asia/Kolkata', 200],
      ['globex', 't2', 'https://api.exotel.com', 'Asia/Singapore', 100],
    ]);
    expect(config.sync.rereadMinutes).toBe(15);
  });

  it('refuses unset ${VAR} references, unknown keys, duplicate accounts and unreadable files', () => {
    expect(
      problems(() => loadConfig({ env: {}, configPath: configFile('a.yaml', 'databaseUrl: ${NOPE}') })),
    ).toEqual(['the config file refers to ${NOPE}, which is not set']);
    expect(
      problems(() => loadConfig({ env: {}, configPath: configFile('b.json', '{"acounts": []}') }))[0],
    ).toMatch(/acounts/);
    const twice =
      '{ "accounts": [' +
      '{"sid":"a","apiKey":"k","apiToken":"t","subdomain":"api.exotel.com"},'.repeat(2).slice(0, -1) +
      '] }';
    expect(problems(() => loadConfig({ env: {}, configPath: configFile('c.json', twice) }))).toEqual([
      'accounts: each account SID may appear only once',
    ]);
    expect(
      problems(() => loadConfig({ env: {}, configPath: configFile('d.yaml', 'accounts: [') }))[0],
    ).toMatch(/cannot be parsed/);
    expect(problems(() => loadConfig({ env: {}, configPath: '/nonexistent/exowatch.yaml' }))).toEqual([
      'config file /nonexistent/exowatch.yaml does not exist',
    ]);
  });

  it('keeps personal data 30 days and numbers in clear 32 by default, never fewer than callbacks need', () => {
    expect(loadConfig({ env: {} }).privacy).toEqual({
      rawPayloadDays: 30,
      recordingUrlDays: 30,
      numbersInClearDays: 32,
      schedule: '47 2 * * *',
    });
    const path = configFile('p.yaml', 'privacy: { numbersInClearDays: 7 }');
    expect(problems(() => loadConfig({ env: {}, configPath: path }))[0]).toContain(
      'keep numbers in clear at least 32 days: callbacks look 31 days back',
    );
  });
});
