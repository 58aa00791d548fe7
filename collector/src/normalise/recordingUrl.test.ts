import { exotelRecordingUrl, recordingUrl, storedRecordingUrl } from './recordingUrl';

// A published link (a public project's sample of an Exotel recording): account aviga1, a 32-hex Sid.
const PUBLISHED =
  'https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/aviga1/bae15c97eb96a712a492bae55fc6181e.mp3';

describe('the stored recording link', () => {
  it("is '' for the call's own recording, and the link comes back whole", () => {
    expect(exotelRecordingUrl('aviga1', 'bae15c97eb96a712a492bae55fc6181e')).toBe(PUBLISHED);
    const stored = storedRecordingUrl(PUBLISHED, 'aviga1', 'bae15c97eb96a712a492bae55fc6181e');
    expect(stored).toBe('');
    expect(recordingUrl(stored, 'aviga1', 'bae15c97eb96a712a492bae55fc6181e')).toBe(PUBLISHED);
  });

  it.each([
    ["another call's recording", 'bae15c97eb96a712a492bae55fc6181f'],
    ['another account', 'bae15c97eb96a712a492bae55fc6181e', 'aviga2'],
  ])('keeps the link whole for %s', (_, sid, account = 'aviga1') => {
    expect(storedRecordingUrl(PUBLISHED, account, sid)).toBe(PUBLISHED);
    expect(recordingUrl(PUBLISHED, account, sid)).toBe(PUBLISHED);
  });

  it.each([
    ['a signed link', `${PUBLISHED}?X-Amz-Signature=deadbeef`],
    ['plain http', PUBLISHED.replace('https:', 'http:')],
    ['another region', PUBLISHED.replace('ap-southeast-1', 'ap-south-1')],
    ['an elided documented example', 'https://s3-ap-southeast-1.amazonaws.com/.../recording.mp3'],
  ])('keeps %s whole', (_, url) => {
    expect(storedRecordingUrl(url, 'aviga1', 'bae15c97eb96a712a492bae55fc6181e')).toBe(url);
  });

  it('keeps no recording as null', () => {
    expect(storedRecordingUrl(null, 'aviga1', 'x')).toBeNull();
    expect(recordingUrl(null, 'aviga1', 'x')).toBeNull();
  });
});
