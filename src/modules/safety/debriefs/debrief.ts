// Debriefs after challenging or complex assessments (Staff Welfare §4.2, §5.6; toolkit 4.3:
// "timely de-brief sessions").
//
// Decision: a request is due within 7 calendar days (configurable per team) of the London
// date it was requested, and overdue from the day after that. Calendar rather than working
// days because the need does not pause at weekends and EDT AMHPs work them.

import type { FieldError } from '../../../platform/errors.js';
import { type IsoDate, addDays, londonDate } from '../../../platform/london-time.js';
import { type Result, invalid, ok, wrongState } from '../../../platform/result.js';

export const DEFAULT_DEBRIEF_DUE_DAYS = 7;

export type DebriefStatus = 'requested' | 'held' | 'cancelled';

export interface DebriefRequest {
  id: string;
  /** The AMHP the debrief is for. */
  amhpId: string;
  /** The AMHP, or a lead on their behalf. */
  requestedBy: string;
  requestedAt: Date;
  referralId: string | null;
  reason: string;
  status: DebriefStatus;
  heldBy: string | null;
  heldAt: Date | null;
  cancelledBy: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

export const DEBRIEF_MESSAGES = {
  reasonRequired: 'Say briefly what the debrief is about',
  notOpen: 'This debrief request is no longer open',
  heldByAmhp: 'A debrief is held by someone other than the AMHP it is for',
  heldBeforeRequest: 'The debrief cannot have been held before it was requested',
  heldInFuture: 'The debrief cannot be recorded as held in the future',
  cancelReasonRequired: 'Say why the debrief is no longer needed',
} as const;

export function requestDebrief(
  input: { id: string; amhpId: string; requestedBy: string; referralId?: string | null; reason: string },
  now: Date,
): Result<DebriefRequest> {
  const reason = input.reason.trim();
  if (!reason) return invalid('reason', DEBRIEF_MESSAGES.reasonRequired);
  return ok({
    id: input.id,
    amhpId: input.amhpId,
    requestedBy: input.requestedBy,
    requestedAt: now,
    referralId: input.referralId ?? null,
    reason,
    status: 'requested',
    heldBy: null,
    heldAt: null,
    cancelledBy: null,
    cancelledAt: null,
    cancelReason: null,
  });
}

export function recordDebriefHeld(
  request: DebriefRequest,
  input: { heldBy: string; heldAt: Date },
  now: Date,
): Result<DebriefRequest> {
  if (request.status !== 'requested') return wrongState('debrief_closed', DEBRIEF_MESSAGES.notOpen);
  if (input.heldBy === request.amhpId) return invalid('heldBy', DEBRIEF_MESSAGES.heldByAmhp);
  const errors: FieldError[] = [];
  if (input.heldAt.getTime() < request.requestedAt.getTime()) {
    errors.push({ field: 'heldAt', message: DEBRIEF_MESSAGES.heldBeforeRequest });
  } else if (input.heldAt.getTime() > now.getTime()) {
    errors.push({ field: 'heldAt', message: DEBRIEF_MESSAGES.heldInFuture });
  }
  if (errors.length > 0) return invalid(errors);
  return ok({ ...request, status: 'held', heldBy: input.heldBy, heldAt: input.heldAt });
}

export function cancelDebrief(
  request: DebriefRequest,
  input: { by: string; reason: string },
  now: Date,
): Result<DebriefRequest> {
  if (request.status !== 'requested') return wrongState('debrief_closed', DEBRIEF_MESSAGES.notOpen);
  const reason = input.reason.trim();
  if (!reason) return invalid('cancelReason', DEBRIEF_MESSAGES.cancelReasonRequired);
  return ok({ ...request, status: 'cancelled', cancelledBy: input.by, cancelledAt: now, cancelReason: reason });
}

/** The last London date on which holding the debrief is on time. */
export function debriefDueBy(
  request: Pick<DebriefRequest, 'requestedAt'>,
  dueDays = DEFAULT_DEBRIEF_DUE_DAYS,
): IsoDate {
  return addDays(londonDate(request.requestedAt), dueDays);
}

export function isDebriefOverdue(
  request: Pick<DebriefRequest, 'requestedAt' | 'status'>,
  now: Date,
  dueDays = DEFAULT_DEBRIEF_DUE_DAYS,
): boolean {
  return request.status === 'requested' && londonDate(now) > debriefDueBy(request, dueDays);
}

/** Open requests, overdue first, then oldest first. */
export function openDebriefs<T extends DebriefRequest>(
  requests: readonly T[],
  now: Date,
  dueDays = DEFAULT_DEBRIEF_DUE_DAYS,
): Array<{ request: T; overdue: boolean; dueBy: IsoDate }> {
  return requests
    .filter((r) => r.status === 'requested')
    .map((request) => ({
      request,
      overdue: isDebriefOverdue(request, now, dueDays),
      dueBy: debriefDueBy(request, dueDays),
    }))
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        a.request.requestedAt.getTime() - b.request.requestedAt.getTime() ||
        a.request.id.localeCompare(b.request.id),
    );
}
