import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../journal/journal';
import { encodeRecord } from '../webhooks/record';
import { journalMentions, mentionsNumber } from './journalScan';
import { writtenForms } from './number';

const NUMBER = '+919901320691';
const FORMS = writtenForms(NUMBER);

describe('finding a number in webhook journal records', () => {
  it('finds it in any written form, at any depth, and nothing else', () => {
    expect(mentionsNumber({ input: { CallFrom: '09901320691' } }, NUMBER, FORMS)).toBe(true);
    expect(mentionsNumber({ input: { From: '+91 99013 20691' } }, NUMBER, FORMS)).toBe(true);
    expect(mentionsNumber({ input: { Legs: [{ To: '9901320691' }] } }, NUMBER, FORMS)).toBe(true);
    expect(mentionsNumber({ input: { CallFrom: '09901320692', n: 9901320691 } }, NUMBER, FORMS)).toBe(false);
  });

  it('counts the journal files and records that hold it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exowatch-privacy-journal-'));
    try {
      expect(await journalMentions(join(dir, 'absent'), NUMBER, FORMS)).toEqual({ events: 0, files: [] });
      const journal = await Journal.open({ dir });
      // Passthru parameters in the formats of the 2024 Passthru query string (exotel-api.md §3.2).
      const passthru = (from: string) =>
        encodeRecord({
          route: 'passthru',
          accountSid: 'acme',
          receivedAt: Date.UTC(2026, 0, 5),
          input: { CallSid: 'c1', CallFrom: from, CallTo: '08069891522' },
        });
      await journal.append(passthru('09901320691'));
      await journal.append(passthru('09811111111'));
      await journal.append(passthru('09901320691'));
      const [file] = readdirSync(dir);
      expect(await journalMentions(dir, NUMBER, FORMS)).toEqual({ events: 2, files: [file] });
      await journal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
