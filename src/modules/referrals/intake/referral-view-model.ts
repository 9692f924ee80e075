// What the referral templates show: labels for codes, the status tag, the list's pagination and
// the options of each select. Pure: records in, view values out.

import type { FastifyReply } from 'fastify';
import { ConflictError, StateError, ValidationError, type AppError } from '../../../platform/errors.js';
import { formErrorsView } from '../../../platform/http/forms.js';
import { paginationItems } from '../../../platform/http/pagination.js';
import { placeOfSafetyBaseExpiry } from '../assessment/domain/deadlines.js';
import { formatNhsNumber } from '../nhs-number.js';
import {
  ALTERNATIVES_OFFERED,
  CURRENT_LEGAL_STATUSES,
  DECISION_KINDS,
  ETHNIC_CATEGORIES,
  GENDERS,
  labelFor,
  REFERRAL_CHANNELS,
  REFERRAL_SOURCE_TYPES,
  URGENCY_LEVELS,
  type CodedOption,
} from '../referral-codes.js';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from '../referral-lifecycle.js';
import { referralPaths } from '../referrals-paths.js';
import type { ReferralPage } from './referral-list-service.js';
import type { FeedbackRecord, ReferralDetail, ReferralListItem } from './referral-repository.js';
import { FEEDBACK_METHODS } from './referral-schemas.js';

export const options = <C extends string>(list: readonly CodedOption<C>[]) => list.map((o) => ({ value: o.code, text: o.label, ...(o.hint ? { hint: o.hint } : {}) }));

export const STATUS_TAG_CLASSES: Record<ReferralStatus, string> = {
  received: 'govuk-tag--blue',
  awaiting_information: 'govuk-tag--yellow',
  decided: 'govuk-tag--purple',
  allocated: 'govuk-tag--turquoise',
  in_assessment: 'govuk-tag--orange',
  outcome_recorded: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
  withdrawn: 'govuk-tag--grey',
};

/** Labels the templates need for a referral or list item. */
export function describe<T extends ReferralListItem | ReferralDetail>(r: T) {
  return {
    ...r,
    statusLabel: REFERRAL_STATUS_LABELS[r.status],
    statusClass: STATUS_TAG_CLASSES[r.status],
    urgencyLabel: labelFor(URGENCY_LEVELS, r.urgency as never),
    legalStatusLabel: labelFor(CURRENT_LEGAL_STATUSES, r.legalStatus as never),
    sourceLabel: labelFor(REFERRAL_SOURCE_TYPES, r.sourceType as never),
    nhsNumberText: r.nhsNumber ? formatNhsNumber(r.nhsNumber) : '',
    decisionLabel: r.decision ? labelFor(DECISION_KINDS, r.decision as never) : '',
  };
}

export function detailLabels(r: ReferralDetail) {
  return {
    ...describe(r),
    receivedViaLabel: labelFor(REFERRAL_CHANNELS, r.receivedVia as never),
    genderLabel: labelFor(GENDERS, r.gender as never),
    ethnicityLabel: r.ethnicity ? labelFor(ETHNIC_CATEGORIES, r.ethnicity as never) : '',
    alternativeLabel: r.decisionAlternative ? labelFor(ALTERNATIVES_OFFERED, r.decisionAlternative as never) : '',
    /** The s136 24-hour end while the referral is open (an extension is on the assessment tab). */
    s136EndsAt: r.legalStatus === 's136' && r.legalStatusSince && r.status !== 'closed' && r.status !== 'withdrawn' ? placeOfSafetyBaseExpiry(r.legalStatusSince) : null,
  };
}

export function feedbackRows(feedback: FeedbackRecord[]) {
  return feedback.map((f) => ({ ...f, methodLabel: FEEDBACK_METHODS.find((m) => m.code === f.method)?.label ?? f.method }));
}

export const methodOptions = FEEDBACK_METHODS.map((m) => ({ value: m.code, text: m.label }));

export function intakeOptions(lssas: Array<{ id: string; name: string }>) {
  return {
    channelOptions: options(REFERRAL_CHANNELS),
    sourceOptions: options(REFERRAL_SOURCE_TYPES),
    legalStatusOptions: options(CURRENT_LEGAL_STATUSES),
    urgencyOptions: options(URGENCY_LEVELS),
    genderOptions: options(GENDERS),
    ethnicityOptions: options(ETHNIC_CATEGORIES),
    lssaOptions: lssas.map((l) => ({ value: l.id, text: l.name })),
  };
}

export function listFilterOptions(lssas: Array<{ id: string; name: string }>, amhps: Array<{ id: string; name: string }>) {
  return {
    statusOptions: [{ value: 'open', text: 'All open' }, ...Object.entries(REFERRAL_STATUS_LABELS).map(([value, text]) => ({ value, text })), { value: 'all', text: 'All, including closed' }],
    urgencyOptions: options(URGENCY_LEVELS),
    lssaOptions: lssas.map((l) => ({ value: l.id, text: l.name })),
    amhpOptions: [{ value: 'none', text: 'Not allocated' }, ...amhps.map((a) => ({ value: a.id, text: a.name }))],
  };
}

/** GOV.UK pagination for the list: previous/next and numbered pages around the current one. */
export function paginationFor(query: Record<string, unknown>, result: ReferralPage) {
  const hrefFor = (page: number) => {
    const kept: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (typeof value === 'string' && value !== '' && key !== 'page' && key !== 'limit') kept[key] = value;
    return referralPaths.list(undefined, { ...kept, ...(page > 1 ? { page } : {}) });
  };
  const hasNext = result.rows.length === result.pageSize && (result.page < result.pages || result.totalCapped);
  if (result.page === 1 && !hasNext) return null;
  const items = paginationItems(result.page, Math.max(result.pages, result.page), hrefFor);
  return {
    ...(result.page > 1 ? { previous: { href: hrefFor(result.page - 1) } } : {}),
    ...(hasNext ? { next: { href: hrefFor(result.page + 1) } } : {}),
    items,
    landmarkLabel: 'Pages of referrals',
  };
}

/**
 * A referral form shown again after a refusal, with what was typed: field errors beside the
 * fields (400), or the current state and why it was refused (409, 422), with the version the
 * form now carries brought up to date so the next attempt starts from the record as it is.
 */
export function renderRefused(reply: FastifyReply, template: string, page: { referral: { version: number } } & Record<string, unknown>, values: Record<string, unknown>, error: AppError) {
  if (error instanceof ValidationError) return reply.render(template, { ...page, values, errors: formErrorsView(error) }, 400);
  const title = error instanceof ConflictError ? 'Someone else changed this referral' : error instanceof StateError ? 'This cannot be done now' : 'This cannot be saved';
  return reply.render(template, { ...page, values: { ...values, version: page.referral.version }, refusal: { title, message: error.message } }, error.status);
}
