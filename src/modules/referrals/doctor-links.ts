// What the referrals module publishes for the section 12 doctors module above it (issue 16):
// the person's needs for the finder, the assessment a claim is for, and the two writes the
// doctors module makes on the assessment record (a contact-log line; the doctor who accepted).
// The doctors module authorises its actor before calling; each write joins its transaction.

import type { Kysely } from 'kysely';
import type { AnyHandle } from '../../db/database.js';
import { tablesFor } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { NotFoundError } from '../../platform/errors.js';
import { londonDate, type IsoDate } from '../../platform/london-time.js';
import type { AppContactEntry, AppDoctorEntry } from './assessment/assessment-doctors-service.js';
import type { AssessmentService } from './assessment/assessment-service.js';
import type { AssessmentDb } from './assessment/assessments-tables.js';
import { DoctorLinksRepository } from './doctor-links-repository.js';
import type { ReferralsModuleTables } from './referrals-tables.js';

export type { AppContactEntry, AppDoctorEntry };

/** What the finder matches doctors against. No name, address or NHS number leaves the module. */
export interface ReferralForDoctorFinder {
  referralId: string;
  reference: string;
  status: string;
  dateOfBirth: IsoDate | null;
  firstLanguage: string;
  interpreterNeeded: boolean;
  communicationNeeds: string;
  legalStatus: string;
  lssaId: string | null;
  /** When the assessment is planned, if it is. */
  plannedAt: Date | null;
  /** GMC numbers of doctors who examined the person before, or are recorded as knowing them. */
  knownGmcNumbers: string[];
}

export interface AssessmentForDoctorClaim {
  referralId: string;
  reference: string;
  outcome: string | null;
  date: IsoDate | null;
  doctorGmcNumbers: string[];
}

export interface DoctorLinks {
  finderFacts(referralId: string): Promise<ReferralForDoctorFinder>;
  assessmentForClaim(referralId: string): Promise<AssessmentForDoctorClaim>;
  /** The assessments a doctor (by GMC number) is recorded on: what they may claim for. */
  assessmentsWithDoctor(gmcNumber: string): Promise<Array<{ referralId: string; reference: string }>>;
  logContact(handle: AnyHandle, ctx: ServiceContext, referralId: string, entry: AppContactEntry): Promise<string>;
  addInvitedDoctor(handle: AnyHandle, ctx: ServiceContext, referralId: string, doctor: AppDoctorEntry): Promise<string>;
}

export function doctorLinks(db: Kysely<ReferralsModuleTables>, assessments: AssessmentService): DoctorLinks {
  const repository = new DoctorLinksRepository();
  const asAssessmentDb = (handle: AnyHandle): Kysely<AssessmentDb> => tablesFor<AssessmentDb>(handle);
  return {
    async finderFacts(referralId) {
      const referral = await repository.referral(db, referralId);
      if (!referral) throw new NotFoundError('The referral');
      const assessment = await repository.assessment(db, referralId);
      const onThis = await repository.doctorsOn(db, referralId);
      const before = referral.nhsNumber ? await repository.doctorsWhoExamined(db, referral.nhsNumber, referralId) : [];
      const known = new Set([...before, ...onThis.filter((d) => d.previousAcquaintance && d.gmcNumber).map((d) => d.gmcNumber)]);
      return {
        referralId: referral.id,
        reference: referral.reference,
        status: referral.status,
        dateOfBirth: referral.dateOfBirth,
        firstLanguage: referral.firstLanguage,
        interpreterNeeded: referral.interpreterNeeded,
        communicationNeeds: referral.communicationNeeds,
        legalStatus: referral.legalStatus,
        lssaId: referral.lssaId,
        plannedAt: assessment?.plannedAt ?? null,
        knownGmcNumbers: [...known],
      };
    },
    async assessmentForClaim(referralId) {
      const referral = await repository.referral(db, referralId);
      if (!referral) throw new NotFoundError('The referral');
      const assessment = await repository.assessment(db, referralId);
      const when = assessment?.interviewAt ?? assessment?.outcomeRecordedAt ?? assessment?.plannedAt ?? null;
      const doctors = await repository.doctorsOn(db, referralId);
      return {
        referralId: referral.id,
        reference: referral.reference,
        outcome: assessment?.outcome ?? null,
        date: when ? londonDate(when) : null,
        doctorGmcNumbers: doctors.map((d) => d.gmcNumber).filter((g) => g !== ''),
      };
    },
    assessmentsWithDoctor: (gmcNumber) => repository.assessmentsWithDoctor(db, gmcNumber),
    logContact: (handle, ctx, referralId, entry) => assessments.logContactFromApp(asAssessmentDb(handle), ctx, referralId, entry),
    addInvitedDoctor: (handle, ctx, referralId, doctor) => assessments.addDoctorFromApp(asAssessmentDb(handle), ctx, referralId, doctor),
  };
}
