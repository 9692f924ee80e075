import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { formatDateTime } from '../../platform/london-time.js';
import { hasAnyRole } from '../../platform/roles.js';
import { ACCESS, CLAIMS_OFFICERS, DIRECTORY_EDITORS } from './doctors-access.js';
import { sendBatchCsv } from './doctors-api-routes.js';
import { doctorsPaths as paths } from './doctors-paths.js';
import { answerBody, claimBody, decisionBody, doctorBody, doctorUpdateForm, finderQuery, inviteBody, referralParams, resubmitBody, settingsBody, slotBody, slotParams } from './doctors-schemas.js';
import type { DoctorsService, DoctorView } from './doctors-service.js';
import { APPROVAL_LABELS, CLAIM_STATUS_LABELS, FEE_TYPE_LABELS, minutesText, pounds, SPECIALISM_LABELS, WEEKDAY_LABELS, type Slot } from './doctors.js';

type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });
const statusOf = (errors: Refused | undefined) => errors?.status ?? 200;
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, text }));

const APPROVAL_TAGS: Record<string, string> = { approved: 'govuk-tag--green', expiring: 'govuk-tag--yellow', lapsed: 'govuk-tag--red', not_approved: 'govuk-tag--grey' };

export function slotText(slot: Slot): string {
  if (slot.kind === 'weekly') return `Every ${WEEKDAY_LABELS[slot.weekday ?? 0]}, ${minutesText(slot.startMinute ?? 0)} to ${minutesText(slot.endMinute ?? 0)}`;
  return `${slot.kind === 'now' ? 'Available now: ' : ''}${formatDateTime(slot.startsAt)} to ${formatDateTime(slot.endsAt)}`;
}

const labels = { approval: APPROVAL_LABELS, approvalTags: APPROVAL_TAGS, specialisms: SPECIALISM_LABELS, claimStatus: CLAIM_STATUS_LABELS, feeTypes: FEE_TYPE_LABELS, weekdays: WEEKDAY_LABELS };
const helpers = { slotText, pounds };

/** A form's values from a saved entry (for the change page). */
function formValues(d: DoctorView): Record<string, unknown> {
  return { ...d, languages: d.languages.join(', '), active: d.active ? 'on' : '' };
}

export function doctorsPageRoutes(doctors: DoctorsService, slots: { statutoryFormsHref?: ((referralId: string) => string) | undefined } = {}): RouteDeclaration[] {
  const tags = ['s12 doctors'];
  const renderForm = async (reply: FastifyReply, id: string | null, values: Record<string, unknown>, errors?: Refused) =>
    reply.render('doctors/views/doctor-form.njk', { id, values, errors, labels, specialismOptions: options(SPECIALISM_LABELS), councilOptions: (await doctors.councils()).map((c) => ({ value: c.id, text: c.name })), personOptions: (await doctors.doctorPeople()).map((p) => ({ value: p.id, text: `${p.name} (${p.email})` })) }, statusOf(errors));
  const asList = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []);
  const formBack = (values: Record<string, unknown>) => ({ ...values, specialisms: asList(values.specialisms), areas: asList(values.areas) });

  const renderFinder = async (ctx: ServiceContext, reply: FastifyReply, referralId: string, at: Date | undefined, errors?: Refused, values: Record<string, unknown> = {}) => {
    const view = await doctors.finder(ctx, referralId, at);
    const councilNames = Object.fromEntries(view.councils.map((c) => [c.id, c.name]));
    return reply.render('doctors/views/finder.njk', { view, values, errors, labels, helpers, councilNames }, statusOf(errors));
  };

  const renderMe = async (ctx: ServiceContext, reply: FastifyReply, errors?: Refused, values: Record<string, unknown> = {}) => {
    const me = await doctors.me(ctx);
    const [invitations, claims] = [await doctors.myInvitations(ctx), await doctors.myClaims(ctx)];
    return reply.render('doctors/views/me.njk', { me, invitations, claims, values, errors, labels, helpers, weekdayOptions: WEEKDAY_LABELS.slice(1).map((text, i) => ({ value: String(i + 1), text })) }, statusOf(errors));
  };

  const renderNewClaim = async (ctx: ServiceContext, reply: FastifyReply, errors?: Refused, values: Record<string, unknown> = {}) => {
    const [assessments, settings] = [await doctors.claimableAssessments(ctx), await doctors.claimSettings()];
    return reply.render('doctors/views/claim-new.njk', { values, errors, labels, helpers, settings, assessmentOptions: assessments.map((a) => ({ value: a.referralId, text: a.reference })), feeOptions: options(FEE_TYPE_LABELS) }, statusOf(errors));
  };

  const renderClaim = async (ctx: ServiceContext, reply: FastifyReply, id: string, errors?: Refused, values: Record<string, unknown> = {}) => {
    const claim = await doctors.claim(ctx, id);
    const officer = hasAnyRole(ctx.actor, CLAIMS_OFFICERS);
    return reply.render('doctors/views/claim.njk', { claim, officer, own: claim.doctorId && !officer && hasAnyRole(ctx.actor, ACCESS.doctors.roles), values, errors, labels, helpers, feeOptions: options(FEE_TYPE_LABELS) }, statusOf(errors));
  };

  const renderClaims = async (ctx: ServiceContext, reply: FastifyReply, status: string | undefined, errors?: Refused) => {
    const [claims, batches, next, settings] = [await doctors.claims(ctx, status), await doctors.batches(ctx), await doctors.nextBatch(ctx), await doctors.claimSettings()];
    return reply.render('doctors/views/claims.njk', { claims, batches, next, settings, status, officer: hasAnyRole(ctx.actor, CLAIMS_OFFICERS), admin: hasAnyRole(ctx.actor, ['admin']), errors, labels, helpers, statusOptions: options(CLAIM_STATUS_LABELS) }, statusOf(errors));
  };

  return [
    // ── The directory ──
    defineRoute({ method: 'GET', path: paths.directory.pattern, access: ACCESS.directoryReaders, summary: 'The section 12 doctor directory', tags, handler: async ({ ctx, reply }) => {
      const list = await doctors.directory(ctx);
      const councilNames = Object.fromEntries((await doctors.councils()).map((c) => [c.id, c.name]));
      return reply.render('doctors/views/directory.njk', { doctors: list, labels, helpers, councilNames, mayEdit: hasAnyRole(ctx.actor, DIRECTORY_EDITORS), flagged: list.filter((d) => d.active && (d.approval.state === 'expiring' || d.approval.state === 'lapsed')) });
    } }),
    defineRoute({ method: 'GET', path: paths.newDoctor.pattern, access: ACCESS.editors, summary: 'Add a doctor to the directory', tags, handler: async ({ reply }) => renderForm(reply, null, { specialisms: [], areas: [] }) }),
    defineRoute({ method: 'POST', path: paths.directory.pattern, access: ACCESS.editors, summary: 'Add a doctor to the directory', tags, body: doctorBody, audit: 's12_doctor_added', onRefusal: async ({ error, values, reply }) => renderForm(reply, null, formBack(values), refusal(error)), handler: async ({ ctx, body, reply }) => {
      const doctor = await doctors.addDoctor(ctx, body);
      return reply.redirectWithFlash(paths.doctor({ id: doctor.id }), { kind: 'success', heading: `${doctor.name} added to the directory` });
    } }),
    defineRoute({ method: 'GET', path: paths.doctor.pattern, access: ACCESS.directoryReaders, summary: 'One directory entry, with its versions', tags, params: idParams, audit: 's12_doctor_viewed', handler: async ({ ctx, params, reply }) => {
      const doctor = await doctors.doctor(ctx, params.id);
      const councilNames = Object.fromEntries((await doctors.councils()).map((c) => [c.id, c.name]));
      return reply.render('doctors/views/doctor.njk', { doctor, versions: await doctors.versions(ctx, params.id), labels, helpers, councilNames, mayEdit: hasAnyRole(ctx.actor, DIRECTORY_EDITORS) });
    } }),
    defineRoute({ method: 'GET', path: paths.editDoctor.pattern, access: ACCESS.editors, summary: 'Change a directory entry', tags, params: idParams, handler: async ({ ctx, params, reply }) => renderForm(reply, params.id, formValues(await doctors.doctor(ctx, params.id, false))) }),
    defineRoute({ method: 'POST', path: paths.editDoctor.pattern, access: ACCESS.editors, summary: 'Change a directory entry', tags, params: idParams, body: doctorUpdateForm, audit: 's12_doctor_changed', onRefusal: async ({ error, values, params, reply }) => renderForm(reply, params!.id, formBack(values), refusal(error)), handler: async ({ ctx, params, body, reply }) => {
      const doctor = await doctors.updateDoctor(ctx, params.id, body.version, body);
      return reply.redirectWithFlash(paths.doctor({ id: doctor.id }), { kind: 'success', heading: 'Directory entry saved' });
    } }),

    // ── The finder ──
    defineRoute({ method: 'GET', path: paths.finder.pattern, access: ACCESS.finders, summary: 'Find a section 12 doctor for a referral', tags, params: referralParams, query: finderQuery, audit: 's12_finder_viewed', onRefusal: async ({ error, ctx, params, reply }) => renderFinder(ctx, reply, params!.referralId, undefined, refusal(error)), handler: async ({ ctx, params, query, reply }) => renderFinder(ctx, reply, params.referralId, query.at) }),
    defineRoute({ method: 'POST', path: paths.invite.pattern, access: ACCESS.finders, summary: 'Invite a section 12 doctor', tags, params: referralParams, body: inviteBody, audit: 's12_doctor_invited', onRefusal: async ({ error, values, ctx, params, reply }) => renderFinder(ctx, reply, params!.referralId, undefined, refusal(error), values), handler: async ({ ctx, params, body, reply }) => {
      const invitation = await doctors.invite(ctx, params.referralId, body);
      return reply.redirectWithFlash(paths.finder({ referralId: params.referralId }), { kind: 'success', heading: `${invitation.doctorName} invited`, body: 'The invitation was sent by e-mail and logged on the assessment. You will hear when they answer.' });
    } }),

    // ── The doctor's own pages (phone-friendly) ──
    defineRoute({ method: 'GET', path: paths.me.pattern, access: ACCESS.doctors, summary: 'My section 12 profile: availability, invitations and claims', tags, handler: async ({ ctx, reply }) => renderMe(ctx, reply) }),
    defineRoute({ method: 'POST', path: paths.myAvailability.pattern, access: ACCESS.doctors, summary: 'Add availability', tags, body: slotBody, audit: 's12_availability_added', onRefusal: async ({ error, values, ctx, reply }) => renderMe(ctx, reply, refusal(error), values), handler: async ({ ctx, body, reply }) => {
      await doctors.addSlot(ctx, body);
      return reply.redirectWithFlash(paths.me(), { kind: 'success', heading: body.kind === 'now' ? 'You are shown as available now' : 'Availability added' });
    } }),
    defineRoute({ method: 'POST', path: paths.myAvailabilityRemoval.pattern, access: ACCESS.doctors, summary: 'Remove availability', tags, params: slotParams, audit: 's12_availability_removed', onRefusal: async ({ error, ctx, reply }) => renderMe(ctx, reply, refusal(error)), handler: async ({ ctx, params, reply }) => {
      await doctors.removeSlot(ctx, params.slotId);
      return reply.redirectWithFlash(paths.me(), { kind: 'success', heading: 'Availability removed' });
    } }),
    defineRoute({ method: 'GET', path: paths.myInvitation.pattern, access: ACCESS.doctors, summary: 'An invitation', tags, params: idParams, audit: 's12_invitation_viewed', handler: async ({ ctx, params, reply }) => {
      const invitation = await doctors.myInvitation(ctx, params.id, true);
      return reply.render('doctors/views/invitation.njk', { invitation, values: {}, formsHref: invitation.status === 'accepted' && slots.statutoryFormsHref ? slots.statutoryFormsHref(invitation.referralId) : null });
    } }),
    defineRoute({ method: 'POST', path: paths.myInvitation.pattern, access: ACCESS.doctors, summary: 'Accept or decline an invitation', tags, params: idParams, body: answerBody, audit: ['s12_invitation_accepted', 's12_invitation_declined'], onRefusal: async ({ error, values, ctx, params, reply }) => reply.render('doctors/views/invitation.njk', { invitation: await doctors.myInvitation(ctx, params!.id), values, errors: refusal(error) }, error.status), handler: async ({ ctx, params, body, reply }) => {
      await doctors.answer(ctx, params.id, { accept: body.answer === 'accept', note: body.note, version: body.version });
      return reply.redirectWithFlash(paths.me(), { kind: 'success', heading: body.answer === 'accept' ? 'Invitation accepted: the AMHP has been told' : 'Invitation declined: the AMHP has been told' });
    } }),
    defineRoute({ method: 'GET', path: paths.newClaim.pattern, access: ACCESS.doctors, summary: 'Claim a fee', tags, handler: async ({ ctx, reply }) => renderNewClaim(ctx, reply) }),
    defineRoute({ method: 'POST', path: paths.myClaims.pattern, access: ACCESS.doctors, summary: 'Claim a fee', tags, body: claimBody, audit: 's12_claim_submitted', onRefusal: async ({ error, values, ctx, reply }) => renderNewClaim(ctx, reply, refusal(error), values), handler: async ({ ctx, body, reply }) => {
      const claim = await doctors.submitClaim(ctx, body);
      return reply.redirectWithFlash(paths.myClaim({ id: claim.id }), { kind: 'success', heading: `Claim sent: ${pounds(claim.totalPence)}` });
    } }),
    defineRoute({ method: 'GET', path: paths.myClaim.pattern, access: ACCESS.doctors, summary: 'One of my claims and its status', tags, params: idParams, audit: 's12_claim_viewed', handler: async ({ ctx, params, reply }) => renderClaim(ctx, reply, params.id) }),
    defineRoute({ method: 'POST', path: paths.myClaim.pattern, access: ACCESS.doctors, summary: 'Change a rejected claim and send it again', tags, params: idParams, body: resubmitBody, audit: 's12_claim_resubmitted', onRefusal: async ({ error, values, ctx, params, reply }) => renderClaim(ctx, reply, params!.id, refusal(error), values), handler: async ({ ctx, params, body, reply }) => {
      await doctors.resubmitClaim(ctx, params.id, body);
      return reply.redirectWithFlash(paths.myClaim({ id: params.id }), { kind: 'success', heading: 'Claim sent again' });
    } }),

    // ── The claims officer ──
    defineRoute({ method: 'GET', path: paths.claims.pattern, access: ACCESS.claimsReaders, summary: 'Section 12 doctors’ claims and payment batches', tags, query: z.object({ status: z.enum(['submitted', 'approved', 'rejected', 'paid']).optional() }), handler: async ({ ctx, query, reply }) => renderClaims(ctx, reply, query.status) }),
    defineRoute({ method: 'GET', path: paths.claim.pattern, access: ACCESS.claimsReaders, summary: 'A claim', tags, params: idParams, audit: 's12_claim_viewed', handler: async ({ ctx, params, reply }) => renderClaim(ctx, reply, params.id) }),
    defineRoute({ method: 'POST', path: paths.claimDecision.pattern, access: ACCESS.claimsOfficers, summary: 'Approve or reject a claim', tags, params: idParams, body: decisionBody, audit: ['s12_claim_approved', 's12_claim_rejected'], onRefusal: async ({ error, values, ctx, params, reply }) => renderClaim(ctx, reply, params!.id, refusal(error), values), handler: async ({ ctx, params, body, reply }) => {
      await doctors.decide(ctx, params.id, body);
      return reply.redirectWithFlash(paths.claims(), { kind: 'success', heading: body.decision === 'approve' ? 'Claim approved' : 'Claim rejected: the doctor can read the reason' });
    } }),
    defineRoute({ method: 'POST', path: paths.batches.pattern, access: ACCESS.claimsOfficers, summary: 'Export a payment batch', tags, audit: 's12_payment_batch_created', onRefusal: async ({ error, ctx, reply }) => renderClaims(ctx, reply, undefined, refusal(error)), handler: async ({ ctx, reply }) => {
      const batch = await doctors.createBatch(ctx);
      return reply.redirectWithFlash(paths.claims(), { kind: 'success', heading: `Payment batch exported: ${batch.claimCount} claims, ${pounds(batch.totalPence)}` });
    } }),
    defineRoute({ method: 'GET', path: paths.batchCsv.pattern, access: ACCESS.claimsReaders, summary: 'Download a payment batch (CSV)', tags, params: idParams, audit: 's12_payment_batch_downloaded', success: { contentType: 'text/csv' }, handler: async ({ ctx, params, reply }) => sendBatchCsv(doctors, ctx, params.id, reply) }),
    defineRoute({ method: 'POST', path: paths.settings.pattern, access: { roles: ['admin'] }, summary: 'Change the fees, mileage rate and payment cycle', tags, body: settingsBody, audit: 'setting_changed', onRefusal: async ({ error, ctx, reply }) => renderClaims(ctx, reply, undefined, refusal(error)), handler: async ({ ctx, body, reply }) => {
      const { version, ...value } = body;
      await doctors.saveClaimSettings(ctx, value, version);
      return reply.redirectWithFlash(paths.claims(), { kind: 'success', heading: 'Fees and payment cycle saved' });
    } }),
  ];
}
