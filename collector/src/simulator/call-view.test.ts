import { displayedStatus, END_TIME_PLACEHOLDER, isSettled, isVisible } from './call-view';
import { resolveOptions } from './options';
import { SimulatedAccount } from './simulated-account';
import { SLOT_MS } from './traffic';
import type { SimCall } from './sim-call';

const sim = new SimulatedAccount(resolveOptions({ callsPerDay: 5000, provisionalStatusFraction: 0.5 }));
const slot = Math.floor(Date.parse('2025-02-03T06:00:00Z') / SLOT_MS);
const calls: SimCall[] = [];
for (let s = slot; s < slot + 60; s++) calls.push(...sim.traffic.slotCalls(s));

describe('call view', () => {
  it('renders every field like the Exotel docs, in account-local time', () => {
    const call = calls.find((c) => c.status === 'completed' && c.leg2Status === 'completed')!;
    const shown = sim.renderer.renderFinal(call);
    expect(shown.Sid).toMatch(/^[0-9a-f]{32}$/);
    expect(shown.DateCreated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(shown.DateCreated.replace(' ', 'T') + '+05:30')).toBe(call.createdMs);
    expect(shown.StartTime).toBe(shown.DateCreated);
    expect(Date.parse(shown.EndTime!.replace(' ', 'T') + '+05:30')).toBe(call.endMs);
    expect(Number(shown.Duration)).toBe(call.durationSec);
    expect(shown.AccountSid).toBe('exowatchdemo');
    expect(shown.Uri).toBe(`/v1/Accounts/exowatchdemo/Calls/${call.sid}.json`);
    expect(shown.RecordingUrl).toMatch(/^https:\/\/.+\.mp3$/);
    expect(shown.AnsweredBy).toBeNull();
    expect(shown.PhoneNumberSid).toBe(call.exophone.national);
    expect(shown).not.toHaveProperty('PhoneNumber');
    expect(shown.Details).toEqual({
      ConversationDuration: call.conversationSec,
      Leg1Status: 'completed',
      Leg2Status: 'completed',
      Legs: [
        { Leg: { Id: 1, OnCallDuration: call.durationSec } },
        { Leg: { Id: 2, OnCallDuration: call.conversationSec } },
      ],
    });
  });

  it('mixes number formats and string/number types, deterministically per call', () => {
    const shown = calls.map((call) => sim.renderer.renderFinal(call));
    expect(new Set(shown.map((c) => typeof c.Duration))).toEqual(new Set(['string', 'number']));
    expect(new Set(shown.map((c) => typeof c.Price))).toEqual(new Set(['string', 'number']));
    expect(shown.some((c) => typeof c.Price === 'string' && /^\d+\.\d{3}$/.test(c.Price))).toBe(true);
    const numbers = shown.flatMap((c) => [c.From, c.To, c.PhoneNumberSid]);
    expect(numbers.some((n) => /^0\d{10}$/.test(n!))).toBe(true);
    expect(numbers.some((n) => /^\+91\d{10}$/.test(n!))).toBe(true);
    expect(numbers.every((n) => /^(0|\+91)\d{10}$/.test(n!))).toBe(true);
    expect(calls.map((call) => sim.renderer.renderFinal(call))).toEqual(shown);
  });

  it('hides a call until it ends, shows it provisional until it settles, then final', () => {
    const candidates = calls.filter(
      (c) => c.showsProvisionalStatus && c.status === 'completed' && c.leg2Status === 'completed',
    );
    const call = candidates[0]!;
    expect(isVisible(call, call.endMs - 1000)).toBe(false);
    expect(sim.callAsOf(call.sid, call.endMs - 1000, true)).toBeNull();

    const provisional = sim.callAsOf(call.sid, call.endMs, true)!;
    expect(isSettled(call, call.endMs)).toBe(false);
    expect(provisional.Status).toBe('in-progress');
    expect(provisional.Details?.Leg2Status).toBe('in-progress');
    expect([null, '']).toContain(provisional.Duration);
    expect([null, '']).toContain(provisional.Price);
    expect(provisional.RecordingUrl).toBeNull();
    expect(provisional.EndTime).toBe(
      call.endTimePendingAsPlaceholder ? END_TIME_PLACEHOLDER : provisional.DateUpdated,
    );

    const settled = sim.callAsOf(call.sid, call.settledMs, true)!;
    expect(settled).toEqual(sim.renderer.renderFinal(call));
    expect(settled.Status).toBe('completed');
    expect(settled.DateUpdated).not.toBe(provisional.DateUpdated);
    expect(Date.parse(settled.DateUpdated!.replace(' ', 'T') + '+05:30')).toBe(call.settledMs);
  });

  it('shows ringing for unanswered calls before settling and keeps other calls final', () => {
    const noAnswer = calls.find((c) => c.showsProvisionalStatus && c.status === 'no-answer')!;
    expect(displayedStatus(noAnswer, noAnswer.endMs)).toBe('ringing');
    expect(displayedStatus(noAnswer, noAnswer.settledMs)).toBe('no-answer');
    const plain = calls.find((c) => !c.showsProvisionalStatus && c.status === 'completed')!;
    expect(displayedStatus(plain, plain.endMs)).toBe('completed');
    expect([null, '']).toContain(sim.callAsOf(plain.sid, plain.endMs, false)!.Duration);
  });

  it('sends Details only to a request that asked for them', () => {
    const call = calls.find((c) => c.leg2Status === 'completed')!;
    expect(sim.callAsOf(call.sid, call.settledMs, false)).not.toHaveProperty('Details');
    expect(sim.callAsOf(call.sid, call.settledMs, true)?.Details?.Leg2Status).toBe('completed');
  });

  it('shows EndTime as the 1970-01-01 05:30:00 placeholder for some unsettled calls, the end for others', () => {
    const pending = calls.map((c) => sim.callAsOf(c.sid, c.endMs, false)!.EndTime);
    expect(pending).toContain(END_TIME_PLACEHOLDER);
    expect(pending.some((t) => t !== END_TIME_PLACEHOLDER)).toBe(true);
    expect(calls.map((c) => sim.renderer.renderFinal(c).EndTime)).not.toContain(END_TIME_PLACEHOLDER);
  });
});
