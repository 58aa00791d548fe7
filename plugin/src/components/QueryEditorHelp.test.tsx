import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';

import { DataSource } from '../datasource';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { fakeTemplateSrv, instanceSettings } from '../testing/settings';
import { QueryEditorHelp } from './QueryEditorHelp';

let collector: FakeCollector;
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector }));

describe('QueryEditorHelp', () => {
  it('lists the KPI definitions and uses one as an example', async () => {
    collector = fakeCollector();
    const onClickExample = jest.fn();
    render(
      <QueryEditorHelp
        datasource={new DataSource(instanceSettings(), fakeTemplateSrv({}))}
        query={{ refId: 'A', metric: 'calls' }}
        onClickExample={onClickExample}
      />
    );
    const pickup = await screen.findByTestId('help-pickup_rate');
    expect(pickup).toHaveTextContent('Share of offered calls that an agent answered.');
    expect(pickup).toHaveTextContent('answered ÷ offered');
    fireEvent.click(within(pickup).getByRole('button', { name: 'Use' }));
    expect(onClickExample).toHaveBeenCalledWith({ refId: 'A', metric: 'pickup_rate' });
  });
});
