/**
 * Bed and A&E breach escalation (issue 14, point 5; Partnership Working Practice Guidance §4.4–§4.5
 * and Appendices 5–6, the 12-hour breach protocols). A person waiting in an emergency department
 * (from arrival) or for a bed (from the bed request) starts the hospital's timers: each step is a
 * point in time with the named role to contact from the directory; one step may be the breach.
 * Pure: no I/O.
 */
import type { FieldError } from '../../platform/errors.js';
import { formatDuration } from '../../platform/london-time.js';
import { type Result, invalid, ok } from '../../platform/result.js';
import type { PartnerContact } from './partner-directory.js';

export const WAIT_KINDS = ['emergency_department', 'bed'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];
export const WAIT_KIND_LABELS: Record<WaitKind, string> = {
  emergency_department: 'In the emergency department (A&E)',
  bed: 'Waiting for a bed',
};
/** What starts the clock, in words. */
export const WAIT_START_LABELS: Record<WaitKind, string> = { emergency_department: 'Arrived in the emergency department', bed: 'Bed requested' };

/** One point on a hospital's pathway: after this long, contact this named role. */
export interface TimerStep {
  afterMinutes: number;
  role: string;
  /** The breach itself (the 12-hour A&E breach): at most one, the last. */
  breach: boolean;
}

export interface HospitalTimers {
  emergencyDepartment: TimerStep[];
  bed: TimerStep[];
}

/** The defaults when a hospital has none of its own: warnings at 4, 6, 8 and 10 hours, the breach at 12; the bed pathway at 4 and 8 hours. */
export const DEFAULT_TIMERS: HospitalTimers = {
  emergencyDepartment: [
    { afterMinutes: 240, role: 'Duty senior nurse', breach: false },
    { afterMinutes: 360, role: 'Duty senior nurse', breach: false },
    { afterMinutes: 480, role: 'Site manager', breach: false },
    { afterMinutes: 600, role: 'Senior manager on call', breach: false },
    { afterMinutes: 720, role: 'On-call director', breach: true },
  ],
  bed: [
    { afterMinutes: 240, role: 'Duty senior nurse', breach: false },
    { afterMinutes: 480, role: 'Site manager', breach: false },
  ],
};

export function stepsOf(timers: HospitalTimers, kind: WaitKind): TimerStep[] {
  return kind === 'emergency_department' ? timers.emergencyDepartment : timers.bed;
}

const MAX_MINUTES = 72 * 60;

/** A pathway: at least one step, in increasing time (up to 72 hours), each naming a role; the breach, if any, last. */
export function validateSteps(steps: readonly TimerStep[], field: string, name: string): FieldError[] {
  const problems: FieldError[] = [];
  if (steps.length === 0) problems.push({ field, message: `${name}: add at least one step` });
  steps.forEach((step, i) => {
    const at = `Step ${i + 1}`;
    if (!Number.isInteger(step.afterMinutes) || step.afterMinutes <= 0 || step.afterMinutes > MAX_MINUTES) problems.push({ field, message: `${name}, ${at}: give a time after the start, up to 72 hours` });
    else if (i > 0 && step.afterMinutes <= steps[i - 1]!.afterMinutes) problems.push({ field, message: `${name}, ${at}: each step must come later than the one before` });
    if (!step.role.trim()) problems.push({ field, message: `${name}, ${at}: name the role to contact` });
    if (step.breach && i !== steps.length - 1) problems.push({ field, message: `${name}, ${at}: only the last step can be the breach` });
  });
  return problems;
}

export function validateTimers(timers: HospitalTimers): Result<HospitalTimers> {
  const problems = [...validateSteps(timers.emergencyDepartment, 'emergencyDepartment', 'A&E'), ...validateSteps(timers.bed, 'bed', 'Bed pathway')];
  return problems.length > 0 ? invalid(problems) : ok({ emergencyDepartment: timers.emergencyDepartment.map(tidy), bed: timers.bed.map(tidy) });
}

const tidy = (s: TimerStep): TimerStep => ({ afterMinutes: s.afterMinutes, role: s.role.trim(), breach: s.breach });

/**
 * The form's text, one step a line: "4, Duty senior nurse" (hours, role), "12, On-call director,
 * breach". Hours may be decimal ("0.5"). Refuses a line it cannot read, naming it.
 */
export function parseSteps(text: string, field: string, name: string): Result<TimerStep[]> {
  const steps: TimerStep[] = [];
  const problems: FieldError[] = [];
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const [hours, role, flag, ...rest] = line.split(',').map((p) => p.trim());
      const h = Number(hours);
      if (!hours || !Number.isFinite(h) || !role || rest.length > 0 || (flag !== undefined && flag.toLowerCase() !== 'breach')) {
        problems.push({ field, message: `${name}, line ${i + 1}: write the hours, then the role, and "breach" for the breach, like "12, On-call director, breach"` });
        return;
      }
      steps.push({ afterMinutes: Math.round(h * 60), role, breach: flag !== undefined });
    });
  if (problems.length > 0) return invalid(problems);
  const checked = validateSteps(steps, field, name);
  return checked.length > 0 ? invalid(checked) : ok(steps);
}

export function formatSteps(steps: readonly TimerStep[]): string {
  return steps.map((s) => `${+(s.afterMinutes / 60).toFixed(2)}, ${s.role}${s.breach ? ', breach' : ''}`).join('\n');
}

export type StepState = 'upcoming' | 'due' | 'contacted' | 'not_reached';

export interface StepView extends TimerStep {
  index: number;
  dueAt: Date;
  state: StepState;
  /** "4 hours: warning", "12 hours: breach". */
  label: string;
  /** The directory's contacts whose named role matches, in the directory's order. */
  contacts: PartnerContact[];
}

export interface WaitTimes {
  startedAt: Date;
  endedAt: Date | null;
  steps: readonly TimerStep[];
}

/** Directory contacts whose role names this step's role (either way round, any case). */
export function contactsForRole(contacts: readonly PartnerContact[], role: string): PartnerContact[] {
  const want = role.trim().toLowerCase();
  return contacts.filter((c) => {
    const have = c.roleLabel.toLowerCase();
    return have.includes(want) || want.includes(have);
  });
}

/** Each step with when it falls due and where it stands. A step is due from its time until a contact is recorded for it. */
export function stepViews(wait: WaitTimes, contactedSteps: ReadonlySet<number>, directory: readonly PartnerContact[], now: Date): StepView[] {
  const until = wait.endedAt ?? now;
  return wait.steps.map((step, index) => {
    const dueAt = new Date(wait.startedAt.getTime() + step.afterMinutes * 60_000);
    const reached = dueAt.getTime() <= until.getTime();
    const state: StepState = contactedSteps.has(index) ? 'contacted' : reached ? 'due' : wait.endedAt ? 'not_reached' : 'upcoming';
    const label = `${formatDuration(step.afterMinutes)}: ${step.breach ? 'breach' : 'warning'}`;
    return { ...step, index, dueAt, state, label, contacts: contactsForRole(directory, step.role) };
  });
}

export interface WaitSummary {
  /** Minutes from the start to the end, or to now while waiting. */
  minutes: number;
  text: string;
  breached: boolean;
  /** Steps reached with no contact recorded (shown on the referral and the escalations list). */
  stepsDue: number;
  next: { label: string; dueAt: Date; role: string } | null;
}

export function summarise(kind: WaitKind, wait: WaitTimes, steps: readonly StepView[], now: Date): WaitSummary {
  const until = wait.endedAt ?? now;
  const minutes = Math.max(0, Math.floor((until.getTime() - wait.startedAt.getTime()) / 60_000));
  const breachStep = steps.find((s) => s.breach);
  const breached = breachStep !== undefined && breachStep.dueAt.getTime() <= until.getTime();
  const nextStep = wait.endedAt ? undefined : steps.find((s) => s.state === 'upcoming');
  const where = kind === 'emergency_department' ? 'in the emergency department' : 'for a bed';
  const text = wait.endedAt ? `Waited ${formatDuration(minutes)} ${where}` : `Waiting ${where}: ${formatDuration(minutes)} so far`;
  return {
    minutes,
    text: breached ? `${text} (breach)` : text,
    breached,
    stepsDue: steps.filter((s) => s.state === 'due').length,
    next: nextStep ? { label: nextStep.label, dueAt: nextStep.dueAt, role: nextStep.role } : null,
  };
}

/** Steps whose time has come (for the job's notices), for an open wait. */
export function stepsReached(wait: WaitTimes, now: Date): number[] {
  if (wait.endedAt) return [];
  return wait.steps.flatMap((s, i) => (wait.startedAt.getTime() + s.afterMinutes * 60_000 <= now.getTime() ? [i] : []));
}

/** When the next notice falls due for an open wait: the earliest step not yet noticed (null: none left). */
export function nextNoticeDue(wait: WaitTimes, noticed: ReadonlySet<number>): Date | null {
  if (wait.endedAt) return null;
  let next: number | null = null;
  wait.steps.forEach((s, i) => {
    if (noticed.has(i)) return;
    const at = wait.startedAt.getTime() + s.afterMinutes * 60_000;
    if (next === null || at < next) next = at;
  });
  return next === null ? null : new Date(next);
}
