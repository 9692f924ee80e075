// Demo assessment records for the demo referrals the intake half seeds as in assessment, outcome
// recorded or closed (after a decision to proceed). Everything is invented; times are relative
// to each referral's arrival and never after the clock's now.

import type { Kysely } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { Clock } from '../../../platform/clock.js';
import type { AssessmentReferralPort } from './assessment-port.js';
import { AssessmentRepository } from './assessment-repository.js';
import type { AssessmentDb } from './assessments-tables.js';

const MIN = 60_000;

const DOCTORS = [
  { name: 'Dr Helena Marsden', gmc: '7100231', s12: true, ac: true },
  { name: 'Dr Rafael Okonjo', gmc: '7100452', s12: true, ac: false },
  { name: 'Dr Bethan Crowle', gmc: '7100673', s12: false, ac: false },
  { name: 'Dr Sunil Varma', gmc: '7100894', s12: true, ac: false },
];
/** Knew the person before; signs in (doctor2@example.org): with Dr Marsden on the applications still open, so one has a form set both doctors signed in the app. */
const QURESHI = { name: 'Dr Imran Qureshi', gmc: '7101336', s12: true, ac: true };

type Plan = { outcome: 's2' | 's3' | 'informal_admission' | 'crht_home_treatment' | 'no_further_action'; hospital: string };
const OUTCOMES: Plan[] = [
  { outcome: 's2', hospital: 'Ashdown Hospital, Willow Ward' },
  { outcome: 'crht_home_treatment', hospital: '' },
  { outcome: 's3', hospital: 'Brackenford Hospital, Cedar Ward' },
  { outcome: 'informal_admission', hospital: 'Corrington Hospital, Oak Ward' },
  { outcome: 's2', hospital: 'Brackenford Hospital, Cedar Ward' },
  { outcome: 'no_further_action', hospital: '' },
];

export async function seedAssessmentsDemo(deps: { db: Kysely<AssessmentDb>; clock: Clock; referrals: AssessmentReferralPort }): Promise<void> {
  const repository = new AssessmentRepository();
  const now = deps.clock.now();
  const referrals = await deps.referrals.demoReferralsInAssessment();
  await inTransaction(deps.db, async (trx) => {
    for (const [index, referral] of referrals.entries()) {
      const start = referral.receivedAt.getTime();
      // Squeeze the timeline into the time available for recent referrals.
      const span = Math.min(8 * 60 * MIN, Math.max(40 * MIN, now.getTime() - start - 10 * MIN));
      const t = (fraction: number) => new Date(start + Math.round(span * fraction));
      const done = referral.status !== 'in_assessment';
      const plan = OUTCOMES[index % OUTCOMES.length]!;
      const application = done && (plan.outcome === 's2' || plan.outcome === 's3') ? plan.outcome : null;
      const a = await repository.ensure(trx, referral.id, t(0));
      const nrName = ['Carol', 'Peter', 'Amara', 'Stefan', 'Maureen'][index % 5]!;
      await repository.update(
        trx,
        a.id,
        {
          plannedAt: t(0.25),
          plannedPlace: referral.legalStatus === 's136' ? 'Health-based place of safety' : 'Home address',
          interviewAt: t(0.45),
          lastSawAt: t(0.45),
          mostAppropriateReason: done
            ? 'Not eating or sleeping for a week, hearing voices telling them to harm themselves, and refusing the crisis team. Informal admission was offered and declined.'
            : '',
          notes: 'Person seen with the nurse present. Calm but guarded; disclosed command hallucinations.',
          nrCategory: index % 2 === 0 ? 'parent' : 'spouse_or_civil_partner',
          nrName: `${nrName} ${index % 2 === 0 ? 'Greaves' : 'Holloway'}`,
          nrRelationship: index % 2 === 0 ? 'Mother, lives with the person' : 'Husband',
          nrContact: '01632 960' + String(100 + index).padStart(3, '0'),
          nrInformedAt: application === 's2' ? t(0.7) : null,
          nrToldOfDischargePower: application === 's2',
          nrConsultedAt: application === 's3' ? t(0.5) : null,
          nrS13Request: referral.sourceType === 'nearest_relative',
          nrS13Reasons:
            referral.sourceType === 'nearest_relative' && done && !application
              ? 'The assessment found that support at home from the crisis team is a less restrictive way of meeting their needs.'
              : '',
          ...(done
            ? {
                outcome: plan.outcome,
                applicationSection: application,
                applicationAt: application ? t(0.75) : null,
                admittedAt: plan.hospital ? t(0.95) : null,
                hospitalName: plan.hospital,
                hospitalAddressedToManagers: plan.hospital !== '',
                applicantId: referral.allocatedAmhpId,
                outcomeRecordedAt: t(0.96),
                outcomeRecordedBy: referral.allocatedAmhpId,
                delayCause: index % 3 === 0 ? 'section_12_doctor' : index % 3 === 1 ? 'bed' : null,
                delayNote: index % 3 === 0 ? 'Three section 12 doctors called before one was available.' : '',
                warningReasons: JSON.stringify(
                  application && referral.legalStatus === 's136'
                    ? { 'R-136-CONSULT': 'Police could not reach the street triage nurse; recorded in the custody log.' }
                    : {},
                ),
                principles: JSON.stringify({
                  leastRestrictive: 'Home treatment and informal admission were discussed and offered.',
                  empowerment: 'The person and their nearest relative gave their views, which are recorded.',
                  respect: 'Interview held in private with the person’s preferred language.',
                  purpose: 'Admission aims to assess and treat a relapse safely.',
                  efficiency: 'The nearest available bed was used; delays recorded.',
                }),
                alternativesConsidered: 'Crisis team home treatment; informal admission; support from family.',
              }
            : {}),
        },
        1,
        now,
      );
      // Still open (outcome recorded, not closed), so the doctors read it without giving a reason.
      const formSet = application !== null && referral.status === 'outcome_recorded';
      const doctors = formSet ? [DOCTORS[0]!, QURESHI] : index % 4 === 3 ? [DOCTORS[1]!, DOCTORS[3]!] : [DOCTORS[index % 2 === 0 ? 0 : 3]!, DOCTORS[2]!];
      for (const [n, d] of doctors.entries()) {
        const examined = done || n === 0 ? t(0.5 + n * 0.1) : null;
        await repository.insertDoctor(trx, {
          assessmentId: a.id,
          name: d.name,
          gmcNumber: d.gmc,
          s12Approved: d.s12,
          approvedClinician: d.ac,
          previousAcquaintance: n === 1,
          requestedAt: t(0.1 + n * 0.05),
          arrivedAt: done || n === 0 ? t(0.42 + n * 0.05) : null,
          examinedAt: examined,
          signedAt: application && examined ? t(0.55 + n * 0.1) : null,
          jointOrSeparate: application ? 'separate' : null,
        });
      }
      const calls: Array<[string, boolean, 'no_answer' | 'declined' | 'available' | 'left_message', number]> = [
        ['Dr Imran Qureshi', true, 'no_answer', 0.05],
        ['Dr Felicity Dunmore', true, 'declined', 0.08],
        [doctors[0]!.name, doctors[0]!.s12, 'available', 0.1],
      ];
      for (const [doctorName, s12, result, at] of calls) {
        await repository.insertContact(trx, { assessmentId: a.id, doctorName, s12Approved: s12, calledAt: t(at), result, calledBy: referral.allocatedAmhpId, calledByName: '' });
      }
      if (done && plan.hospital) {
        await repository.upsertResource(trx, { assessmentId: a.id, kind: 'bed', requestedAt: t(0.3), arrivedAt: t(0.8), requestedBy: 'Duty AMHP', provider: plan.hospital, updatedAt: now });
        await repository.upsertResource(trx, { assessmentId: a.id, kind: 'ambulance', requestedAt: t(0.76), arrivedAt: t(0.88), requestedBy: 'Duty AMHP', provider: 'Ambulance service', updatedAt: now });
      }
      if (referral.legalStatus === 's136' || index % 5 === 2) {
        await repository.upsertResource(trx, { assessmentId: a.id, kind: 'police', requestedAt: t(0.2), arrivedAt: t(0.4), requestedBy: 'Duty AMHP', provider: 'County Police', updatedAt: now });
      }
    }
  });
}
