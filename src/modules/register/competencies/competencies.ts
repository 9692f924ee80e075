/**
 * The annual AMHP competency record against the five Key Competence areas.
 *
 * Headings: Schedule 2 of SI 2008/1206 (current) and the proposed revision, both listed in the
 * National Workforce Plan for AMHPs (2019), "AMHP competencies". Shown here in short words.
 * Local practice: Competences, Standards and Expectations §5.8 and §8.3 — the AMHP keeps the
 * record, it is completed at least annually, all competences are expected to be met within a
 * year of practice, and competences still unmet after 12 months lead to a learning and
 * development plan.
 */
import type { RuleFinding } from '../../../platform/errors.js';
import { ok, type Result } from '../../../platform/result.js';
import { broken, finding } from '../register-rules.js';
import type { IsoDate } from '../../../platform/london-time.js';
import { addMonthsAnniversary, asLondonDate, formatDate, isIsoDate } from '../../../platform/london-time.js';

export const COMPETENCE_SOURCE =
  'National Workforce Plan for AMHPs (2019), "AMHP competencies"; SI 2008/1206 Schedule 2';

export const KEY_COMPETENCES = [
  {
    number: 1,
    current: 'Applying values to the AMHP role',
    proposed: 'Applying social perspectives to the AMHP role',
  },
  {
    number: 2,
    current: 'Knowledge: the legal and policy framework',
    proposed: 'Knowledge: the legal and policy framework for mental health and mental capacity',
  },
  {
    number: 3,
    current: 'Knowledge: mental disorder',
    proposed: 'Knowledge: mental disorder and mental capacity',
  },
  {
    number: 4,
    current: 'Skills: working with risk',
    proposed: 'Skills: working with risk and in partnership in the AMHP role',
  },
  {
    number: 5,
    current: 'Skills: making and communicating informed decisions',
    proposed: 'Skills: making and communicating informed decisions (unchanged)',
  },
] as const;

export type CompetenceNumber = (typeof KEY_COMPETENCES)[number]['number'];
export const COMPETENCE_NUMBERS: readonly CompetenceNumber[] = KEY_COMPETENCES.map((c) => c.number);

export type CompetenceStatus = 'met' | 'not_yet_met';

export interface CompetenceEntry {
  competence: CompetenceNumber;
  status: CompetenceStatus;
  evidence: string;
}

export interface CompetencyRecord {
  id: string;
  amhpId: string;
  /** The day the record was completed (reviewed in supervision). */
  recordedOn: IsoDate;
  entries: CompetenceEntry[];
}

/**
 * A record covers each of the five areas exactly once; "met" needs evidence notes (what shows
 * it), "not yet met" may leave them blank.
 */
export function validateCompetencyRecord(
  input: Omit<CompetencyRecord, 'id'>,
): Result<Omit<CompetencyRecord, 'id'>> {
  const errors: RuleFinding[] = [];
  if (!isIsoDate(input.recordedOn)) errors.push(finding('invalid_date', 'Enter a real date for the record', 'recordedOn'));
  for (const n of COMPETENCE_NUMBERS) {
    const entries = input.entries.filter((e) => e.competence === n);
    if (entries.length === 0) {
      errors.push(finding('competence_missing', `Say whether Key Competence ${n} is met or not yet met`, `competence${n}`));
    } else if (entries.length > 1) {
      errors.push(finding('competence_repeated', `Key Competence ${n} is entered more than once`, `competence${n}`));
    } else if (entries[0]?.status === 'met' && entries[0].evidence.trim() === '') {
      errors.push(
        finding('evidence_required', `Add evidence notes showing how Key Competence ${n} is met`, `competence${n}`),
      );
    }
  }
  return errors.length > 0 ? broken(errors) : ok(input);
}

export const UNMET_PROMPT_MONTHS = 12;

export interface CompetenceStanding {
  competence: CompetenceNumber;
  latestStatus: CompetenceStatus | 'not_recorded';
  /** Start of the current unmet spell; null when the latest record says met. */
  unmetSince: IsoDate | null;
  /** True once unmet for 12 months: a learning and development plan should be agreed or reviewed. */
  needsDevelopmentPlan: boolean;
}

export interface CompetencyReview {
  standings: CompetenceStanding[];
  /** No record completed in the last 12 months although the AMHP has practised that long. */
  annualRecordOverdue: boolean;
  latestRecordedOn: IsoDate | null;
  developmentPlanPrompt: string | null;
}

/**
 * Where each competence stands on `date`. A competence's unmet spell starts at the first record
 * after it was last met; if it has never been met, at `practiceStart` (the first approval's
 * start), because all competences are expected to be met within a year of practice.
 */
export function reviewCompetencies(input: {
  records: readonly CompetencyRecord[];
  practiceStart: IsoDate;
  date: IsoDate | Date;
}): CompetencyReview {
  const date = asLondonDate(input.date);
  const records = input.records
    .filter((r) => r.recordedOn <= date)
    .sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : a.recordedOn > b.recordedOn ? 1 : 0));

  const standings = KEY_COMPETENCES.map(({ number }): CompetenceStanding => {
    const history = records
      .map((r) => ({ on: r.recordedOn, entry: r.entries.find((e) => e.competence === number) }))
      .filter((h): h is { on: IsoDate; entry: CompetenceEntry } => h.entry !== undefined);
    const latest = history[history.length - 1];
    if (latest?.entry.status === 'met') {
      return { competence: number, latestStatus: 'met', unmetSince: null, needsDevelopmentPlan: false };
    }
    let lastMetIndex = -1;
    history.forEach((h, i) => {
      if (h.entry.status === 'met') lastMetIndex = i;
    });
    const unmetSince = lastMetIndex === -1 ? input.practiceStart : (history[lastMetIndex + 1]?.on ?? input.practiceStart);
    return {
      competence: number,
      latestStatus: latest ? 'not_yet_met' : 'not_recorded',
      unmetSince,
      needsDevelopmentPlan: date >= addMonthsAnniversary(unmetSince, UNMET_PROMPT_MONTHS),
    };
  });

  const latestRecordedOn = records[records.length - 1]?.recordedOn ?? null;
  const yearAgo = addMonthsAnniversary(date, -UNMET_PROMPT_MONTHS);
  const annualRecordOverdue =
    input.practiceStart <= yearAgo && (latestRecordedOn === null || latestRecordedOn < yearAgo);

  const overdue = standings.filter((s) => s.needsDevelopmentPlan);
  const developmentPlanPrompt =
    overdue.length === 0
      ? null
      : `Key Competence ${overdue.map((s) => s.competence).join(', ')} not met for 12 months or more (since ${formatDate(
          overdue.map((s) => s.unmetSince ?? input.practiceStart).sort()[0] ?? input.practiceStart,
        )}): agree or review a learning and development plan`;

  return { standings, annualRecordOverdue, latestRecordedOn, developmentPlanPrompt };
}
