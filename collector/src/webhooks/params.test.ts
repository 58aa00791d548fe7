import { WebhookInputError } from '../inputError';
import { addEncodedParams, addJsonParams } from './params';

describe('webhook parameters', () => {
  it('decodes + as space, keeps the first of repeated names and a __proto__ name as plain data', () => {
    const params = addEncodedParams('a=1+2&a=3&__proto__=x', {});
    expect(params.a).toBe('1 2');
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.keys(params)).toEqual(['a', '__proto__']);
  });

  it('refuses what PostgreSQL could not store and what passes the limits', () => {
    expect(() => addEncodedParams('a=%00', {})).toThrow(WebhookInputError);
    expect(() => addJsonParams({ a: 'x\ud800' }, {})).toThrow(/invalid Unicode/);
    expect(() => addEncodedParams(`a=${'x'.repeat(9000)}`, {})).toThrow(/longer than/);
    expect(() => addEncodedParams(Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&'), {})).toThrow(
      /more than/,
    );
    expect(() => addJsonParams({ nested: { a: 1 } }, {})).toThrow(/must be text/);
    expect(() => addJsonParams([1, 2], {})).toThrow(/object/);
  });

  it('turns JSON scalars into text and skips nulls', () => {
    expect(addJsonParams({ CallSid: 'c1', DialCallDuration: 12, ok: true, none: null }, {})).toEqual({
      CallSid: 'c1',
      DialCallDuration: '12',
      ok: 'true',
    });
  });
});
