import { adhocKeys, exophoneValues, fixedValues, tagKeyValues, tagValueValues } from './values';

describe('variable values', () => {
  it('lists tag keys and values', () => {
    expect(tagKeyValues([{ key: 'team', targets: 3, values: 2 }])).toEqual([{ text: 'team', value: 'team' }]);
    expect(tagValueValues([{ value: 'sales', targetsNow: 2 }])).toEqual([{ text: 'sales', value: 'sales' }]);
  });

  it('labels ExoPhones with name and region but keeps the number as value', () => {
    expect(
      exophoneValues([
        { number: '+918045678900', name: 'Support line', region: 'KA' },
        { number: '+912212345678', name: null, region: null },
      ])
    ).toEqual([
      { text: '+918045678900 (Support line, KA)', value: '+918045678900' },
      { text: '+912212345678', value: '+912212345678' },
    ]);
  });

  it('offers built-in dimensions before tag keys for ad hoc filters', () => {
    expect(adhocKeys([{ key: 'team', targets: 1, values: 1 }]).map((v) => v.text)).toEqual([
      'exophone',
      'agent',
      'flow',
      'direction',
      'period',
      'status',
      'team',
    ]);
  });

  it('knows the fixed values of direction, status and period', () => {
    expect(fixedValues('direction')?.map((v) => v.value)).toEqual(['inbound', 'outbound-dial', 'outbound-api']);
    expect(fixedValues('status')).toHaveLength(5);
    expect(fixedValues('period')?.map((v) => v.value)).toEqual(['business_hours', 'after_hours', 'holiday']);
    expect(fixedValues('team')).toBeNull();
  });
});
