import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.js';
import { instantOf } from '../../platform/time/parse.js';
import { BASE } from '../../../test/support/base-data.js';
import { anApprovedAmhp } from '../../../test/support/builders/assessment-builders.js';
import { aShift, dutyLead, referralForTest } from '../../../test/support/builders/duty-builders.js';
import { aReferral } from '../../../test/support/builders/referral-builders.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { signedInBrowser } from '../../../test/support/http-client.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { testClock } from '../../../test/support/test-clock.js';

// The SITREP of a hand-built day, Thursday 12 March 2026, whose answers are written here:
//
// - 08:30 AMHP-A from the crisis team, allocated to Ava. Doctor asked for at 09:00, arrived
//   10:15 (a 1 h 15 min wait); bed asked for at 10:30, confirmed 14:00 (a 3 h 30 min wait). Ava
//   records informal admission at 15:00, giving "section 12 doctor" as the cause of delay.
//   Both waits are delays: Bed 1, Section 12 doctor 1 (issue 12 item 5: not one "main cause").
// - 10:00 AMHP-C from a mental health in-patient ward: still open, not allocated.
// - 11:00 an old referral (received 20 February) is closed after a decision not to proceed:
//   not an assessment completed.
// - Rota: Ava on the daytime duty; Ben off sick, Cara his back-up.
//
// So: received 2 (crisis team, in-patient ward, in words); assessments completed 1 (informal
// admission); delays 2; pending 2 (AMHP-A awaiting closure, AMHP-C unallocated); staffing Ava and
// Cara on duty, Ben sick, Cara covering for Ben; no open handovers.

const DAY = '2026-03-12';
let t: TestApp;
let clock: ManualClock;
let lead: TestPerson;
let manager: TestPerson;
let assessed: { id: string; reference: string };
let inpatient: { id: string; reference: string };
let notProceeding: { id: string; reference: string };

beforeAll(async () => {
  clock = testClock(`${DAY}T08:00`);
  t = await createTestApp({ template: 'base', clock });
  const s = t.services;
  lead = await dutyLead(s);
  manager = await aPerson('Meg Manager').withRoles('operational_manager').inTeam('daytime').build(s);
  const ava = await anApprovedAmhp('Ava Amhp').build(s);
  const ben = await anApprovedAmhp('Ben Backup').build(s);
  const cara = await anApprovedAmhp('Cara Cover').build(s);
  await aShift(ava).on(DAY).build(s);
  const benShift = await aShift(ben).on(DAY).build(s);
  await s.duty.rota.recordSickness(manager.ctx, benShift.id, { backupPersonId: cara.id, note: null });

  clock.set(instantOf(`${DAY}T08:40`));
  assessed = await aReferral({ sourceType: 'crisis_team' }).received(`${DAY}T08:30`).decided(lead).allocatedTo(ava).build(s);
  clock.set(instantOf(`${DAY}T10:05`));
  inpatient = await aReferral({ sourceType: 'mental_health_inpatient_ward' }).received(`${DAY}T10:00`).build(s);
  clock.set(instantOf(`${DAY}T11:00`));
  notProceeding = await referralForTest(s, { receivedAt: '2026-02-20T10:00', decidedBy: lead, notProceeding: true, closed: true });

  clock.set(instantOf(`${DAY}T14:30`));
  await s.assessments.addDoctor(ava.ctx, assessed.id, {
    name: 'Dr Rhiannon Vale',
    gmcNumber: undefined,
    s12Approved: true,
    approvedClinician: false,
    previousAcquaintance: false,
    requestedAt: instantOf(`${DAY}T09:00`),
    arrivedAt: instantOf(`${DAY}T10:15`),
    examinedAt: instantOf(`${DAY}T10:30`),
    signedAt: null,
    jointOrSeparate: undefined,
  } as never);
  const record = await s.assessments.getRecord(ava.ctx, assessed.id, { audit: false });
  await s.assessments.saveResource(ava.ctx, assessed.id, 'bed', { requestedAt: instantOf(`${DAY}T10:30`), arrivedAt: instantOf(`${DAY}T14:00`), requestedBy: undefined, provider: undefined, detail: undefined, version: record.version } as never);
  clock.set(instantOf(`${DAY}T15:00`));
  const now = await s.assessments.getRecord(ava.ctx, assessed.id, { audit: false });
  await s.assessments.recordOutcome(ava.ctx, assessed.id, {
    outcome: 'informal_admission',
    version: now.version,
    hospitalName: 'Elmbridge Lodge',
    admittedAt: instantOf(`${DAY}T14:45`),
    delayCause: 'section_12_doctor',
    delayNote: undefined,
    outcomeReason: undefined,
  } as never);
  clock.set(instantOf(`${DAY}T17:30`));
}, 240_000);
afterAll(async () => t.close());

describe('the SITREP of a hand-built day', () => {
  it('has the figures of the day, and the PDF and the plain text say the same', async () => {
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const text = (await browser.get(`/duty/sitrep/${DAY}/text`)).body;
    const lines = text.split('\n');

    expect(lines).toContain('Referrals received:      2');
    expect(lines).toContain('Assessments completed:   1');
    expect(lines).toContain('Work pending:            2 (1 unallocated)');
    expect(lines).toContain('Delays recorded:         2');
    expect(lines).toContain('Open handovers:          0 (0 overdue)');
    // Sources in words, never codes.
    expect(text).toContain(`- 08:30 ${assessed.reference} from Crisis resolution and home treatment team`);
    expect(text).toContain(`- 10:00 ${inpatient.reference} from Mental health in-patient ward`);
    expect(text).not.toMatch(/mental_health_inpatient_ward|crisis_team|section_12_doctor/);
    // The one assessment; the closure without an assessment is not one.
    expect(text).toContain('- Informal admission: 1');
    expect(text).toContain(`- 15:00 ${assessed.reference}: Informal admission`);
    expect(text).not.toContain(notProceeding.reference);
    // Every derived wait counts: the bed wait as well as the section 12 doctor.
    expect(lines).toContain('DELAYS BY CAUSE: 2');
    expect(lines).toContain('- Bed: 1 (3 h 30 min in all)');
    expect(lines).toContain('- Section 12 doctor: 1 (1 h 15 min in all)');
    // Staffing: the sick AMHP is not on duty; the back-up is.
    expect(lines).toContain('On duty (daytime): Ava Amhp, Cara Cover');
    expect(lines).toContain('Sick: Ben Backup (daytime)');
    expect(lines).toContain('Back-up used: Cara Cover for Ben Backup');
    expect(lines.every((line) => line.length <= 80)).toBe(true);

    const pdf = await browser.get(`/duty/sitrep/${DAY}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const fromPdf = await pdfText(pdf.rawPayload);
    // The PDF is the plain text, line for line (whitespace apart).
    expect(fromPdf).toBe(text.replace(/\s+/g, ' ').trim());
    for (const figure of ['Referrals received: 2', 'Assessments completed: 1', 'Delays recorded: 2', 'Bed: 1 (3 h 30 min in all)', 'Section 12 doctor: 1 (1 h 15 min in all)', 'Sick: Ben Backup (daytime)']) {
      expect(fromPdf).toContain(figure);
    }
  });
});
