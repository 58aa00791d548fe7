import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { fakeTemplateSrv, instanceSettings } from '../testing/settings';
import type { ExoVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

let collector: FakeCollector;
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector }));

beforeEach(() => {
  collector = fakeCollector();
});

function setup(query: ExoVariableQuery) {
  const onChange = jest.fn();
  const datasource = new DataSource(instanceSettings(), fakeTemplateSrv({}));
  render(<VariableQueryEditor datasource={datasource} query={query} onChange={onChange} onRunQuery={jest.fn()} />);
  return onChange;
}

describe('VariableQueryEditor', () => {
  it('switches what the variable lists', async () => {
    const onChange = setup({ refId: 'v', kind: 'tagKeys' });
    fireEvent.click(screen.getByTestId('variable-kind'));
    fireEvent.click(await screen.findByRole('option', { name: /^ExoPhones/ }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'v', kind: 'exophones', key: undefined });
  });

  it('chooses the key of a tag values variable from the collector’s keys', async () => {
    const onChange = setup({ refId: 'v', kind: 'tagValues' });
    fireEvent.click(screen.getByTestId('variable-key'));
    fireEvent.click(await screen.findByRole('option', { name: /^region/ }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'v', kind: 'tagValues', key: 'region' });
  });
});
