import type { Kysely } from 'kysely';
import { legalContextOf } from './assessment/assessment-record-facts.js';
import { placeOfSafetyExpiry } from './assessment/domain/deadlines.js';
import { deriveWaits, type WaitResource } from './assessment/domain/delays.js';
import { labelFor, REFERRAL_SOURCE_TYPES } from './referral-codes.js';
import { OPEN_REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, type ReferralStatus } from './referral-lifecycle.js';
import { ReferralReadsRepository, type DutyReadRow, type SheetReadInput } from './referral-reads-repository.js';
import type { ReferralsModuleTables } from './referrals-tables.js';

// Read-only queries the duty module (allocation sheet, board, SITREP) needs, kept beside the
// referrals tables so duty reads referrals through this module. No names or NHS numbers: the
// duty pages show references only. Callers audit their own views.

export interface ReferralDutyRow {
  id: string;
  reference: string;
  status: ReferralStatus;
  stageLabel: string;
  open: boolean;
  receivedAt: Date;
  closedAt: Date | null;
  outcome: string | null;
  reviewerId: string | null;
  allocatedAmhpId: string | null;
  lssaId: string | null;
  source: string | null;
  /** The source in words ("Crisis resolution and home treatment team"), for reports and e-mails. */
  sourceLabel: string | null;
  urgency: string | null;
  version: number;
  delayCause: string | null;
  outcomeRecordedAt: Date | null;
  /**
   * When the s136 place-of-safety detention ends (24 hours from arrival, plus an extension the
   * assessment records): null unless the person is held under s136.
   */
  s136EndsAt: Date | null;
}

/** The s136 end: the assessment's place-of-safety record if it has one, else the referral's legal status. */
function s136EndOf(r: Pick<DutyReadRow, 'legalStatus' | 'legalStatusSince' | 'legalContext'>): Date | null {
  const legal = r.legalContext ? legalContextOf({ legalContext: r.legalContext }) : null;
  const pos = legal?.placeOfSafety ?? null;
  if (pos) return pos.power === 's136' ? placeOfSafetyExpiry(pos) : null;
  if (r.legalStatus !== 's136' || !r.legalStatusSince) return null;
  return placeOfSafetyExpiry({ clockStartedAt: r.legalStatusSince, extensions: [] });
}

const OUTCOME_LABELS: Record<string, string> = {
  s2: 'Detained s2',
  s3: 'Detained s3',
  s4: 'Detained s4',
  guardianship: 'Guardianship',
  informal_admission: 'Informal admission',
  crht_home_treatment: 'Home treatment (crisis team)',
  community_follow_up: 'Community follow-up',
  no_further_action: 'No further action',
  assessment_not_possible: 'Assessment not possible',
  application_lapsed: 'Application lapsed',
  other: 'Other outcome',
};

const DELAY_CAUSE_LABELS: Record<string, string> = {
  section_12_doctor: 'Section 12 doctor',
  bed: 'Bed',
  conveyance: 'Conveyance',
  police: 'Police',
  interpreter: 'Interpreter',
  information: 'Information',
  other: 'Other',
};

/** A wait derived from an assessment's times: its delay cause in words and how long. */
export interface ReferralWait {
  cause: string;
  minutes: number;
}

const CAUSE_OF_RESOURCE: Record<WaitResource, string> = {
  doctor: 'section_12_doctor',
  bed: 'bed',
  ambulance: 'conveyance',
  police: 'police',
  interpreter: 'interpreter',
};

/**
 * Published for the duty module (allocation sheet, board, SITREP). Read-only; keep the methods
 * and the row shape stable, duty relies on them.
 */
export class ReferralDutyReads {
  private readonly repository: ReferralReadsRepository;

  constructor(db: Kysely<ReferralsModuleTables>) {
    this.repository = new ReferralReadsRepository(db);
  }

  private map(rows: DutyReadRow[]): ReferralDutyRow[] {
    return rows.map((r) => {
      const status = r.status as ReferralStatus;
      const outcome = r.outcome ? (OUTCOME_LABELS[r.outcome] ?? r.outcome) : status === 'withdrawn' ? 'Withdrawn' : status === 'closed' && r.decision ? `Closed: ${r.decision.replace(/_/g, ' ')}` : null;
      return {
        id: r.id,
        reference: r.reference,
        status,
        stageLabel: REFERRAL_STATUS_LABELS[status] ?? status,
        open: (OPEN_REFERRAL_STATUSES as readonly string[]).includes(status),
        receivedAt: r.receivedAt,
        closedAt: r.closedAt,
        outcome,
        reviewerId: r.decidedBy,
        allocatedAmhpId: r.allocatedAmhpId,
        lssaId: r.lssaId,
        source: r.sourceType,
        sourceLabel: r.sourceType ? labelFor(REFERRAL_SOURCE_TYPES, r.sourceType as never) : null,
        urgency: r.urgency,
        version: r.version,
        delayCause: r.delayCause ? (DELAY_CAUSE_LABELS[r.delayCause] ?? r.delayCause) : null,
        outcomeRecordedAt: r.outcomeRecordedAt ?? null,
        s136EndsAt: status === 'closed' || status === 'withdrawn' ? null : s136EndOf(r),
      };
    });
  }

  async open(limit = 500): Promise<ReferralDutyRow[]> {
    return this.map(await this.repository.open(limit));
  }

  /**
   * For the allocation sheet, in one statement: the referrals received, closed or with an outcome
   * recorded at or after `recentFrom` (when given), those with `ids` (the cards a page draws, the
   * entries it re-checks), and the open referrals received before `openExcept.receivedBefore` and
   * not in `openExcept.ids` (when given; no ids for every open one). What a draft already holds and nothing changed is not read again.
   * `digest` (when asked for) tells whether anything a draft sheet is worked out from changed
   * since a read that returned the same digest (see ReferralReadsRepository.forSheet).
   */
  async forSheet(input: SheetReadInput): Promise<{ rows: ReferralDutyRow[]; digest: string | null }> {
    const { rows, digest } = await this.repository.forSheet(input);
    return { rows: this.map(rows), digest };
  }

  async receivedBetween(from: Date, to: Date): Promise<ReferralDutyRow[]> {
    return this.map(await this.repository.receivedBetween(from, to));
  }

  /** Assessments completed (outcome recorded) or referrals closed in [from, to). */
  async completedBetween(from: Date, to: Date): Promise<ReferralDutyRow[]> {
    return this.map(await this.repository.completedBetween(from, to));
  }

  /**
   * Every wait the assessment records let us work out (each doctor, bed, ambulance, police,
   * interpreter: requested → arrived or confirmed), by referral, with its delay cause in words.
   * Only finished waits of a minute or more count.
   */
  async waits(referralIds: readonly string[]): Promise<Map<string, ReferralWait[]>> {
    const { doctors, resources } = await this.repository.waitTimes(referralIds);
    const result = new Map<string, ReferralWait[]>();
    for (const id of referralIds) {
      const times = (kind: string) => {
        const r = resources.find((x) => x.referralId === id && x.kind === kind);
        return r ? { requestedAt: r.requestedAt, arrivedAt: r.arrivedAt } : null;
      };
      const waits = deriveWaits({
        doctors: doctors.filter((d) => d.referralId === id).map((d) => ({ label: d.name, requestedAt: d.requestedAt, arrivedAt: d.arrivedAt })),
        bed: times('bed'),
        ambulance: times('ambulance'),
        police: times('police'),
        interpreter: times('interpreter'),
      });
      result.set(
        id,
        waits.flatMap((w) => (w.state === 'complete' && w.minutes !== null && w.minutes > 0 ? [{ cause: DELAY_CAUSE_LABELS[CAUSE_OF_RESOURCE[w.resource]] as string, minutes: w.minutes }] : [])),
      );
    }
    return result;
  }

  async get(id: string): Promise<ReferralDutyRow | undefined> {
    const row = await this.repository.one(id);
    return row ? this.map([row])[0] : undefined;
  }
}
