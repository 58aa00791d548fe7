/** The Prometheus configuration and rules, checked and unit-tested by promtool (Debian's prometheus package). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROMETHEUS_PROVISIONING } from './support/paths';
import { promtool } from './support/prometheus';

const rules = readdirSync(join(PROMETHEUS_PROVISIONING, 'rules')).map((f) => join('rules', f));
const ruleTests = readdirSync(join(PROMETHEUS_PROVISIONING, 'tests')).map((f) => join('tests', f));
/** promtool evaluates rule groups in no fixed order: one passing run proves little, so run them many times. */
const RULE_TEST_RUNS = 20;

describe('promtool', () => {
  it('accepts prometheus.yml (and the rule files it names)', () => {
    const { code, output } = promtool(['check', 'config', 'prometheus.yml']);
    expect(output).toMatch(/SUCCESS: 2 rule files found/);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS/) });
  });

  it('accepts every rule file', () => {
    expect(rules.length).toBeGreaterThan(0);
    const { code, output } = promtool(['check', 'rules', ...rules]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS/) });
  });

  it(`passes the rule unit tests ${RULE_TEST_RUNS} times in a row (rule evaluation order must not matter)`, () => {
    expect(ruleTests.length).toBeGreaterThan(0);
    const failures = [];
    for (let run = 1; run <= RULE_TEST_RUNS; run++) {
      const { code, output } = promtool(['test', 'rules', ...ruleTests]);
      if (code !== 0 || !/SUCCESS/.test(output)) failures.push({ run, code, output });
    }
    expect(failures).toEqual([]);
  });

  it('has a unit test for every alert', () => {
    const { output } = promtool(['check', 'rules', ...rules]);
    expect(output).toMatch(/SUCCESS/);
    const alertNames = rules.flatMap((f) =>
      [...readFileSync(join(PROMETHEUS_PROVISIONING, f), 'utf8').matchAll(/^\s*- alert: (\w+)/gm)].map(
        (m) => m[1]!,
      ),
    );
    const tested = ruleTests.map((f) => readFileSync(join(PROMETHEUS_PROVISIONING, f), 'utf8')).join('\n');
    const required = [
      'ExoPhoneDown',
      'ExotelHeartbeatsSilent',
      'ExowatchSyncStalled',
      'TeamPickupRateLow',
      'ExotelApiThrottled',
      'ExowatchIncomingTrafficDropped',
    ];
    for (const name of required) expect(alertNames).toContain(name);
    for (const name of alertNames)
      expect({ name, tested: new RegExp(`alertname: ${name}\\n`).test(tested) }).toEqual({
        name,
        tested: true,
      });
  });

  it('fails a rule test that expects the wrong thing (the unit tests can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exowatch-promtool-'));
    try {
      writeFileSync(
        join(dir, 'broken.test.yml'),
        [
          'rule_files:',
          `  - ${join(PROMETHEUS_PROVISIONING, 'rules', 'exowatch.rules.yml')}`,
          'evaluation_interval: 1m',
          'tests:',
          '  - interval: 1m',
          '    input_series:',
          `      - series: 'exowatch_exophone_up{exophone="+918041234567",direction="incoming",region="KA"}'`,
          "        values: '1x10'",
          '    alert_rule_test:',
          '      - eval_time: 8m',
          '        alertname: ExoPhoneDown',
          '        exp_alerts:',
          '          - exp_labels: { severity: critical, exophone: "+918041234567", direction: incoming, region: KA }',
          '',
        ].join('\n'),
      );
      expect(promtool(['test', 'rules', join(dir, 'broken.test.yml')]).code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
