import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { DataSource } from '../datasource';
import { pick } from '../testing/combobox';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { fakeTemplateSrv, instanceSettings } from '../testing/settings';
import type { ExoQuery } from '../types';
import { MetricQueryEditor } from './MetricQueryEditor';

let collector: FakeCollector;
const templateSrv = fakeTemplateSrv({ team: ['sales'] });
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector, templateSrv: () => templateSrv }));

beforeEach(() => {
  collector = fakeCollector();
});

function setup(query: Partial<ExoQuery> = {}) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const datasource = new DataSource(instanceSettings(), templateSrv);
  render(
    <MetricQueryEditor
      datasource={datasource}
      query={{ refId: 'A', metric: 'calls', ...query }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  return { onChange, onRunQuery };
}

describe('MetricQueryEditor', () => {
  it('shows the dashboard filters a query carried into Explore and removes them', async () => {
    const { onChange } = setup({
      adhocFilters: [
        { key: 'team', operator: '=~', value: 's.*' },
        { key: 'region', operator: '=|', value: 'KA', values: ['KA', 'TN'] },
      ],
    });
    expect(await screen.findByTestId('carried-adhoc')).toHaveTextContent(
      'Dashboard filters carried along: team =~ s.*, region =| KA | TN'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ adhocFilters: undefined }));
  });

  it('shows no carried filters line for a dashboard query', async () => {
    setup();
    await screen.findByTestId('legend');
    expect(screen.queryByTestId('carried-adhoc')).toBeNull();
  });

  it('shows the metric catalogue with description and unit', async () => {
    setup({ metric: 'pickup_rate' });
    expect(await screen.findByTestId('metric-description')).toHaveTextContent(
      'Share of offered calls that an agent answered. Unit: percentunit.'
    );
  });

  it('changes the metric and runs the query', async () => {
    const { onChange, onRunQuery } = setup();
    await screen.findByTestId('metric-description');
    await pick('metric', 'Pickup rate');
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ metric: 'pickup_rate', status: undefined }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('groups by a tag key loaded from the collector', async () => {
    const { onChange } = setup();
    await screen.findByTestId('metric-description');
    await pick('group-by', 'region');
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ groupBy: ['region'] }));
  });

  it('offers the collector’s built-in dimensions of the metric, period included, to group by and filter', async () => {
    const { onChange } = setup({ metric: 'pickup_rate', filters: [{ key: '', op: 'in', values: [] }] });
    await screen.findByTestId('metric-description');
    await pick('group-by', 'period');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ groupBy: ['period'] }));
    await pick('filter-key-0', 'period');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: [{ key: 'period', op: 'in', values: [] }] })
    );
  });

  it('lists the values of period without asking the collector', async () => {
    const { onChange } = setup({ metric: 'pickup_rate', filters: [{ key: 'period', op: 'in', values: [] }] });
    await screen.findByTestId('metric-description');
    await pick('filter-values-0', 'business_hours');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: [{ key: 'period', op: 'in', values: ['business_hours'] }] })
    );
    expect(collector.fetch).not.toHaveBeenCalledWith(
      expect.objectContaining({ url: expect.stringContaining('period') })
    );
  });

  it('adds a tag filter and loads its values from the collector', async () => {
    const { onChange } = setup({ filters: [{ key: 'team', op: 'in', values: [] }] });
    await screen.findByTestId('metric-description');
    fireEvent.click(screen.getByRole('button', { name: /Tag filter/ }));
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({
        filters: [
          { key: 'team', op: 'in', values: [] },
          { key: '', op: 'in', values: [] },
        ],
      })
    );
    await pick('filter-values-0', 'support');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: [{ key: 'team', op: 'in', values: ['support'] }] })
    );
    expect(collector.fetch).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/api/datasources/proxy/uid/ds1/collector/api/v1/tags/keys/team/values' })
    );
  });

  it('offers variables as filter values', async () => {
    const { onChange } = setup({ filters: [{ key: 'team', op: 'in', values: [] }] });
    await screen.findByTestId('metric-description');
    await pick('filter-values-0', '$team');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: [{ key: 'team', op: 'in', values: ['$team'] }] })
    );
  });

  it('sets direction, legend and interval', async () => {
    const { onChange } = setup();
    await screen.findByTestId('metric-description');
    await pick('direction', 'inbound');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ direction: ['inbound'] }));
    fireEvent.blur(screen.getByTestId('legend'), { target: { value: '{{team}}' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ legendFormat: '{{team}}' }));
    await pick('interval', 'whole range');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ interval: 'all' }));
  });

  it('offers health directions and hides call-only filters for health metrics', async () => {
    setup({ metric: 'uptime' });
    await screen.findByTestId('metric-description');
    expect(screen.queryByTestId('status')).not.toBeInTheDocument();
    expect(screen.queryByTestId('flow')).not.toBeInTheDocument();
    await pick('direction', 'incoming');
  });

  it('explains when the collector cannot be reached', async () => {
    collector.failures.set('/api/v1/metrics', { status: 502, data: {} });
    setup();
    await waitFor(() =>
      expect(screen.getByText(/cannot load the metric catalogue: cannot reach the collector/)).toBeInTheDocument()
    );
  });
});
