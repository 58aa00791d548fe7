import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { dateTime, type DataQueryRequest } from '@grafana/data';
import { render, screen, waitFor } from '@testing-library/react';

import { DataSource } from '../datasource';
import { pick } from '../testing/combobox';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { fakeTemplateSrv, instanceSettings } from '../testing/settings';
import type { ExoQuery } from '../types';
import { CallbacksQueryEditor } from './CallbacksQueryEditor';

let collector: FakeCollector;
const templateSrv = fakeTemplateSrv({ team: ['support'] });
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector, templateSrv: () => templateSrv }));

beforeEach(() => {
  collector = fakeCollector();
});

const WORKLIST: ExoQuery = { refId: 'W', metric: '', queryType: 'callbacks' };

function setup(query: ExoQuery = WORKLIST) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const datasource = new DataSource(instanceSettings(), templateSrv);
  render(<CallbacksQueryEditor datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery, datasource };
}

/** Runs a query through the data source as a panel would. */
function runPanel(datasource: DataSource, target: ExoQuery) {
  const now = Date.parse('2026-03-02T06:00:00Z');
  return datasource.query({
    requestId: 'r',
    interval: '1m',
    intervalMs: 60_000,
    range: { from: dateTime(now - 3_600_000), to: dateTime(now), raw: { from: 'now-1h', to: 'now' } },
    scopedVars: {},
    targets: [target],
    timezone: 'browser',
    app: 'dashboard',
    startTime: 0,
  } as DataQueryRequest<ExoQuery>);
}

/** The worklist's call SIDs and customers for a query. */
async function run(datasource: DataSource, target: ExoQuery) {
  const result = await runPanel(datasource, target);
  const column = (name: string) => result.data[0].fields.find((f: { name: string }) => f.name === name).values;
  return { sids: column('Call SID'), customers: column('Customer') };
}

describe('CallbacksQueryEditor', () => {
  it('restricts the worklist to a team loaded from the collector, and the query then lists only its calls', async () => {
    const { onChange, onRunQuery, datasource } = setup();
    await pick('callbacks-team', 'support');
    const chosen = onChange.mock.lastCall[0];
    expect(chosen).toEqual({ ...WORKLIST, filters: [{ key: 'team', op: 'in', values: ['support'] }] });
    expect(onRunQuery).toHaveBeenCalled();
    expect(await run(datasource, chosen)).toEqual({ sids: ['missed-1'], customers: ['••••5678'] });
  });

  it('offers ExoPhones and variables', async () => {
    const { onChange, datasource } = setup();
    await pick('callbacks-exophone', '+918045678900');
    expect(onChange).toHaveBeenLastCalledWith({
      ...WORKLIST,
      filters: [{ key: 'exophone', op: 'in', values: ['+918045678900'] }],
    });
    await pick('callbacks-team', '$team');
    const chosen = onChange.mock.lastCall[0];
    expect(chosen.filters).toEqual([{ key: 'team', op: 'in', values: ['$team'] }]);
    expect((await run(datasource, chosen)).sids).toEqual(['missed-1']);
  });

  it('says which filters the worklist cannot apply, and the query sends nothing', async () => {
    const regional: ExoQuery = { ...WORKLIST, filters: [{ key: 'region', op: 'in', values: ['KA'] }] };
    const { datasource } = setup(regional);
    expect(screen.getByText(/remove the filter on region/)).toBeInTheDocument();
    // The editor still loads the teams and ExoPhones it offers; its state settles before the query runs.
    await waitFor(() =>
      expect(collector.fetch).toHaveBeenCalledWith(
        expect.objectContaining({ url: expect.stringContaining('/exophones') })
      )
    );
    expect((await runPanel(datasource, regional)).errors).toEqual([
      { refId: 'W', message: 'W: the callback worklist filters by team and exophone only, not by "region"' },
    ]);
    expect(collector.fetch).not.toHaveBeenCalledWith(
      expect.objectContaining({ url: expect.stringContaining('callbacks') })
    );
  });
});
