// Every rule in ../shared/domain/mha-rules.md §2, with how AMHP Hub implements it. The severity
// is the reference's, and it is the one place a check's severity comes from (statutory-checks.ts
// reads it): E blocks, W needs a recorded reason. Rules with severity "–" are periods, not
// checks: they appear on the record as deadlines (deadlines.ts), and where something done after
// the period ended is worth flagging they also have a check, which warns (W). Two R-DATA rules
// are AMHP Hub's own consistency checks on the record, not statute.
//
// `unverified` marks what the reference could not confirm in a primary source (wording or
// convention). It does not lower a severity the reference gives: R-CONVEY-S4 (s6(1)(b)) and
// R-S4-CONV (s4(4)(b)) are statutory errors whose exact wording is unverified. A deployment may
// only promote an unverified warning to an error (RunOptions.severityOverrides).

export const MHA_RULE_IDS = [
  'R-GEN-01',
  'R-GEN-02',
  'R-GEN-03',
  'R-GEN-04',
  'R-GEN-05',
  'R-GEN-14DAY',
  'R-MR-01',
  'R-MR-02',
  'R-MR-03',
  'R-MR-5DAY',
  'R-MR-S12',
  'R-MR-ACQ',
  'R-MR-COI',
  'R-CONVEY-14',
  'R-CONVEY-S4',
  'R-S2-NR',
  'R-S2-END',
  'R-S3-NRC',
  'R-S3-NROBJ',
  'R-S3-END',
  'R-S7-AGE',
  'R-S7-FWD',
  'R-S7-PRIV',
  'R-S4-01',
  'R-S4-SEEN',
  'R-S4-EXP',
  'R-S4-CONV',
  'R-S4-USE',
  'R-135-01',
  'R-POS-24',
  'R-POS-EXT',
  'R-POS-U18',
  'R-136-CONSULT',
  'R-136-CHAIN',
  'R-S52',
  'R-S54',
  'R-CTO-AMHP',
  'R-CTO-END',
] as const;

export type MhaRuleId = (typeof MHA_RULE_IDS)[number];

export const DATA_RULE_IDS = ['R-DATA-ADMIT', 'R-DATA-DOB'] as const;
export type DataRuleId = (typeof DATA_RULE_IDS)[number];

export type RuleId = MhaRuleId | DataRuleId;

/** 'E' statutory error, 'W' Code of Practice warning, '–' a period (a deadline), as in mha-rules.md. */
export type CatalogueSeverity = 'E' | 'W' | '–';

export interface CatalogueEntry {
  readonly id: RuleId;
  /** Severity exactly as written in mha-rules.md §2. */
  readonly severity: CatalogueSeverity;
  /** Marked UNVERIFIED in mha-rules.md (wording or convention not confirmed in a primary source). */
  readonly unverified: boolean;
  readonly implementedAs: readonly ('check' | 'deadline')[];
  readonly summary: string;
  readonly source: string;
}

export const MHA_RULE_CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'R-GEN-01', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Applicant has active, unsuspended AMHP approval on the application date', source: 's11(1), s114' },
  { id: 'R-GEN-02', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'The applicant is not a registered medical practitioner', source: 'MHA 2007 Explanatory Notes para 64' },
  { id: 'R-GEN-03', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'No conflict of interest involving the AMHP', source: 's11(1A)' },
  { id: 'R-GEN-04', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'One specific hospital named; addressed to its managers', source: 's11(2); COP 14.89' },
  { id: 'R-GEN-05', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Interview and "most appropriate" finding recorded', source: 's13(2)' },
  { id: 'R-GEN-14DAY', severity: 'E', unverified: false, implementedAs: ['check', 'deadline'], summary: 'AMHP saw the person within the 14 days ending with the application date', source: 's11(5)' },
  { id: 'R-MR-01', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Two recommendations from different doctors (s4: one)', source: 's2(3), s3(3), s7(3), s4(3)' },
  { id: 'R-MR-02', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Each recommendation signed on or before the application date', source: 's12(1)' },
  { id: 'R-MR-03', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Examination on or before signature', source: 'implied by "personally examined"' },
  { id: 'R-MR-5DAY', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Separate examinations no more than 5 clear days apart', source: 's12(1)' },
  { id: 'R-MR-S12', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'At least one doctor s12-approved or an approved clinician on the examination date', source: 's12(2), s12(2A)' },
  { id: 'R-MR-ACQ', severity: 'W', unverified: false, implementedAs: ['check'], summary: 'A doctor with previous acquaintance, or the reason why not', source: 's12(2)' },
  { id: 'R-MR-COI', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'No doctor–doctor or doctor–patient conflict', source: 's12(3)' },
  { id: 'R-CONVEY-14', severity: 'E', unverified: false, implementedAs: ['check', 'deadline'], summary: 's2/s3 admission within 14 days beginning with the last examination', source: 's6(1)(a)' },
  { id: 'R-CONVEY-S4', severity: 'E', unverified: true, implementedAs: ['check', 'deadline'], summary: 's4 admission within 24 h of the earlier of examination and application', source: 's6(1)(b)' },
  { id: 'R-S2-NR', severity: 'W', unverified: false, implementedAs: ['check'], summary: 'Steps to inform the NR recorded, or why impracticable', source: 's11(3)' },
  { id: 'R-S2-END', severity: '–', unverified: false, implementedAs: ['check', 'deadline'], summary: 's2 ends at the end of admission day + 27', source: 's2(4), s29(4)' },
  { id: 'R-S3-NRC', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'NR consulted, or why not reasonably practicable / unreasonable delay', source: 's11(4)(b)' },
  { id: 'R-S3-NROBJ', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'NR objection bars a s3 or guardianship application', source: 's11(4)(a)' },
  { id: 'R-S3-END', severity: '–', unverified: true, implementedAs: ['deadline'], summary: 's3 first period: 6 months beginning with the admission day', source: 's20' },
  { id: 'R-S7-AGE', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Guardianship: the person is 16 or over', source: 's7(1)' },
  { id: 'R-S7-FWD', severity: 'E', unverified: false, implementedAs: ['check', 'deadline'], summary: 'Guardianship forwarded to the LSSA within 14 days beginning with the last examination', source: 's8(2)' },
  { id: 'R-S7-PRIV', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'A private guardian is accepted by the LSSA and willing in writing', source: 's7(5)' },
  { id: 'R-S4-01', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'Urgent necessity and undesirable delay stated and verified', source: 's4(2)–(3)' },
  { id: 'R-S4-SEEN', severity: 'E', unverified: false, implementedAs: ['check', 'deadline'], summary: 's4: AMHP saw the person in the previous 24 hours', source: 's4(5)' },
  { id: 'R-S4-EXP', severity: '–', unverified: false, implementedAs: ['check', 'deadline'], summary: 's4 ends 72 h after admission unless converted', source: 's4(4)' },
  { id: 'R-S4-CONV', severity: 'E', unverified: true, implementedAs: ['check'], summary: 'On conversion the two recommendations together satisfy s12', source: 's4(4)(b)' },
  { id: 'R-S4-USE', severity: 'W', unverified: false, implementedAs: ['check'], summary: 'Section 4 in a genuine emergency only', source: 'COP 15.6, 15.8' },
  { id: 'R-135-01', severity: 'E', unverified: false, implementedAs: ['check'], summary: 's135(1): information laid by an AMHP; AMHP and doctor attended', source: 's135(1), s135(4)' },
  { id: 'R-POS-24', severity: 'E', unverified: false, implementedAs: ['check', 'deadline'], summary: 'Place of safety: 24 hours from arrival', source: 's135(3ZA), s136(2A)' },
  { id: 'R-POS-EXT', severity: 'E', unverified: false, implementedAs: ['check', 'deadline'], summary: 'One extension of up to 12 h, properly authorised; 36 h at most', source: 's136B' },
  { id: 'R-POS-U18', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'No police station for under-18s; adults only as the 2017 Regulations allow', source: 's136A' },
  { id: 'R-136-CONSULT', severity: 'W', unverified: false, implementedAs: ['check'], summary: 's136(1C) consultation recorded, or why impracticable', source: 's136(1C)' },
  { id: 'R-136-CHAIN', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'No back-to-back s136 periods', source: 'COP 16.26' },
  { id: 'R-S52', severity: '–', unverified: true, implementedAs: ['check', 'deadline'], summary: 's5(2) ends 72 h from the report (from a preceding s5(4) record)', source: 's5(2), s5(5)' },
  { id: 'R-S54', severity: '–', unverified: false, implementedAs: ['check', 'deadline'], summary: 's5(4) ends 6 h from the record', source: 's5(4)' },
  { id: 'R-CTO-AMHP', severity: 'E', unverified: false, implementedAs: ['check'], summary: "CTO1 Part 2 contains the AMHP's written agreement", source: 's17A(4)' },
  { id: 'R-CTO-END', severity: '–', unverified: false, implementedAs: ['deadline'], summary: 'CTO: 6 months beginning with the day made, then 6, then 12', source: 's20A' },
  { id: 'R-DATA-ADMIT', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'AMHP Hub: admission is not before the application', source: 's6(1): the application is the authority to convey and admit' },
  { id: 'R-DATA-DOB', severity: 'E', unverified: false, implementedAs: ['check'], summary: 'AMHP Hub: date of birth is not after the application or assessment', source: 'record consistency' },
];

/** The severity a check of this rule reports: the reference's, with periods ('–') as warnings. */
export function checkSeverity(entry: CatalogueEntry): 'E' | 'W' {
  return entry.severity === 'E' ? 'E' : 'W';
}

export function catalogueEntry(id: RuleId): CatalogueEntry {
  const entry = MHA_RULE_CATALOGUE.find((e) => e.id === id);
  if (!entry) throw new RangeError(`Unknown rule ${id}`);
  return entry;
}
