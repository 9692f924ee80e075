// TRANSITION (module shell): the referral reads the assessment port needs, until the intake half
// implements AssessmentReferralPort from its ReferralService (the coordinator merges the two).

import type { Kysely } from 'kysely';
import type { DemoReferral, ReferralForAssessment } from './assessment/assessment-port.js';
import type { ReferralsTables } from './referrals-tables.js';

export class AssessmentPortRepository {
  async referral(db: Kysely<ReferralsTables>, id: string): Promise<ReferralForAssessment | undefined> {
    return db
      .selectFrom('referrals')
      .select([
        'id', 'reference', 'status', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'address', 'currentLocation',
        'legalStatus', 'legalStatusSince', 'reason', 'sourceType', 'receivedAt', 'referrerName', 'firstLanguage',
        'interpreterNeeded', 'communicationNeeds', 'lssaId', 'allocatedAmhpId', 'version',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async idsAllocatedTo(db: Kysely<ReferralsTables>, personId: string): Promise<string[]> {
    return (await db.selectFrom('referrals').select('id').where('allocatedAmhpId', '=', personId).execute()).map((r) => r.id);
  }

  async demoInAssessment(db: Kysely<ReferralsTables>): Promise<DemoReferral[]> {
    return db
      .selectFrom('referrals')
      .select(['id', 'status', 'receivedAt', 'allocatedAmhpId', 'legalStatus', 'sourceType'])
      .where('status', 'in', ['in_assessment', 'outcome_recorded', 'closed'])
      .where('decision', '=', 'proceed')
      .where('allocatedAmhpId', 'is not', null)
      .orderBy('receivedAt')
      .execute();
  }
}
