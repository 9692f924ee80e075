// The reads the section 12 doctors module (above referrals) needs, kept beside the referrals
// tables so it never reads them itself: what the referral says of the person for the finder, and
// who was on an assessment for a claim.

import type { Kysely } from 'kysely';
import type { ReferralsModuleTables } from './referrals-tables.js';

type Handle = Kysely<ReferralsModuleTables>;

export class DoctorLinksRepository {
  async referral(db: Handle, id: string) {
    return db
      .selectFrom('referrals')
      .select(['id', 'reference', 'status', 'nhsNumber', 'dateOfBirth', 'firstLanguage', 'interpreterNeeded', 'communicationNeeds', 'legalStatus', 'lssaId'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async assessment(db: Handle, referralId: string) {
    return db.selectFrom('assessments').select(['id', 'plannedAt', 'interviewAt', 'outcome', 'outcomeRecordedAt']).where('referralId', '=', referralId).executeTakeFirst();
  }

  async doctorsOn(db: Handle, referralId: string) {
    return db
      .selectFrom('assessmentDoctors')
      .innerJoin('assessments', 'assessments.id', 'assessmentDoctors.assessmentId')
      .select(['assessmentDoctors.gmcNumber', 'assessmentDoctors.previousAcquaintance'])
      .where('assessments.referralId', '=', referralId)
      .where('assessmentDoctors.removedAt', 'is', null)
      .execute();
  }

  /** GMC numbers of doctors on any other assessment of the same person (same NHS number). */
  async doctorsWhoExamined(db: Handle, nhsNumber: string, exceptReferralId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('assessmentDoctors')
      .innerJoin('assessments', 'assessments.id', 'assessmentDoctors.assessmentId')
      .innerJoin('referrals', 'referrals.id', 'assessments.referralId')
      .select('assessmentDoctors.gmcNumber')
      .where('referrals.nhsNumber', '=', nhsNumber)
      .where('referrals.id', '<>', exceptReferralId)
      .where('assessmentDoctors.removedAt', 'is', null)
      .where('assessmentDoctors.gmcNumber', '<>', '')
      .execute();
    return rows.map((r) => r.gmcNumber);
  }

  /** Referrals whose assessment record has this doctor (by GMC number) on it, newest first. */
  async assessmentsWithDoctor(db: Handle, gmcNumber: string): Promise<Array<{ referralId: string; reference: string }>> {
    return db
      .selectFrom('assessmentDoctors')
      .innerJoin('assessments', 'assessments.id', 'assessmentDoctors.assessmentId')
      .innerJoin('referrals', 'referrals.id', 'assessments.referralId')
      .select(['referrals.id as referralId', 'referrals.reference'])
      .where('assessmentDoctors.gmcNumber', '=', gmcNumber)
      .where('assessmentDoctors.removedAt', 'is', null)
      .orderBy('referrals.receivedAt', 'desc')
      .execute();
  }
}
