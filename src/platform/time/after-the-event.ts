/**
 * Things recorded after the event (a decision made at 09:45 and entered at 16:50): the person
 * says when it happened, London wall-clock parsed by the one time rule (parse.ts); it may not be
 * in the future, nor before what it depends on (the referral arriving, the claim). Both times are
 * kept and shown where they differ.
 */
import { formatDateTime } from './format.js';

export interface HappenedAtCheck {
  /** When it happened, as typed; undefined means "now". */
  happenedAt: Date | undefined;
  now: Date;
  /** What it depends on, e.g. { at: receivedAt, what: 'the referral arrived' }. */
  notBefore?: { at: Date; what: string } | undefined;
  /** How the field is named in messages, e.g. 'When the decision was made'. */
  label: string;
}

export type HappenedAtResult = { ok: true; at: Date } | { ok: false; message: string };

/**
 * The time it happened, or why it cannot be accepted. Times are typed to the minute, so "now"
 * typed in the current minute is accepted.
 */
export function checkHappenedAt(check: HappenedAtCheck): HappenedAtResult {
  const at = check.happenedAt ?? check.now;
  if (at.getTime() > check.now.getTime()) {
    return { ok: false, message: `${check.label} cannot be in the future (it is now ${formatDateTime(check.now)})` };
  }
  if (check.notBefore && startOfMinute(at) < startOfMinute(check.notBefore.at)) {
    return { ok: false, message: `${check.label} cannot be before ${check.notBefore.what} (${formatDateTime(check.notBefore.at)})` };
  }
  return { ok: true, at };
}

/** True when what happened and its recording read differently (to the minute people see). */
export function recordedLater(happenedAt: Date | null | undefined, recordedAt: Date | null | undefined): boolean {
  if (!happenedAt || !recordedAt) return false;
  return startOfMinute(recordedAt) > startOfMinute(happenedAt);
}

function startOfMinute(instant: Date): number {
  return Math.floor(instant.getTime() / 60_000);
}
