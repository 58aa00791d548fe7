import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';

import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import type { ExoOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

let collector: FakeCollector;
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector }));

function settings(over: Partial<DataSourceSettings<ExoOptions>> = {}): DataSourceSettings<ExoOptions> {
  return {
    uid: 'ds1',
    orgId: 1,
    name: 'exowatch',
    type: 'exowatch-exotel-datasource',
    typeName: 'exowatch',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    version: 2,
    jsonData: { collectorUrl: 'http://collector:8090' },
    secureJsonFields: { viewerToken: true },
    secureJsonData: {},
    ...over,
  } as DataSourceSettings<ExoOptions>;
}

beforeEach(() => {
  collector = fakeCollector();
});

/**
 * Renders the settings page of a data source with a collector URL, and waits until its calendar and tag
 * admin pages have loaded (their state updates land inside the test); resolves to a tagged number's row.
 */
async function renderLoaded(onOptionsChange = jest.fn()) {
  render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
  await screen.findByTestId('calendar-support');
  return screen.findByTestId('target-+918045678900');
}

describe('ConfigEditor settings', () => {
  it('edits the collector URL in jsonData', async () => {
    const onOptionsChange = jest.fn();
    await renderLoaded(onOptionsChange);
    fireEvent.change(screen.getByLabelText('Collector URL'), { target: { value: ' http://localhost:9090 ' } });
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ jsonData: { collectorUrl: 'http://localhost:9090' } })
    );
  });

  it('keeps tokens in secureJsonData and resets a configured one', async () => {
    const onOptionsChange = jest.fn();
    await renderLoaded(onOptionsChange);
    fireEvent.change(screen.getByLabelText('Admin token'), { target: { value: 'adm1n' } });
    const changed = onOptionsChange.mock.calls[0][0];
    expect(changed.secureJsonData).toEqual({ adminToken: 'adm1n' });
    expect(JSON.stringify(changed.jsonData)).not.toContain('adm1n');

    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onOptionsChange.mock.calls[1][0]).toMatchObject({
      secureJsonFields: { viewerToken: false },
      secureJsonData: { viewerToken: '' },
    });
  });

  it('shows the business calendars next to the tag admin', async () => {
    render(<ConfigEditor options={settings()} onOptionsChange={jest.fn()} />);
    expect(await screen.findByTestId('calendar-support')).toHaveTextContent('Support desk');
    expect(screen.getByTestId('tag-admin')).toBeInTheDocument();
  });

  it('asks for a URL before showing the tag admin page', () => {
    render(<ConfigEditor options={settings({ jsonData: {} })} onOptionsChange={jest.fn()} />);
    expect(screen.getByText(/Set the collector URL and tokens/)).toBeInTheDocument();
    expect(collector.fetch).not.toHaveBeenCalled();
  });
});

describe('tag admin page', () => {
  it('lists numbers and flows with their tags, loaded through the viewer route', async () => {
    const row = await renderLoaded();
    expect(within(row).getByText('team=support')).toBeInTheDocument();
    expect(within(row).getByText('region=KA')).toBeInTheDocument();
    expect(screen.getByTestId('target-flow:42')).toBeInTheDocument();
    expect(screen.getByTestId('target-+919876543210')).toHaveTextContent('agent');
    expect(collector.fetch).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/api/datasources/proxy/uid/ds1/collector/api/v1/tags?limit=1000&offset=0' })
    );
  });

  it('searches the table', async () => {
    await renderLoaded();
    fireEvent.change(screen.getByPlaceholderText(/Search numbers/), { target: { value: 'flow:' } });
    expect(screen.queryByTestId('target-+918045678900')).not.toBeInTheDocument();
    expect(screen.getByTestId('target-flow:42')).toBeInTheDocument();
  });

  it('adds a tag with an effective-from date through the admin route', async () => {
    await renderLoaded();
    fireEvent.click(screen.getByRole('button', { name: 'Add tag to flow:42' }));
    const form = screen.getByTestId('tag-edit-form');
    fireEvent.change(within(form).getByRole('combobox', { name: /Tag key/ }), { target: { value: 'team' } });
    fireEvent.keyDown(within(form).getByRole('combobox', { name: /Tag key/ }), { key: 'Enter' });
    fireEvent.change(within(form).getByLabelText('Tag value'), { target: { value: 'sales' } });
    fireEvent.change(within(form).getByLabelText('Effective from'), { target: { value: '2026-03-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save tag' }));

    await screen.findByText('Tag saved');
    expect(collector.fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/datasources/proxy/uid/ds1/admin/api/v1/tags/targets/flow%3A42/team',
        method: 'PUT',
        data: { value: 'sales', validFrom: '2026-03-01T00:00:00.000Z' },
      })
    );
    expect(within(screen.getByTestId('target-flow:42')).getByText('team=sales')).toBeInTheDocument();
  });

  it('changes a tag by clicking it and shows the collector’s error', async () => {
    const row = await renderLoaded();
    collector.failures.set('/api/v1/tags/targets/%2B918045678900/team', {
      status: 409,
      data: {
        error: '+918045678900 team already has a value from 2026-01-01T00:00:00.000Z; changes must be at or after it',
      },
    });
    fireEvent.click(within(row).getByText('team=support'));
    const form = screen.getByTestId('tag-edit-form');
    fireEvent.change(within(form).getByLabelText('Tag value'), { target: { value: 'sales' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save tag' }));
    expect(await within(form).findByText(/already has a value from 2026-01-01/)).toBeInTheDocument();
  });

  it('refuses a bad target before calling the collector', async () => {
    await renderLoaded();
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    const form = screen.getByTestId('tag-edit-form');
    fireEvent.change(within(form).getByLabelText('Target'), { target: { value: 'sales desk' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save tag' }));
    expect(within(form).getByText(/is neither a phone number/)).toBeInTheDocument();
    expect(collector.fetch).not.toHaveBeenCalledWith(expect.objectContaining({ method: 'PUT' }));
  });

  it('refuses a key the collector reserves, as the collector lists them, before calling it', async () => {
    await renderLoaded();
    fireEvent.click(screen.getByRole('button', { name: 'Add tag to flow:42' }));
    const form = screen.getByTestId('tag-edit-form');
    fireEvent.change(within(form).getByRole('combobox', { name: /Tag key/ }), { target: { value: 'period' } });
    fireEvent.keyDown(within(form).getByRole('combobox', { name: /Tag key/ }), { key: 'Enter' });
    fireEvent.change(within(form).getByLabelText('Tag value'), { target: { value: 'x' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save tag' }));
    expect(await within(form).findByText('tag key "period" is reserved (built-in dimension)')).toBeInTheDocument();
    expect(collector.fetch).toHaveBeenCalledWith(
      expect.objectContaining({ url: expect.stringMatching(/\/api\/v1\/tags\/keys$/) })
    );
    expect(collector.fetch).not.toHaveBeenCalledWith(expect.objectContaining({ method: 'PUT' }));
  });

  it('removes a manual tag after confirmation', async () => {
    const row = await renderLoaded();
    fireEvent.click(within(row).getByRole('button', { name: 'Remove team from +918045678900' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove' }));
    await screen.findByText('Removed team=support from +918045678900');
    expect(collector.fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'DELETE',
        url: '/api/datasources/proxy/uid/ds1/admin/api/v1/tags/targets/%2B918045678900/team',
      })
    );
  });

  it('shows the history of a target', async () => {
    await renderLoaded();
    fireEvent.click(screen.getByRole('button', { name: 'History of +918045678900' }));
    const history = await screen.findByTestId('tag-history');
    expect(await within(history).findByText('ExoPhone list')).toBeInTheDocument();
    expect(within(history).getByText('2026-01-01 00:00')).toBeInTheDocument();
  });

  const IMPORT_URL = '/api/datasources/proxy/uid/ds1/admin/api/v1/tags/import';
  const importCalls = () =>
    collector.fetch.mock.calls.map(([r]) => r).filter((r) => r.url === IMPORT_URL && r.method === 'POST');
  const openImport = async (csv: string) => {
    await renderLoaded();
    fireEvent.click(screen.getByRole('button', { name: 'Import CSV' }));
    fireEvent.change(screen.getByLabelText('CSV text'), { target: { value: csv } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
  };

  it('previews a CSV import with the collector’s dry run and applies it in one request', async () => {
    collector.tags.push({
      target: 'flow:7',
      key: 'team',
      value: 'ops',
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: null,
      source: 'manual',
    });
    const csv = 'target,key,value\n08045678900,team,sales\nflow:7,team,ops\nflow:42,team,ops\n';
    await openImport(csv);
    const preview = await screen.findByTestId('csv-preview');
    expect(preview).toHaveTextContent('3 row(s): 1 to add, 1 to change, 1 unchanged.');
    expect(within(preview).getByText('support')).toBeInTheDocument();
    expect(importCalls().map((r) => r.data)).toEqual([{ csv, dryRun: true }]);

    fireEvent.click(screen.getByRole('button', { name: 'Apply 2 change(s)' }));
    await screen.findByText('Imported 3 row(s): 2 change(s) saved');
    expect(importCalls().map((r) => r.data)).toEqual([
      { csv, dryRun: true },
      { csv, dryRun: false },
    ]);
    expect(collector.fetch).not.toHaveBeenCalledWith(expect.objectContaining({ method: 'PUT' }));
    expect(within(await screen.findByTestId('target-flow:42')).getByText('team=ops')).toBeInTheDocument();
  });

  it('needs a new preview after the text changes', async () => {
    await openImport('target,key,value\nflow:42,team,ops\n');
    await screen.findByTestId('csv-preview');
    fireEvent.change(screen.getByLabelText('CSV text'), { target: { value: 'target,key,value\nflow:42,team,x\n' } });
    expect(screen.queryByTestId('csv-preview')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply 0 change(s)' })).toBeDisabled();
  });

  it('shows the collector’s per-row errors and cannot apply', async () => {
    await openImport('target,key,value\nflow:42,team,ops\nnobody,team,x\n');
    const errors = await screen.findByTestId('csv-errors');
    expect(screen.getByText('Cannot import this file: nothing was saved')).toBeInTheDocument();
    const row = within(errors).getByText('3').closest('tr')!;
    expect(row).toHaveTextContent('target "nobody" is neither a phone number nor flow:<flow_id>');
    expect(screen.queryByTestId('csv-preview')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply 0 change(s)' })).toBeDisabled();
    expect(importCalls().map((r) => r.data.dryRun)).toEqual([true]);
  });

  it('reports a refused apply without saving anything', async () => {
    await openImport('target,key,value\n08045678900,team,sales\n');
    await screen.findByTestId('csv-preview');
    const error =
      '+918045678900 team already has a value from 2026-02-01T00:00:00.000Z; changes must be at or after it';
    collector.failures.set('/api/v1/tags/import', {
      status: 409,
      data: {
        error: `row 2: ${error} (nothing was written)`,
        errors: [{ row: 2, error: `${error} (nothing was written)` }],
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply 1 change(s)' }));
    expect(await screen.findByText('Import failed: nothing was saved')).toBeInTheDocument();
    expect(screen.getByTestId('csv-errors')).toHaveTextContent(/2.*already has a value from 2026-02-01/);
    expect(screen.getByTestId('target-+918045678900')).toHaveTextContent('team=support');
  });

  it('says clearly when the collector cannot be reached', async () => {
    collector.failures.set('/api/v1/exophones', { status: 502, data: { message: 'Bad Gateway' } });
    render(<ConfigEditor options={settings()} onOptionsChange={jest.fn()} />);
    expect(await screen.findByText(/cannot reach the collector \(HTTP 502\)/)).toBeInTheDocument();
  });
});
