import { type IsoDate, formatSpan, formatTime, londonDate } from '../../platform/london-time.js';
import { formatDayTime, formatLongDate } from './duty-calendar.js';
import { handoverTiming, partyLabel } from './handover.js';
import type { Handover } from './handover.js';
import type { Absence, DutyShift, RotaChange } from './rota.js';
import type { BankHolidays, ServiceHoursConfig, ServiceTeam } from './service-hours.js';

// The daily SITREP (Handover guidance §3.10): sent by e-mail between services each day.

export interface SitrepReferral {
  referralId: string;
  /** A reference, never a person's name: the SITREP goes by e-mail. */
  label: string;
  receivedAt: Date;
  source: string | null;
}

export interface SitrepAssessment {
  referralId: string;
  label: string;
  completedAt: Date;
  outcome: string;
}

export interface SitrepPending {
  referralId: string;
  label: string;
  receivedAt: Date;
  stage: string;
  allocatedTo: string | null;
}

/** One cause of delay on one assessment: a derived wait, or the cause the AMHP recorded. */
export interface SitrepDelay {
  referralId: string;
  cause: string;
  /** How long the derived wait was; null for a recorded cause with no times behind it. */
  minutes: number | null;
}

export interface SitrepStaffing {
  onDuty: { name: string; team: ServiceTeam }[];
  sick: { name: string; team: ServiceTeam }[];
  backupsUsed: { name: string; coveringFor: string }[];
}

export interface SitrepHandover {
  handoverId: string;
  from: string;
  to: string;
  sentAt: Date;
  referralIds: string[];
  overdue: boolean;
}

export interface SitrepInput {
  date: IsoDate;
  generatedAt: Date;
  serviceName: string;
  received: readonly SitrepReferral[];
  assessments: readonly SitrepAssessment[];
  pending: readonly SitrepPending[];
  delays: readonly SitrepDelay[];
  staffing: SitrepStaffing;
  openHandovers: readonly SitrepHandover[];
}

export interface CountedItem {
  label: string;
  count: number;
}

export interface DelayCount extends CountedItem {
  /** The waits' total length, where the times were recorded. */
  minutes: number;
}

export interface Sitrep extends SitrepInput {
  outcomes: CountedItem[];
  delaysByCause: DelayCount[];
  totals: {
    received: number;
    assessments: number;
    pending: number;
    unallocatedPending: number;
    delays: number;
    openHandovers: number;
    overdueHandovers: number;
  };
}

/**
 * The delays of one assessment: every wait derived from its times counts under its cause (a bed
 * wait and a section 12 doctor wait are two delays); the cause the AMHP recorded counts too when
 * no wait of that cause was derived. One line per cause per assessment.
 */
export function delaysOfAssessment(referralId: string, waits: readonly { cause: string; minutes: number }[], recordedCause: string | null): SitrepDelay[] {
  const byCause = new Map<string, number | null>();
  for (const w of waits) byCause.set(w.cause, (byCause.get(w.cause) ?? 0) + w.minutes);
  if (recordedCause && !byCause.has(recordedCause)) byCause.set(recordedCause, null);
  return [...byCause.entries()].map(([cause, minutes]) => ({ referralId, cause, minutes }));
}

/** Most frequent first, then alphabetical, so the report reads the same for the same data. */
function countBy(labels: readonly string[]): CountedItem[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts.entries()]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

const byTime =
  <T>(at: (x: T) => Date) =>
  (a: T, b: T) =>
    at(a).getTime() - at(b).getTime();

export function buildSitrep(input: SitrepInput): Sitrep {
  const pending = [...input.pending].sort(byTime((p) => p.receivedAt));
  const openHandovers = [...input.openHandovers].sort(byTime((h) => h.sentAt));
  return {
    ...input,
    received: [...input.received].sort(byTime((r) => r.receivedAt)),
    assessments: [...input.assessments].sort(byTime((a) => a.completedAt)),
    pending,
    openHandovers,
    outcomes: countBy(input.assessments.map((a) => a.outcome.trim())),
    delaysByCause: countBy(input.delays.map((d) => d.cause.trim())).map((c) => ({
      ...c,
      minutes: input.delays.filter((d) => d.cause.trim() === c.label).reduce((sum, d) => sum + (d.minutes ?? 0), 0),
    })),
    totals: {
      received: input.received.length,
      assessments: input.assessments.length,
      pending: pending.length,
      unallocatedPending: pending.filter((p) => p.allocatedTo === null).length,
      delays: input.delays.length,
      openHandovers: openHandovers.length,
      overdueHandovers: openHandovers.filter((h) => h.overdue).length,
    },
  };
}

/**
 * Staffing for a day from the rota, its sickness changes and absences; nameOf resolves person
 * ids. Someone off sick (or on leave) that day is never listed as on duty, even on a back-up shift.
 */
export function staffingFromRota(
  shifts: readonly DutyShift[],
  changes: readonly RotaChange[],
  date: IsoDate,
  nameOf: (personId: string) => string,
  absences: readonly Absence[] = [],
): SitrepStaffing {
  const today = shifts.filter((s) => s.date === date).sort(byTime((s) => s.start));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const sickShifts = today.filter((s) => s.status === 'unavailable');
  const sickIds = new Set([...sickShifts.map((s) => s.personId), ...absences.filter((a) => a.kind === 'sickness' && a.startsOn <= date && date <= a.endsOn).map((a) => a.personId)]);
  const awayIds = new Set([...sickIds, ...absences.filter((a) => a.startsOn <= date && date <= a.endsOn).map((a) => a.personId)]);
  const sick = [
    ...sickShifts.map((s) => ({ name: nameOf(s.personId), team: s.kind })),
    // Sick that day with no duty of their own that day: shown under the team of any back-up shift they were wrongly given.
    ...[...sickIds].filter((id) => !sickShifts.some((s) => s.personId === id) && today.some((s) => s.personId === id)).map((id) => ({ name: nameOf(id), team: (today.find((s) => s.personId === id) as DutyShift).kind })),
  ];
  return {
    onDuty: today
      .filter((s) => s.status === 'planned' && !awayIds.has(s.personId))
      .map((s) => ({ name: nameOf(s.personId), team: s.kind }))
      .sort((a, b) => a.team.localeCompare(b.team) || byName(a, b)),
    sick: sick.sort(byName),
    backupsUsed: changes
      .filter((c) => c.date === date && c.backupPersonId !== null && !awayIds.has(c.backupPersonId))
      .map((c) => ({ name: nameOf(c.backupPersonId as string), coveringFor: nameOf(c.absentPersonId) }))
      .sort(byName),
  };
}

export function openHandoversForSitrep(
  handovers: readonly Handover[],
  now: Date,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): SitrepHandover[] {
  return handovers
    .filter((h) => h.status === 'sent')
    .map((h) => ({
      handoverId: h.id,
      from: partyLabel(h.from),
      to: partyLabel(h.to),
      sentAt: h.sentAt,
      referralIds: h.items.map((i) => i.referralId),
      overdue: handoverTiming(h, now, config, bankHolidays).overdue,
    }));
}

export const SITREP_LINE_WIDTH = 80;

/** Word-wrap to the width; continuation lines are indented under the first line's text. */
export function wrapLine(text: string, width: number, indent = '', hangingIndent = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = indent;
  let empty = true;
  const push = () => {
    lines.push(current.trimEnd());
    current = hangingIndent;
    empty = true;
  };
  for (let word of words) {
    while (word.length > width - hangingIndent.length) {
      if (!empty) push();
      const room = width - current.length;
      lines.push(current + word.slice(0, room));
      word = word.slice(room);
      current = hangingIndent;
    }
    if (!word) continue;
    const candidate = empty ? current + word : `${current} ${word}`;
    if (candidate.length > width && !empty) {
      push();
      current += word;
    } else {
      current = candidate;
    }
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}

function heading(title: string, count?: number): string[] {
  const text = count === undefined ? title : `${title}: ${count}`;
  return ['', text.toUpperCase(), '-'.repeat(Math.min(text.length, SITREP_LINE_WIDTH))];
}

function bullet(text: string): string[] {
  return wrapLine(text, SITREP_LINE_WIDTH, '- ', '  ');
}

function timeOrDateTime(instant: Date, day: IsoDate): string {
  return londonDate(instant) === day ? formatTime(instant) : formatDayTime(instant);
}

const TEAM_LABEL: Record<ServiceTeam, string> = { daytime: 'daytime', edt: 'EDT' };

/** Plain text ready to paste into an e-mail: stable order, lines of at most 80 characters. */
export function renderSitrepText(sitrep: Sitrep): string {
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add(...wrapLine(`Daily SITREP: ${sitrep.serviceName}`, SITREP_LINE_WIDTH));
  add(formatLongDate(sitrep.date));
  add(`Produced ${formatDayTime(sitrep.generatedAt)}`);

  add(...heading('Summary'));
  add(`Referrals received:      ${sitrep.totals.received}`);
  add(`Assessments completed:   ${sitrep.totals.assessments}`);
  add(`Work pending:            ${sitrep.totals.pending} (${sitrep.totals.unallocatedPending} unallocated)`);
  add(`Delays recorded:         ${sitrep.totals.delays}`);
  add(`Open handovers:          ${sitrep.totals.openHandovers} (${sitrep.totals.overdueHandovers} overdue)`);

  add(...heading('Referrals received', sitrep.totals.received));
  if (sitrep.received.length === 0) add('None');
  for (const r of sitrep.received) {
    add(...bullet(`${timeOrDateTime(r.receivedAt, sitrep.date)} ${r.label}${r.source ? ` from ${r.source}` : ''}`));
  }

  add(...heading('Assessments and outcomes', sitrep.totals.assessments));
  if (sitrep.assessments.length === 0) add('None');
  for (const o of sitrep.outcomes) add(...bullet(`${o.label}: ${o.count}`));
  if (sitrep.assessments.length > 0) add('');
  for (const a of sitrep.assessments) {
    add(...bullet(`${timeOrDateTime(a.completedAt, sitrep.date)} ${a.label}: ${a.outcome}`));
  }

  add(...heading('Work pending', sitrep.totals.pending));
  if (sitrep.pending.length === 0) add('None');
  for (const p of sitrep.pending) {
    const who = p.allocatedTo ? `allocated to ${p.allocatedTo}` : 'not allocated';
    add(...bullet(`${p.label}, received ${formatDayTime(p.receivedAt)}: ${p.stage}; ${who}`));
  }

  add(...heading('Delays by cause', sitrep.totals.delays));
  if (sitrep.delaysByCause.length === 0) add('None');
  for (const d of sitrep.delaysByCause) add(...bullet(`${d.label}: ${d.count}${d.minutes > 0 ? ` (${formatSpan(d.minutes)} in all)` : ''}`));

  add(...heading('Staffing'));
  const names = (list: { name: string }[]) => (list.length ? list.map((p) => p.name).join(', ') : 'none');
  const daytime = sitrep.staffing.onDuty.filter((p) => p.team === 'daytime');
  const edt = sitrep.staffing.onDuty.filter((p) => p.team === 'edt');
  add(...wrapLine(`On duty (daytime): ${names(daytime)}`, SITREP_LINE_WIDTH, '', '  '));
  add(...wrapLine(`On duty (EDT): ${names(edt)}`, SITREP_LINE_WIDTH, '', '  '));
  const sick = sitrep.staffing.sick.map((p) => ({ name: `${p.name} (${TEAM_LABEL[p.team]})` }));
  add(...wrapLine(`Sick: ${names(sick)}`, SITREP_LINE_WIDTH, '', '  '));
  const backups = sitrep.staffing.backupsUsed.map((b) => ({ name: `${b.name} for ${b.coveringFor}` }));
  add(...wrapLine(`Back-up used: ${names(backups)}`, SITREP_LINE_WIDTH, '', '  '));

  add(...heading('Open handovers', sitrep.totals.openHandovers));
  if (sitrep.openHandovers.length === 0) add('None');
  for (const h of sitrep.openHandovers) {
    add(
      ...bullet(
        `${h.overdue ? 'OVERDUE: ' : ''}${h.from} to ${h.to}, sent ${formatDayTime(h.sentAt)}, not yet accepted (${h.referralIds.length} referral${h.referralIds.length === 1 ? '' : 's'})`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
