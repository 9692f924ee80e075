// Workforce sufficiency (issue 15, point 4; national workforce plan): demand by hour against rota
// cover, assessments per AMHP, a three-year projection of approved AMHPs against the number the
// service says it needs, and the ASC-WDS AMHP fields. Pure: no I/O, no clock.

export const HOURS = Array.from({ length: 24 }, (_, h) => h);

export interface HourFigure {
  hour: number;
  label: string;
  /** Referrals received in this London hour across the period, per day on average. */
  demandPerDay: number;
  /** AMHP-hours on the rota in this London hour across the period, per day on average. */
  coverPerDay: number;
  /** Demand per AMHP on duty; null when nobody is on the rota for that hour. */
  demandPerAmhp: number | null;
  /** No cover while referrals arrive. */
  gap: boolean;
}

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * `received` are London hours (0–23) of referrals; `cover` are AMHP-hours on the rota per London
 * hour (a shift 09:00–17:00 gives one in each of hours 9..16); `days` the days in the period.
 */
export function demandAgainstCover(received: readonly number[], cover: ReadonlyMap<number, number>, days: number): HourFigure[] {
  const perHour = new Map<number, number>();
  for (const h of received) perHour.set(h, (perHour.get(h) ?? 0) + 1);
  const d = Math.max(1, days);
  return HOURS.map((hour) => {
    const demandPerDay = round2((perHour.get(hour) ?? 0) / d);
    const coverPerDay = round2((cover.get(hour) ?? 0) / d);
    return { hour, label: hourLabel(hour), demandPerDay, coverPerDay, demandPerAmhp: coverPerDay > 0 ? round2(demandPerDay / coverPerDay) : null, gap: coverPerDay === 0 && demandPerDay > 0 };
  });
}

/** London hours a shift covers, counting an hour when the shift covers any of it (whole hours from start). */
export function hoursCovered(startHour: number, startMinute: number, lengthMinutes: number): number[] {
  const hours: number[] = [];
  let minute = startHour * 60 + startMinute;
  const end = minute + lengthMinutes;
  while (minute < end) {
    hours.push(Math.floor(minute / 60) % 24);
    minute = (Math.floor(minute / 60) + 1) * 60;
  }
  return hours;
}

export interface AmhpLoad {
  personId: string;
  name: string;
  assessments: number;
}

export interface LoadSummary {
  rows: AmhpLoad[];
  total: number;
  amhps: number;
  mean: number | null;
  median: number | null;
}

/** Assessments per AMHP: every approved AMHP listed, those with none as 0. */
export function assessmentsPerAmhp(amhps: ReadonlyArray<{ personId: string; name: string }>, assessedBy: readonly string[]): LoadSummary {
  const counts = new Map<string, number>();
  for (const id of assessedBy) counts.set(id, (counts.get(id) ?? 0) + 1);
  const rows = amhps.map((a) => ({ ...a, assessments: counts.get(a.personId) ?? 0 })).sort((x, y) => y.assessments - x.assessments || x.name.localeCompare(y.name));
  const total = rows.reduce((s, r) => s + r.assessments, 0);
  const sorted = rows.map((r) => r.assessments).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length === 0 ? null : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { rows, total, amhps: rows.length, mean: rows.length === 0 ? null : round2(total / rows.length), median };
}

// ── Projection ─────────────────────────────────────────────────────────────────────────────────

export interface ApprovalFact {
  personId: string;
  /** The approval in force today ends on this date (YYYY-MM-DD). */
  endDate: string;
}

export interface ProjectionInput {
  /** Today's date (YYYY-MM-DD). */
  today: string;
  approvals: readonly ApprovalFact[];
  /** Of the approvals ending, the share expected to be renewed (0–1). */
  reapprovalRate: number;
  /** Leavers a year (AMHPs leaving before their approval ends), from the last year's record. */
  leaversPerYear: number;
  /** Trainees expected to qualify, by the date they are expected to be approved. */
  trainees: ReadonlyArray<{ expectedApproval: string }>;
  /** Of the trainees in the pipeline, the share expected to qualify (0–1). */
  traineeCompletionRate: number;
  /** The number of approved AMHPs the service says it needs. */
  target: number | null;
}

export interface ProjectionYear {
  /** 0 = today, 1..3 = each year ahead. */
  year: number;
  asOf: string;
  approvalsEnding: number;
  reapprovalsExpected: number;
  leavers: number;
  newlyApproved: number;
  approved: number;
  target: number | null;
  /** Approved minus target: negative is a shortfall. */
  gap: number | null;
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + years}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Approved AMHPs today and at each of the next three anniversaries. In each year: the approvals
 * ending that year (five-year approvals end on their end date) of which `reapprovalRate` are
 * renewed; `leaversPerYear` leave; trainees expected to be approved that year join at
 * `traineeCompletionRate`. Expected numbers are rounded to whole people at each year.
 */
export function projectApproved(input: ProjectionInput): ProjectionYear[] {
  const years: ProjectionYear[] = [];
  let approved = input.approvals.filter((a) => a.endDate >= input.today).length;
  years.push({ year: 0, asOf: input.today, approvalsEnding: 0, reapprovalsExpected: 0, leavers: 0, newlyApproved: 0, approved, target: input.target, gap: input.target === null ? null : approved - input.target });
  for (let year = 1; year <= 3; year += 1) {
    const from = addYears(input.today, year - 1);
    const to = addYears(input.today, year);
    const ending = input.approvals.filter((a) => a.endDate >= from && a.endDate < to).length;
    const renewed = Math.round(ending * input.reapprovalRate);
    const leavers = Math.round(input.leaversPerYear);
    const joining = Math.round(input.trainees.filter((t) => t.expectedApproval >= from && t.expectedApproval < to).length * input.traineeCompletionRate);
    approved = Math.max(0, approved - ending + renewed - leavers + joining);
    years.push({ year, asOf: to, approvalsEnding: ending, reapprovalsExpected: renewed, leavers, newlyApproved: joining, approved, target: input.target, gap: input.target === null ? null : approved - input.target });
  }
  return years;
}

// ── ASC-WDS ────────────────────────────────────────────────────────────────────────────────────

/**
 * The AMHP fields the Adult Social Care Workforce Data Set asks of a local authority's workers
 * (the worker's unique reference, main job role "Social Worker" with the AMHP flag, the
 * approval dates, the hours, whether the AMHP is on the duty rota). Names are not sent.
 */
export const ASC_WDS_COLUMNS = [
  { key: 'uniqueWorkerId', header: 'UNIQUEWORKERID', definition: 'The service’s own reference for the worker (a pseudonym, the same every month)' },
  { key: 'profession', header: 'MAINJOBROLE', definition: 'The profession the AMHP is registered in (social worker, nurse, occupational therapist, psychologist)' },
  { key: 'amhp', header: 'AMHP', definition: '1: holds an AMHP approval in force on the date of the return' },
  { key: 'approvingLssa', header: 'APPROVINGLA', definition: 'The LSSA that approved the AMHP' },
  { key: 'approvalStart', header: 'AMHPAPPROVALSTART', definition: 'The date the current approval began (DD/MM/YYYY)' },
  { key: 'approvalEnd', header: 'AMHPAPPROVALEND', definition: 'The date the current approval ends (DD/MM/YYYY)' },
  { key: 'onRota', header: 'ONDUTYROTA', definition: '1: on the AMHP duty rota in the last three months' },
  { key: 'assessments12m', header: 'MHAASSESSMENTS12M', definition: 'MHA assessments the AMHP led in the last 12 months' },
] as const;

export interface AscWdsWorker {
  uniqueWorkerId: string;
  profession: string;
  approvingLssa: string;
  approvalStart: string;
  approvalEnd: string;
  onRota: boolean;
  assessments12m: number;
}

const ukDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};

export function ascWdsRows(workers: readonly AscWdsWorker[]): Array<Array<string | number>> {
  return workers.map((w) => [w.uniqueWorkerId, w.profession, 1, w.approvingLssa, ukDate(w.approvalStart), ukDate(w.approvalEnd), w.onRota ? 1 : 0, w.assessments12m]);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
