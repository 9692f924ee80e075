// The referral as the API returns it: from GET /api/v1/referrals/:id and from every write, so a
// client never needs to re-read after a change. The schemas document the responses; the
// functions build them, so the two describe one shape.

import { z } from 'zod';
import { availableEvents, REFERRAL_STATUS_LABELS, type ReferralState } from '../referral-lifecycle.js';
import type { FeedbackRecord, ReferralDetail, ReferralRow, TimelineEvent } from './referral-repository.js';
import { REFERRAL_STATUS_CODES } from './referral-schemas.js';

const status = z.enum(REFERRAL_STATUS_CODES);

export const referralListItem = z.object({
  id: z.string(),
  reference: z.string(),
  status,
  receivedAt: z.date(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  nhsNumber: z.string().nullable(),
  urgency: z.string(),
  legalStatus: z.string(),
  sourceType: z.string(),
  lssaId: z.string().nullable(),
  lssaName: z.string().nullable(),
  allocatedAmhpId: z.string().nullable(),
  allocatedAmhpName: z.string().nullable(),
  decision: z.string().nullable(),
  currentLocation: z.string(),
  updatedAt: z.date(),
  version: z.number().int(),
});

const timelineEvent = z.object({ occurredAt: z.date(), kind: z.string(), summary: z.string(), actorName: z.string().nullable() });
const feedbackGiven = z.object({ id: z.string(), givenTo: z.string(), givenAt: z.date(), method: z.string(), notes: z.string(), givenByName: z.string() });

export const referralResource = z.object({
  id: z.string(),
  reference: z.string(),
  status,
  statusLabel: z.string(),
  version: z.number().int().meta({ description: 'Send this back with your next change (optimistic locking)' }),
  receivedAt: z.date(),
  receivedVia: z.string(),
  sourceType: z.string(),
  referrerName: z.string(),
  referrerRole: z.string(),
  referrerOrganisation: z.string(),
  referrerContact: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  nhsNumber: z.string().nullable(),
  address: z.string(),
  postcode: z.string(),
  lssaId: z.string().nullable(),
  lssaName: z.string().nullable(),
  gender: z.string(),
  ethnicity: z.string().nullable(),
  firstLanguage: z.string(),
  interpreterNeeded: z.boolean(),
  communicationNeeds: z.string(),
  currentLocation: z.string(),
  legalStatus: z.string(),
  legalStatusSince: z.date().nullable(),
  reason: z.string(),
  risks: z.string(),
  risksToStaff: z.string(),
  urgency: z.string(),
  decision: z.string().nullable(),
  decisionAlternative: z.string().nullable(),
  decisionAlternativeDetail: z.string().nullable(),
  decisionRationale: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.date().nullable().meta({ description: 'When the decision was made' }),
  decisionRecordedAt: z.date().nullable().meta({ description: 'When the decision was entered (later than decidedAt when recorded after the event)' }),
  allocatedAmhpId: z.string().nullable(),
  allocatedAmhpName: z.string().nullable(),
  allocatedByName: z.string().nullable(),
  allocatedAt: z.date().nullable(),
  allocationOverrideReason: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  closedAt: z.date().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  timeline: z.array(timelineEvent).meta({ description: 'Newest first' }),
  feedback: z.array(feedbackGiven),
  availableActions: z.array(z.string()).meta({ description: 'What the lifecycle allows now: decide, information_received, allocate, withdraw, close …' }),
});
export type ReferralResource = z.output<typeof referralResource>;

export const crisisTeamPrompt = z.object({ code: z.string(), kind: z.enum(['not_appropriate', 'check', 'info']), message: z.string() });

/** The decision's response: the referral, and the crisis-team prompts when that was the alternative. */
export const decisionResource = referralResource.extend({ prompts: z.array(crisisTeamPrompt) });

export const allocatableAmhp = z.object({ id: z.string(), name: z.string(), eligible: z.boolean(), reason: z.string().optional() });

/** The lifecycle's view of a row: the decision counts once it is final. */
export function stateOf(row: Pick<ReferralRow, 'status' | 'decision'>): ReferralState {
  const decision = row.decision === 'proceed' || row.decision === 'not_proceed' ? row.decision : null;
  return { status: row.status, decision: row.status === 'received' || row.status === 'awaiting_information' ? null : decision };
}

export function toResource(r: ReferralDetail, timeline: TimelineEvent[], feedback: FeedbackRecord[]): ReferralResource {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    statusLabel: REFERRAL_STATUS_LABELS[r.status],
    version: r.version,
    receivedAt: r.receivedAt,
    receivedVia: r.receivedVia,
    sourceType: r.sourceType,
    referrerName: r.referrerName,
    referrerRole: r.referrerRole,
    referrerOrganisation: r.referrerOrganisation,
    referrerContact: r.referrerContact,
    givenName: r.givenName,
    familyName: r.familyName,
    dateOfBirth: r.dateOfBirth,
    nhsNumber: r.nhsNumber,
    address: r.address,
    postcode: r.postcode,
    lssaId: r.lssaId,
    lssaName: r.lssaName,
    gender: r.gender,
    ethnicity: r.ethnicity,
    firstLanguage: r.firstLanguage,
    interpreterNeeded: r.interpreterNeeded,
    communicationNeeds: r.communicationNeeds,
    currentLocation: r.currentLocation,
    legalStatus: r.legalStatus,
    legalStatusSince: r.legalStatusSince,
    reason: r.reason,
    risks: r.risks,
    risksToStaff: r.risksToStaff,
    urgency: r.urgency,
    decision: r.decision,
    decisionAlternative: r.decisionAlternative,
    decisionAlternativeDetail: r.decisionAlternativeDetail,
    decisionRationale: r.decisionRationale,
    decidedBy: r.decidedBy,
    decidedByName: r.decidedByName,
    decidedAt: r.decidedAt,
    decisionRecordedAt: r.decisionRecordedAt,
    allocatedAmhpId: r.allocatedAmhpId,
    allocatedAmhpName: r.allocatedAmhpName,
    allocatedByName: r.allocatedByName,
    allocatedAt: r.allocatedAt,
    allocationOverrideReason: r.allocationOverrideReason,
    withdrawnReason: r.withdrawnReason,
    closedAt: r.closedAt,
    createdByName: r.createdByName,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    timeline: timeline.map((e) => ({ occurredAt: e.occurredAt, kind: e.kind, summary: e.summary, actorName: e.actorName })),
    feedback: feedback.map((f) => ({ id: f.id, givenTo: f.givenTo, givenAt: f.givenAt, method: f.method, notes: f.notes, givenByName: f.givenByName })),
    availableActions: availableEvents(stateOf(r)),
  };
}
