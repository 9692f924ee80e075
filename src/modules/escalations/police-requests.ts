/**
 * Right Care, Right Person (issue 14, point 7). Police attend a mental health call only above the
 * RCRP threshold: a real and immediate risk to life or of serious harm, a crime being (or about to
 * be) committed, or a breach of the peace. Each request records which, or another reason with an
 * explanation, and what the police did; a declined or unanswered request can be escalated.
 */
import { type Result, invalid, ok } from '../../platform/result.js';

export const THRESHOLDS = ['risk_to_life', 'crime', 'breach_of_peace', 'other'] as const;
export type Threshold = (typeof THRESHOLDS)[number];
export const THRESHOLD_LABELS: Record<Threshold, string> = {
  risk_to_life: 'Real and immediate risk to life or of serious harm',
  crime: 'A crime is being, or is about to be, committed',
  breach_of_peace: 'A breach of the peace',
  other: 'Another reason (explained)',
};

export const POLICE_RESPONSES = ['awaiting', 'attended', 'declined', 'no_response'] as const;
export type PoliceResponse = (typeof POLICE_RESPONSES)[number];
export const POLICE_RESPONSE_LABELS: Record<PoliceResponse, string> = {
  awaiting: 'Awaiting the police response',
  attended: 'Attended',
  declined: 'Declined',
  no_response: 'No response',
};

/** The categories an escalation about a police response may take. */
export const POLICE_ESCALATION_CATEGORIES = ['conveyance', 'professional_dispute'] as const;
export type PoliceEscalationCategory = (typeof POLICE_ESCALATION_CATEGORIES)[number];

/** "Other" needs its explanation; the others may carry one. */
export function checkReason(threshold: Threshold, explanation: string): Result<{ threshold: Threshold; explanation: string }> {
  const text = explanation.trim();
  if (threshold === 'other' && !text) return invalid('explanation', 'Explain why police attendance was requested when it is not one of the threshold reasons');
  return ok({ threshold, explanation: text });
}

/** Only a request the police declined or did not answer is escalated, and only once. */
export function mayEscalate(request: { response: PoliceResponse; escalationId: string | null }): boolean {
  return request.escalationId === null && (request.response === 'declined' || request.response === 'no_response');
}

/** The concern an escalation about this response starts with (the officer edits nothing: it is the record). */
export function escalationText(request: { referralReference: string; threshold: Threshold; explanation: string; requestedAtText: string; response: PoliceResponse; responseNote: string }): { concern: string; outcomeSought: string } {
  const reason = THRESHOLD_LABELS[request.threshold] + (request.explanation ? `: ${request.explanation}` : '');
  const response = POLICE_RESPONSE_LABELS[request.response].toLowerCase() + (request.responseNote ? ` (${request.responseNote})` : '');
  return {
    concern: `Police attendance was requested for referral ${request.referralReference} on ${request.requestedAtText} under Right Care, Right Person. Reason: ${reason}. The police response: ${response}.`,
    outcomeSought: 'Police attendance when the Right Care, Right Person threshold is met, and a review of this response.',
  };
}

export type ReasonCounts = Record<Threshold, { requested: number; attended: number; declined: number; noResponse: number }>;

/** Requests counted by threshold reason and response, for governance. */
export function countByReason(requests: ReadonlyArray<{ threshold: Threshold; response: PoliceResponse }>): ReasonCounts {
  const counts = Object.fromEntries(THRESHOLDS.map((t) => [t, { requested: 0, attended: 0, declined: 0, noResponse: 0 }])) as ReasonCounts;
  for (const r of requests) {
    const c = counts[r.threshold];
    c.requested += 1;
    if (r.response === 'attended') c.attended += 1;
    if (r.response === 'declined') c.declined += 1;
    if (r.response === 'no_response') c.noResponse += 1;
  }
  return counts;
}
