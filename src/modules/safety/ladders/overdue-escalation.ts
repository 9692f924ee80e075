// Overdue and alarm escalation for visits, modelled on the on-call ladder in the Partnership
// Working guidance (Escalation §6.1: on-call manager → team/service manager → head of service,
// trying again after 15 minutes without a response).
//
// The scheduler calls `planEscalation` with what is on record and the current instant, and
// writes every returned record under its `key` with a unique constraint. The plan depends
// only on its inputs, so two app instances (or a rerun after a crash) produce the same keys
// and each step is written exactly once.

import type { FieldError } from '../../../platform/errors.js';
import { addMinutes } from '../../../platform/london-time.js';
import { type Result, invalid, ok, wrongState } from '../../../platform/result.js';
import { type Visit, VISIT_MESSAGES, isPlausibleUkPhone } from '../visits/visit.js';

export interface LadderStep {
  /** e.g. "EDT on-call manager", "Team manager", "Head of service". */
  roleLabel: string;
  /** The named person, when the team configures one; the service may fill in who is on call. */
  personLabel: string | null;
  contactNumber: string;
  /** The person to alert in the app and by e-mail, when the team names one. */
  personId?: string | null;
}

export interface EscalationPolicy {
  /** Minutes after the expected finish before the first alert. */
  graceMinutes: number;
  /** Minutes a step is given to reach the AMHP before the next step is alerted. */
  stepIntervalMinutes: number;
  /** The same for "I need help now" and duress alarms, which skip the grace period. */
  alarmStepIntervalMinutes: number;
  /** Step 0 is the responsible AMHP Lead / on-call manager. */
  ladder: LadderStep[];
}

export const DEFAULT_GRACE_MINUTES = 15;
export const DEFAULT_STEP_INTERVAL_MINUTES = 15;
// Waiting a full 15 minutes on an unanswered "I need help now" before going up the ladder is
// too long; 5 is our default and teams can change it.
export const DEFAULT_ALARM_STEP_INTERVAL_MINUTES = 5;

export function escalationPolicy(
  ladder: LadderStep[],
  overrides: Partial<Omit<EscalationPolicy, 'ladder'>> = {},
): EscalationPolicy {
  return {
    graceMinutes: overrides.graceMinutes ?? DEFAULT_GRACE_MINUTES,
    stepIntervalMinutes: overrides.stepIntervalMinutes ?? DEFAULT_STEP_INTERVAL_MINUTES,
    alarmStepIntervalMinutes: overrides.alarmStepIntervalMinutes ?? DEFAULT_ALARM_STEP_INTERVAL_MINUTES,
    ladder,
  };
}

export const POLICY_LIMITS = { maxGraceMinutes: 120, minIntervalMinutes: 1, maxIntervalMinutes: 120 } as const;
export const MAX_LADDER_STEPS = 10;

export function validateEscalationPolicy(policy: EscalationPolicy): FieldError[] {
  const errors: FieldError[] = [];
  const whole = (n: number, lo: number, hi: number): boolean => Number.isInteger(n) && n >= lo && n <= hi;
  if (!whole(policy.graceMinutes, 0, POLICY_LIMITS.maxGraceMinutes)) {
    errors.push({ field: 'graceMinutes', message: 'Grace period must be a whole number of minutes from 0 to 120' });
  }
  const { minIntervalMinutes: lo, maxIntervalMinutes: hi } = POLICY_LIMITS;
  if (!whole(policy.stepIntervalMinutes, lo, hi)) {
    errors.push({ field: 'stepIntervalMinutes', message: 'Time before escalating must be from 1 to 120 minutes' });
  }
  if (!whole(policy.alarmStepIntervalMinutes, lo, hi)) {
    errors.push({
      field: 'alarmStepIntervalMinutes',
      message: 'Time before escalating an alarm must be from 1 to 120 minutes',
    });
  }
  if (policy.ladder.length === 0) {
    errors.push({ field: 'ladder', message: 'Add at least one person to alert' });
  }
  policy.ladder.forEach((step, index) => {
    if (!step.roleLabel.trim()) errors.push({ field: `ladder.${index}.roleLabel`, message: 'Enter the role to alert' });
    if (!step.contactNumber.trim()) {
      errors.push({ field: `ladder.${index}.contactNumber`, message: 'Enter a contact number for this step' });
    } else if (!isPlausibleUkPhone(step.contactNumber)) {
      errors.push({ field: `ladder.${index}.contactNumber`, message: VISIT_MESSAGES.phoneInvalid });
    }
  });
  if (policy.ladder.length > MAX_LADDER_STEPS) errors.push({ field: 'ladder', message: `A ladder can have up to ${MAX_LADDER_STEPS} steps` });
  return errors;
}

export type EscalationTrigger = 'overdue' | 'help_requested' | 'duress';

/**
 * One run of escalation for one cause: an expected finish passing (a new one after each
 * extension), a help request, or a duress finish.
 */
export interface Episode {
  key: string;
  trigger: EscalationTrigger;
  /** The expected finish, or when the alarm was raised. */
  anchor: Date;
}

export type StandDownReason = 'finished_safe' | 'finished_home' | 'alarm_resolved' | 'extended' | 'reached';

interface RecordBase {
  key: string;
  visitId: string;
  episodeKey: string;
  trigger: EscalationTrigger;
  at: Date;
}

export interface AlertRecord extends RecordBase {
  kind: 'alert';
  stepIndex: number;
  /** The step as configured when alerted, so later configuration changes don't rewrite history. */
  step: LadderStep;
}

/** Every step was alerted and none reached the AMHP: the service must surface this loudly. */
export interface LadderExhaustedRecord extends RecordBase {
  kind: 'ladder_exhausted';
}

/** Tells everyone alerted in an episode that it is over, and why. */
export interface StandDownRecord extends RecordBase {
  kind: 'stand_down';
  reason: StandDownReason;
  notifyStepIndexes: number[];
}

export type EscalationRecord = AlertRecord | LadderExhaustedRecord | StandDownRecord;

/** What the person alerted did: tried calling, reached the AMHP, or could not reach them. */
export type AcknowledgementOutcome = 'called_amhp' | 'reached_amhp' | 'not_reached';

export const ACKNOWLEDGEMENT_OUTCOME_LABELS: Record<AcknowledgementOutcome, string> = {
  called_amhp: 'Called the AMHP, waiting for an answer',
  reached_amhp: 'Reached the AMHP',
  not_reached: 'Could not reach the AMHP',
};

export interface Acknowledgement {
  alertKey: string;
  by: string;
  at: Date;
  outcome: AcknowledgementOutcome;
  note: string | null;
}

export function episodeKey(trigger: EscalationTrigger, anchor: Date): string {
  const prefix = trigger === 'overdue' ? 'overdue' : trigger === 'help_requested' ? 'help' : 'duress';
  return `${prefix}@${anchor.toISOString()}`;
}

export function alertKey(visitId: string, episode: string, stepIndex: number): string {
  return `${visitId}:${episode}:${stepIndex}`;
}

/** The cause the visit is currently escalated (or would be) for; null once finished. */
export function activeEpisode(visit: Visit): Episode | null {
  const episode = (trigger: EscalationTrigger, anchor: Date): Episode => ({
    key: episodeKey(trigger, anchor),
    trigger,
    anchor,
  });
  switch (visit.status) {
    case 'out':
      return episode('overdue', visit.expectedFinishAt);
    case 'help_requested':
      return visit.helpRequestedAt ? episode('help_requested', visit.helpRequestedAt) : null;
    case 'duress':
      return visit.duressAt ? episode('duress', visit.duressAt) : null;
    case 'finished_safe':
    case 'finished_home':
      return null;
  }
}

function latestAcknowledgement(
  alerts: AlertRecord[],
  acknowledgements: readonly Acknowledgement[],
): Acknowledgement | null {
  const keys = new Set(alerts.map((alert) => alert.key));
  let latest: Acknowledgement | null = null;
  for (const ack of acknowledgements) {
    if (keys.has(ack.alertKey) && (!latest || ack.at.getTime() >= latest.at.getTime())) latest = ack;
  }
  return latest;
}

/**
 * Reaching the AMHP ends an overdue episode, and stops a help request climbing (the manager is
 * now handling it). It never stops a duress alarm: a coerced AMHP may well say they are fine.
 */
function reachedStopsClimbing(trigger: EscalationTrigger): boolean {
  return trigger !== 'duress';
}

interface EscalationInput {
  visit: Visit;
  policy: EscalationPolicy;
  /** All escalation records for this visit (others are ignored). */
  records: readonly EscalationRecord[];
  acknowledgements: readonly Acknowledgement[];
}

export interface EscalationPlan {
  /** Records to write now, each under its unique key. */
  due: EscalationRecord[];
  /** When to look again if nothing else changes; null when nothing further can fall due. */
  nextCheckAt: Date | null;
}

type Pending = { dueAt: Date; make: (at: Date) => EscalationRecord };

function nextClimb(input: EscalationInput, episode: Episode): Pending | null {
  const { visit, policy, records, acknowledgements } = input;
  const alerts = records
    .filter((r): r is AlertRecord => r.kind === 'alert' && r.visitId === visit.id && r.episodeKey === episode.key)
    .sort((a, b) => a.stepIndex - b.stepIndex);
  if (
    reachedStopsClimbing(episode.trigger) &&
    latestAcknowledgement(alerts, acknowledgements)?.outcome === 'reached_amhp'
  ) {
    return null;
  }
  const base = { visitId: visit.id, episodeKey: episode.key, trigger: episode.trigger };
  const interval = episode.trigger === 'overdue' ? policy.stepIntervalMinutes : policy.alarmStepIntervalMinutes;
  const highest = alerts[alerts.length - 1];
  const nextIndex = highest ? highest.stepIndex + 1 : 0;
  const dueAt = highest
    ? addMinutes(highest.at, interval)
    : episode.trigger === 'overdue'
      ? addMinutes(episode.anchor, policy.graceMinutes)
      : episode.anchor;
  const step = policy.ladder[nextIndex];
  if (step) {
    return {
      dueAt,
      make: (at) => ({
        ...base,
        kind: 'alert',
        key: alertKey(visit.id, episode.key, nextIndex),
        stepIndex: nextIndex,
        step,
        at,
      }),
    };
  }
  const exhaustedKey = `${visit.id}:${episode.key}:exhausted`;
  if (records.some((r) => r.key === exhaustedKey)) return null;
  return { dueAt, make: (at) => ({ ...base, kind: 'ladder_exhausted', key: exhaustedKey, at }) };
}

function standDownReason(visit: Visit, episodeTrigger: EscalationTrigger): StandDownReason | null {
  switch (visit.status) {
    case 'finished_home':
      return 'finished_home';
    case 'finished_safe':
      return visit.alarmResolution ? 'alarm_resolved' : 'finished_safe';
    case 'out':
      // Only an overdue episode can end while the visit is still out: by an extension.
      return episodeTrigger === 'overdue' ? 'extended' : null;
    case 'help_requested':
    case 'duress':
      // An earlier episode overtaken by an alarm is not over: never tell anyone to stand down.
      return null;
  }
}

function standDowns(input: EscalationInput, active: Episode | null, now: Date): EscalationRecord[] {
  const { visit, records, acknowledgements } = input;
  const mine = records.filter((r) => r.visitId === visit.id);
  const alertsByEpisode = new Map<string, AlertRecord[]>();
  for (const record of mine) {
    if (record.kind !== 'alert') continue;
    const list = alertsByEpisode.get(record.episodeKey) ?? [];
    list.push(record);
    alertsByEpisode.set(record.episodeKey, list);
  }
  const due: EscalationRecord[] = [];
  for (const [key, alerts] of alertsByEpisode) {
    const standDownKey = `${visit.id}:${key}:stand-down`;
    if (mine.some((r) => r.key === standDownKey)) continue;
    const first = alerts[0];
    if (!first) continue;
    let reason: StandDownReason | null;
    if (active && key === active.key) {
      const reached = latestAcknowledgement(alerts, acknowledgements)?.outcome === 'reached_amhp';
      reason = reached && active.trigger === 'overdue' ? 'reached' : null;
    } else {
      reason = standDownReason(visit, first.trigger);
    }
    if (!reason) continue;
    due.push({
      kind: 'stand_down',
      key: standDownKey,
      visitId: visit.id,
      episodeKey: key,
      trigger: first.trigger,
      at: now,
      reason,
      notifyStepIndexes: [...new Set(alerts.map((a) => a.stepIndex))].sort((a, b) => a - b),
    });
  }
  return due.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * What escalation is due for a visit at `now`. At most one ladder step per run, so a scheduler
 * that was down for an hour does not alert the whole ladder at once: each step gets its full
 * interval from the moment it was actually alerted.
 */
export function planEscalation(input: EscalationInput & { now: Date }): EscalationPlan {
  const { visit, now } = input;
  const active = activeEpisode(visit);
  const due = standDowns(input, active, now);
  if (!active) return { due, nextCheckAt: null };

  const pending = nextClimb(input, active);
  if (!pending) return { due, nextCheckAt: null };
  if (pending.dueAt.getTime() > now.getTime()) return { due, nextCheckAt: pending.dueAt };

  const record = pending.make(now);
  due.push(record);
  const after = nextClimb({ ...input, records: [...input.records, record] }, active);
  return { due, nextCheckAt: after ? after.dueAt : null };
}

export interface AcknowledgeInput {
  by: string;
  at: Date;
  outcome: AcknowledgementOutcome;
  note?: string | null;
}

export const ACKNOWLEDGEMENT_MESSAGES = {
  notAnAlert: 'Only an alert can be acknowledged',
  beforeAlert: 'An acknowledgement cannot be earlier than the alert',
  noteRequiredWhenNotReached: 'Say what you have tried, so the next person up knows',
} as const;

/** Records what the alerted person did. Anyone with the right role may acknowledge. */
export function acknowledgeAlert(record: EscalationRecord, input: AcknowledgeInput): Result<Acknowledgement> {
  if (record.kind !== 'alert') return wrongState('not_an_alert', ACKNOWLEDGEMENT_MESSAGES.notAnAlert);
  if (input.at.getTime() < record.at.getTime()) return invalid('at', ACKNOWLEDGEMENT_MESSAGES.beforeAlert);
  const note = input.note?.trim() || null;
  if (input.outcome === 'not_reached' && !note) {
    return invalid('note', ACKNOWLEDGEMENT_MESSAGES.noteRequiredWhenNotReached);
  }
  return ok({ alertKey: record.key, by: input.by, at: input.at, outcome: input.outcome, note });
}

/** Alerts still waiting for anyone to acknowledge them — what flashes on a lead's screen. */
export function unacknowledgedAlerts(
  records: readonly EscalationRecord[],
  acknowledgements: readonly Acknowledgement[],
): AlertRecord[] {
  const acknowledged = new Set(acknowledgements.map((a) => a.alertKey));
  const closedEpisodes = new Set(
    records.filter((r) => r.kind === 'stand_down').map((r) => `${r.visitId}:${r.episodeKey}`),
  );
  return records
    .filter((r): r is AlertRecord => r.kind === 'alert')
    .filter((r) => !acknowledged.has(r.key) && !closedEpisodes.has(`${r.visitId}:${r.episodeKey}`))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}
