import { describe, expect, it } from 'vitest';
import { parseDateInput, parseDateTimeInput, parseInstant, parseIsoDate, parseTimeOfDay } from './parse.js';

const iso = (text: string) => {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.instant.toISOString();
};
const refusal = (text: string) => {
  const parsed = parseInstant(text);
  if (parsed.ok) throw new Error(`${text} was accepted as ${parsed.instant.toISOString()}`);
  return parsed.message;
};

describe('the one time rule', () => {
  it('reads a wall-clock time as London time, in summer and in winter', () => {
    expect(iso('2026-04-20T09:00')).toBe('2026-04-20T08:00:00.000Z');
    expect(iso('2026-04-20 09:00')).toBe('2026-04-20T08:00:00.000Z');
    expect(iso('2026-01-20T09:00')).toBe('2026-01-20T09:00:00.000Z');
    expect(iso('2026-04-20T10:00:00')).toBe('2026-04-20T09:00:00.000Z');
  });

  it('honours an offset or Z exactly', () => {
    expect(iso('2026-04-20T09:00Z')).toBe('2026-04-20T09:00:00.000Z');
    expect(iso('2026-04-20T09:00:00+01:00')).toBe('2026-04-20T08:00:00.000Z');
    expect(iso('2026-04-20T09:00:00.250-05:00')).toBe('2026-04-20T14:00:00.250Z');
  });

  it('refuses days that do not exist instead of rolling them over', () => {
    expect(refusal('2026-02-30T09:00')).toMatch(/February 2026 has 28 days/);
    expect(refusal('2026-11-31 09:00')).toMatch(/November 2026 has 30 days/);
    expect(refusal('2026-13-01T09:00')).toMatch(/month/);
    expect(iso('2028-02-29T12:00')).toBe('2028-02-29T12:00:00.000Z');
  });

  it('refuses partial strings and numbers', () => {
    for (const text of ['1', '0', '2026', '2026-04', '2026-04-20', '2026-04-20T9:00', '20/04/2026 09:00', '', 'tomorrow']) {
      expect(refusal(text)).toMatch(/YYYY-MM-DDTHH:mm/);
    }
  });

  it('refuses a London time skipped when the clocks go forward, naming the change', () => {
    expect(refusal('2026-03-29T01:30')).toMatch(/did not happen.*clocks went forward/);
    expect(iso('2026-03-29T00:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(iso('2026-03-29T02:00')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('refuses a London time that happens twice unless the offset says which', () => {
    expect(refusal('2026-10-25T01:30')).toMatch(/happened twice.*2026-10-25T01:30\+01:00/);
    expect(iso('2026-10-25T01:30+01:00')).toBe('2026-10-25T00:30:00.000Z');
    expect(iso('2026-10-25T01:30+00:00')).toBe('2026-10-25T01:30:00.000Z');
    expect(iso('2026-10-25T00:59')).toBe('2026-10-24T23:59:00.000Z');
    expect(iso('2026-10-25T02:00')).toBe('2026-10-25T02:00:00.000Z');
  });

  it('gives examples in its messages that it accepts itself', () => {
    const message = refusal('nonsense');
    for (const example of message.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?:[+-]\d{2}:\d{2})?/g) ?? []) expect(parseInstant(example).ok).toBe(true);
    const gap = refusal('2026-03-29T01:30');
    for (const example of gap.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g) ?? []) expect(parseInstant(example).ok).toBe(true);
  });
});

describe('dates and form inputs', () => {
  it('reads YYYY-MM-DD only when the day exists', () => {
    expect(parseIsoDate('2026-04-20')).toEqual({ ok: true, date: '2026-04-20' });
    expect(parseIsoDate('2026-02-29').ok).toBe(false);
    expect(parseIsoDate('2026-4-20').ok).toBe(false);
  });

  it('reads the GOV.UK date input and says which part is missing', () => {
    expect(parseDateInput({ day: '3', month: '4', year: '2026' })).toEqual({ ok: true, date: '2026-04-03' });
    expect(parseDateInput({ day: '', month: '4', year: '2026' }, 'the date of birth')).toEqual({ ok: false, message: 'The date of birth must include a day' });
    expect(parseDateInput({ day: '31', month: '4', year: '2026' }).ok).toBe(false);
  });

  it('reads a 24-hour time box and the date input together as London time', () => {
    expect(parseTimeOfDay('9:30')).toEqual({ ok: true, time: '09:30' });
    expect(parseTimeOfDay('2130')).toEqual({ ok: true, time: '21:30' });
    expect(parseTimeOfDay('9:30pm').ok).toBe(false);
    expect(parseTimeOfDay('24:00').ok).toBe(false);
    const parsed = parseDateTimeInput({ day: '20', month: '4', year: '2026', time: '09:00' });
    expect(parsed.ok && parsed.instant.toISOString()).toBe('2026-04-20T08:00:00.000Z');
  });
});
