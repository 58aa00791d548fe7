import { V1_CALL_DETAILS } from '../../test/fixtures/documentedCalls';
import { compactableLegs, durationsLiteral, legDurations, legsFromDurations } from './legDurations';

describe('legs stored as their durations', () => {
  const documented = V1_CALL_DETAILS.Details!.Legs as unknown[];

  it("takes Exotel's documented legs as their durations and gives them back", () => {
    expect(legDurations(documented)).toEqual([21, 8]);
    expect(legsFromDurations([21, 8])).toEqual(documented);
    expect(compactableLegs(documented)).toEqual(documented);
    expect(legDurations([{ Leg: { Id: 1, OnCallDuration: null } }])).toEqual([null]);
    expect(legDurations([])).toEqual([]);
    expect(legDurations(null)).toBeNull();
  });

  it.each([
    ['a duration as text', [{ Leg: { Id: 1, OnCallDuration: '21' } }]],
    ['a fraction', [{ Leg: { Id: 1, OnCallDuration: 2.5 } }]],
    ['beyond integer', [{ Leg: { Id: 1, OnCallDuration: 2 ** 31 } }]],
    ['no duration', [{ Leg: { Id: 1 } }]],
    ['another field', [{ Leg: { Id: 1, OnCallDuration: 21, Status: 'completed' } }]],
    ['a field beside Leg', [{ Leg: { Id: 1, OnCallDuration: 21 }, Id: 1 }]],
    ['Ids not from 1', [{ Leg: { Id: 2, OnCallDuration: 8 } }]],
    ['an Id as text', [{ Leg: { Id: '1', OnCallDuration: 8 } }]],
    ['a leg that is not an object', [null, 3]],
  ])('leaves legs with %s to the payload rest', (_, legs) => {
    expect(legDurations(legs)).toBeNull();
    expect(compactableLegs(legs)).toBeNull();
  });

  it('writes the durations as a PostgreSQL integer[] literal', () => {
    expect(durationsLiteral([21, null, -1])).toBe('{21,NULL,-1}');
    expect(durationsLiteral([])).toBe('{}');
    expect(durationsLiteral(null)).toBeNull();
  });
});
