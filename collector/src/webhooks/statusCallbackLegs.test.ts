import { statusCallbackLegs, wholeSeconds } from './statusCallbackLegs';

// The documented legs: https://developer.exotel.com/docs/voice-v1/api-reference/status-callback ("Leg Information").
const DOCUMENTED_LEGS = [
  { OnCallDuration: 41, Status: 'completed', AnsweredBy: 'NA' },
  { OnCallDuration: 32, Status: 'completed', AnsweredBy: 'HUMAN' },
];

describe('statusCallbackLegs', () => {
  it('reads the documented JSON array as sent', () => {
    expect(statusCallbackLegs({ Legs: DOCUMENTED_LEGS })).toEqual(DOCUMENTED_LEGS);
  });

  it('reads the same legs from form keys Legs[i][Field], in index order, durations as numbers', () => {
    const form = {
      'Legs[1][OnCallDuration]': '32',
      'Legs[1][Status]': 'completed',
      'Legs[1][AnsweredBy]': 'HUMAN',
      'Legs[0][OnCallDuration]': '41',
      'Legs[0][Status]': 'completed',
      'Legs[0][AnsweredBy]': 'NA',
    };
    expect(statusCallbackLegs(form)).toEqual(DOCUMENTED_LEGS);
  });

  it('reads the array as JSON text in one form field', () => {
    expect(statusCallbackLegs({ Legs: JSON.stringify(DOCUMENTED_LEGS) })).toEqual(DOCUMENTED_LEGS);
  });

  it('reads the bulk API form {"Leg": {...}} and leaves unreadable values null', () => {
    expect(
      statusCallbackLegs({ Legs: [{ Leg: { Id: 1, OnCallDuration: '21' } }, { OnCallDuration: -3 }] }),
    ).toEqual([
      { OnCallDuration: 21, Status: null, AnsweredBy: null },
      { OnCallDuration: null, Status: null, AnsweredBy: null },
    ]);
  });

  it('is null when the body has no legs (the default callback) or unreadable ones', () => {
    expect(statusCallbackLegs({ CallSid: 'c1' })).toBeNull();
    expect(statusCallbackLegs({ Legs: '[not json' })).toBeNull();
  });

  it('bounds the legs a body can make it build', () => {
    const many = Array.from({ length: 100 }, () => ({ Status: 'busy' }));
    expect(statusCallbackLegs({ Legs: many })).toHaveLength(32);
    expect(statusCallbackLegs({ 'Legs[99][Status]': 'busy' })).toBeNull();
  });
});

describe('wholeSeconds', () => {
  it('takes integers and digit text, nothing else', () => {
    expect([wholeSeconds(320), wholeSeconds('17'), wholeSeconds(' 5 ')]).toEqual([320, 17, 5]);
    expect([wholeSeconds(1.5), wholeSeconds('1.5'), wholeSeconds(''), wholeSeconds(null)]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
