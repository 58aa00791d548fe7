import { parseCallsPage, parseExoPhonesPage, parseJsonBody } from './envelope';
import { ExotelInvalidBodyError } from './errors';

describe('parseJsonBody', () => {
  it('parses JSON and calls a truncated body invalid', () => {
    expect(parseJsonBody('{"Calls":[]}')).toEqual({ Calls: [] });
    expect(() => parseJsonBody('{"Metadata":{"Total":10},"Calls":[{"Sid":"a"')).toThrow(
      ExotelInvalidBodyError,
    );
    expect(() => parseJsonBody('<html>502 Bad Gateway</html>')).toThrow(/body is not JSON/);
  });
});

describe('parseCallsPage', () => {
  it('keeps calls and the paging metadata', () => {
    const page = parseCallsPage({
      Metadata: {
        Total: 3,
        PageSize: 100,
        NextPageUri: '/v1/Accounts/a/Calls.json?After=x',
        FirstPageUri: '/x',
      },
      Calls: [{ Sid: 's1' }],
    });
    expect(page).toEqual({
      Metadata: { Total: 3, PageSize: 100, NextPageUri: '/v1/Accounts/a/Calls.json?After=x' },
      Calls: [{ Sid: 's1' }],
    });
  });

  it('accepts a page without Metadata as a last page', () => {
    expect(parseCallsPage({ Calls: [] })).toEqual({ Metadata: { NextPageUri: null }, Calls: [] });
  });

  it.each([
    null,
    [],
    { Call: {} },
    { Calls: {} },
    { Calls: [1] },
    { Calls: [], Metadata: { NextPageUri: 5 } },
  ])('rejects %p as an invalid body', (body) =>
    expect(() => parseCallsPage(body)).toThrow(ExotelInvalidBodyError),
  );
});

describe('parseExoPhonesPage', () => {
  it('keeps items and next_page_uri', () => {
    const item = { sid: '011X1', phone_number: '+918069891522', region: 'KA', friendly_name: 'Sales' };
    expect(parseExoPhonesPage({ incoming_phone_numbers: [item], next_page_uri: null })).toEqual({
      incoming_phone_numbers: [item],
      next_page_uri: null,
    });
  });

  it('rejects items without sid or phone_number', () => {
    expect(() => parseExoPhonesPage({ incoming_phone_numbers: [{ sid: 'x' }] })).toThrow(
      ExotelInvalidBodyError,
    );
  });
});
