import { Params } from './sql';

describe('Params', () => {
  it('hands out placeholders in order, with their casts', () => {
    const params = new Params();
    expect([params.add('a'), params.add(2, '::int')]).toEqual(['$1', '$2::int']);
    expect(params.values).toEqual(['a', 2]);
  });

  it('sends an array of instants as one literal of UTC ISO texts, and single instants as they are', () => {
    const params = new Params();
    const at = new Date('2026-10-24T18:30:00Z');
    params.add([at, new Date('2026-10-24T19:30:00.250Z')], '::timestamptz[]');
    params.add(at, '::timestamptz');
    params.add([], '::timestamptz[]');
    expect(params.values).toEqual(['{2026-10-24T18:30:00.000Z,2026-10-24T19:30:00.250Z}', at, []]);
  });
});
