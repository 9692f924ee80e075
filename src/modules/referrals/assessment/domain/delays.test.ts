import { describe, expect, it } from 'vitest';
import { at } from '../../../../../test/support/builders/assessment-facts-builders.js';
import { DELAY_CAUSES, deriveWaits, suggestDelayCause, summariseDoctorContacts } from './delays.js';
import type { WaitInputs } from './delays.js';

const inputs: WaitInputs = {
  doctors: [
    { label: 'Dr Marchbank (s12)', requestedAt: at('2026-03-10 09:00'), arrivedAt: at('2026-03-10 13:00') },
    { label: 'Dr Fenwright (GP)', requestedAt: at('2026-03-10 09:05'), arrivedAt: at('2026-03-10 10:20') },
  ],
  bed: { requestedAt: at('2026-03-10 14:00'), arrivedAt: at('2026-03-10 19:45') },
  ambulance: { requestedAt: at('2026-03-10 19:50'), arrivedAt: null },
  police: null,
  interpreter: { requestedAt: at('2026-03-10 09:00'), arrivedAt: at('2026-03-10 08:59') },
};

describe('waits from the recorded times', () => {
  const waits = deriveWaits(inputs, at('2026-03-10 21:05'));

  it('works out each doctor wait', () => {
    expect(waits[0]).toMatchObject({ resource: 'doctor', label: 'Dr Marchbank (s12)', state: 'complete', minutes: 240, text: '4 h' });
    expect(waits[1]).toMatchObject({ resource: 'doctor', minutes: 75, text: '1 h 15 min' });
  });
  it('works out the bed wait from request to confirmation', () => {
    expect(waits.find((w) => w.resource === 'bed')).toMatchObject({ state: 'complete', minutes: 345 });
  });
  it('shows an ongoing wait up to now', () => {
    expect(waits.find((w) => w.resource === 'ambulance')).toMatchObject({ state: 'ongoing', minutes: 75, text: 'Still waiting: 1 h 15 min so far' });
    expect(deriveWaits(inputs).find((w) => w.resource === 'ambulance')).toMatchObject({ state: 'ongoing', minutes: null, text: 'Still waiting' });
  });
  it('says when something was not requested', () => {
    expect(waits.find((w) => w.resource === 'police')).toMatchObject({ state: 'not_requested', minutes: null });
  });
  it('flags arrival before request rather than showing a negative wait', () => {
    expect(waits.find((w) => w.resource === 'interpreter')).toMatchObject({ state: 'times_inconsistent', minutes: null });
  });
  it('counts a zero wait when arrival equals request', () => {
    expect(deriveWaits({ ...inputs, police: { requestedAt: at('2026-03-10 10:00'), arrivedAt: at('2026-03-10 10:00') } }).find((w) => w.resource === 'police')).toMatchObject({ state: 'complete', minutes: 0, text: '0 min' });
  });
  it('measures real minutes across the spring clock change', () => {
    const overnight = deriveWaits({ doctors: [{ label: 'Dr Q', requestedAt: at('2026-03-29 00:30'), arrivedAt: at('2026-03-29 03:30') }], bed: null, ambulance: null, police: null, interpreter: null });
    expect(overnight[0]?.minutes).toBe(120);
  });
});

describe('delay causes', () => {
  it('is the fixed list, in order', () => {
    expect(DELAY_CAUSES.map((c) => c.code)).toEqual(['section_12_doctor', 'bed', 'conveyance', 'police', 'interpreter', 'information', 'other']);
  });
  it('suggests the cause of the longest wait', () => {
    expect(suggestDelayCause(deriveWaits(inputs, at('2026-03-10 21:05')))).toBe('bed');
    expect(suggestDelayCause(deriveWaits(inputs, at('2026-03-11 03:00')))).toBe('conveyance');
    expect(suggestDelayCause(deriveWaits({ doctors: [], bed: null, ambulance: null, police: null, interpreter: null }))).toBeNull();
  });
});

describe('doctor contact log', () => {
  it('summarises the calls as evidence of a section 12 delay', () => {
    const summary = summariseDoctorContacts([
      { calledAt: at('2026-03-10 09:40'), doctorName: 'Dr Ilsa Brandt', s12Approved: true, result: 'declined' },
      { calledAt: at('2026-03-10 09:00'), doctorName: 'Dr Ilsa Brandt', s12Approved: true, result: 'no_answer' },
      { calledAt: at('2026-03-10 09:20'), doctorName: 'Dr Kwame Oduya', s12Approved: false, result: 'available' },
      { calledAt: at('2026-03-10 11:15'), doctorName: 'Dr Alys Marchbank', s12Approved: true, result: 'available' },
      { calledAt: at('2026-03-10 10:30'), doctorName: 'Dr Seren Pike', s12Approved: true, result: 'left_message' },
    ]);
    expect(summary).toEqual({
      calls: 5,
      distinctDoctors: 4,
      declined: 1,
      unanswered: 2,
      firstCallAt: at('2026-03-10 09:00'),
      firstS12AvailableAt: at('2026-03-10 11:15'),
      minutesToFindS12: 135,
    });
  });
  it('has nothing to say about an empty log', () => {
    expect(summariseDoctorContacts([])).toMatchObject({ calls: 0, firstCallAt: null, minutesToFindS12: null });
  });
});
