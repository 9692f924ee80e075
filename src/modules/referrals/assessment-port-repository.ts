// TRANSITION (module shell): the referral reads the assessment port needs, until the intake half
// implements AssessmentReferralPort from its ReferralService (the coordinator merges the two).

import { sql, type Kysely } from 'kysely';
import type { GrantKind } from './intake/need-to-know.js';
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

  /**
   * As `referral`, with the kinds of need-to-know grant this person holds on it at `now` (as
   * ReferralAccessRepository.activeKinds reads them), in the same statement.
   */
  async referralWithGrants(db: Kysely<ReferralsTables>, id: string, personId: string, now: Date): Promise<(ReferralForAssessment & { heldGrants: GrantKind[] }) | undefined> {
    const row = await db
      .selectFrom('referrals as r')
      .select([
        'r.id', 'r.reference', 'r.status', 'r.givenName', 'r.familyName', 'r.dateOfBirth', 'r.nhsNumber', 'r.address', 'r.currentLocation',
        'r.legalStatus', 'r.legalStatusSince', 'r.reason', 'r.sourceType', 'r.receivedAt', 'r.referrerName', 'r.firstLanguage',
        'r.interpreterNeeded', 'r.communicationNeeds', 'r.lssaId', 'r.allocatedAmhpId', 'r.version',
      ])
      .select((eb) =>
        eb.fn
          .coalesce(
            eb
              .selectFrom('referralAccessGrants as g')
              .select((sub) => sub.fn.agg<GrantKind[]>('array_agg', ['g.kind']).as('kinds'))
              .where('g.personId', '=', personId)
              .whereRef('g.referralId', '=', 'r.id')
              .where('g.expiresAt', '>', now),
            sql<GrantKind[]>`'{}'`,
          )
          .as('heldGrants'),
      )
      .where('r.id', '=', id)
      .executeTakeFirst();
    return row ? { ...row, heldGrants: parseArray(row.heldGrants) } : undefined;
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

/** An enum[] or text[] as the driver gives it: an array, or (an unknown array type) '{a,b}'. */
function parseArray(value: unknown): GrantKind[] {
  if (Array.isArray(value)) return value as GrantKind[];
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter((v) => v.length > 0) as GrantKind[];
  return [];
}
