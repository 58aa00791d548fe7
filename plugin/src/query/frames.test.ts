import { FieldType, getFieldDisplayName } from '@grafana/data';

import type { CollectorFrame } from '@exowatch/contract';
import { renderLegend, toDataFrame } from './frames';

const pickup: CollectorFrame = {
  name: 'pickup_rate',
  refId: 'A',
  fields: [
    { name: 'time', type: 'time', values: [1000, 2000] },
    {
      name: 'pickup_rate',
      type: 'number',
      labels: { team: 'sales' },
      config: { unit: 'percentunit', custom: { role: 'value' } },
      values: [0.5, null],
    },
    {
      name: 'answered',
      type: 'number',
      labels: { team: 'sales' },
      config: { custom: { role: 'numerator' } },
      values: [1, 0],
    },
    {
      name: 'offered',
      type: 'number',
      labels: { team: 'sales' },
      config: { custom: { role: 'denominator' } },
      values: [2, 0],
    },
  ],
  meta: {
    notices: [{ severity: 'info', text: 'talk-time AHT' }],
    custom: { interval: '5m', timeZone: 'Asia/Kolkata', unit: 'percentunit' },
  },
};

describe('toDataFrame', () => {
  it('keeps time and value fields with types, labels and units', () => {
    const frame = toDataFrame(pickup, { refId: 'A', metric: 'pickup_rate' });
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(2);
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', FieldType.time],
      ['pickup_rate', FieldType.number],
    ]);
    expect(frame.fields[1].labels).toEqual({ team: 'sales' });
    expect(frame.fields[1].config.unit).toBe('percentunit');
    expect(frame.fields[1].values).toEqual([0.5, null]);
    expect(frame.meta?.notices).toEqual([{ severity: 'info', text: 'talk-time AHT' }]);
    expect(frame.meta?.custom).toEqual({ interval: '5m', timeZone: 'Asia/Kolkata', unit: 'percentunit' });
  });

  it('keeps numerators and denominators on request', () => {
    const frame = toDataFrame(pickup, {
      refId: 'A',
      metric: 'pickup_rate',
      includeCounts: true,
      legendFormat: '{{team}}',
    });
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'pickup_rate', 'answered', 'offered']);
    expect(frame.fields[2].config).toEqual({ unit: 'short', displayNameFromDS: 'sales answered' });
  });

  it('names series from the legend format', () => {
    const frame = toDataFrame(pickup, { refId: 'A', metric: 'pickup_rate', legendFormat: '{{metric}} of {{team}}' });
    expect(getFieldDisplayName(frame.fields[1], frame)).toBe('pickup_rate of sales');
  });

  it('converts string (state) fields', () => {
    const state: CollectorFrame = {
      name: 'health_state',
      fields: [
        { name: 'time', type: 'time', values: [1] },
        { name: 'health_state', type: 'string', labels: { direction: 'incoming' }, values: ['affected'] },
      ],
    };
    expect(toDataFrame(state, { refId: 'B', metric: 'health_state' }).fields[1].type).toBe(FieldType.string);
  });
});

describe('renderLegend', () => {
  it('fills labels, the metric name, and empties unknown labels', () => {
    expect(renderLegend('{{ team }}/{{direction}}/{{nope}}/{{metric}}', { team: 's', direction: 'in' }, 'calls')).toBe(
      's/in//calls'
    );
  });
});
