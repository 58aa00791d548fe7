import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { fakeTemplateSrv, instanceSettings } from '../testing/settings';
import type { ExoQuery } from '../types';
import { QueryEditor } from './QueryEditor';

let collector: FakeCollector;
const templateSrv = fakeTemplateSrv({});
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector, templateSrv: () => templateSrv }));

beforeEach(() => {
  collector = fakeCollector();
});

function setup(query: ExoQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditor
      datasource={new DataSource(instanceSettings(), templateSrv)}
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('edits a metric query by default', async () => {
    setup({ refId: 'A', metric: 'pickup_rate' });
    expect(await screen.findByTestId('metric-description')).toBeInTheDocument();
    expect(screen.queryByTestId('callbacks-team')).not.toBeInTheDocument();
  });

  it('switches to the callback worklist, keeping only the filters it can apply', async () => {
    const { onChange, onRunQuery } = setup({
      refId: 'A',
      metric: 'pickup_rate',
      filters: [
        { key: 'team', op: 'in', values: ['$team'] },
        { key: 'region', op: 'in', values: ['KA'] },
      ],
    });
    await screen.findByTestId('metric-description');
    fireEvent.click(screen.getByRole('radio', { name: 'Callback worklist' }));
    expect(onChange).toHaveBeenCalledWith({
      refId: 'A',
      metric: 'pickup_rate',
      queryType: 'callbacks',
      filters: [{ key: 'team', op: 'in', values: ['$team'] }],
    });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('edits a worklist query with its own editor and switches back to a metric', async () => {
    const { onChange } = setup({ refId: 'A', metric: '', queryType: 'callbacks' });
    expect(screen.getByTestId('callbacks-team')).toBeInTheDocument();
    expect(screen.queryByTestId('metric')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Metric' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', metric: 'calls', queryType: undefined });
    await screen.findByText(/Customer numbers arrive masked/);
  });
});
