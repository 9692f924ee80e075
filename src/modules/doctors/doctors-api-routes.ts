import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import { idParams } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { ACCESS } from './doctors-access.js';
import { doctorsPaths as paths } from './doctors-paths.js';
import {
  answerBody,
  batchesResource,
  batchResource,
  claimBody,
  claimResource,
  claimsQuery,
  claimsResource,
  decisionBody,
  doctorBody,
  doctorResource,
  doctorsResource,
  doctorUpdateBody,
  finderQuery,
  finderResource,
  invitationResource,
  invitationsResource,
  inviteBody,
  referralParams,
  resubmitBody,
  settingsBody,
  settingsResource,
  slotBody,
  slotParams,
  versionsResource,
} from './doctors-schemas.js';
import type { DoctorsService } from './doctors-service.js';

const tags = ['s12 doctors'];

export async function sendBatchCsv(doctors: DoctorsService, ctx: ServiceContext, id: string, reply: FastifyReply) {
  const batch = await doctors.batch(ctx, id);
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="s12-payment-batch-${batch.periodTo}.csv"`).send(batch.csv);
}

export function doctorsApiRoutes(doctors: DoctorsService): RouteDeclaration[] {
  return [
    defineRoute({ method: 'GET', path: paths.apiDoctors.pattern, access: ACCESS.directoryReaders, summary: 'The section 12 doctor directory, with each approval’s state (approved, expiring within 60 days, lapsed) and current availability', tags, success: { schema: doctorsResource }, handler: async ({ ctx }) => doctorsResource.parse({ doctors: await doctors.directory(ctx) }) }),
    defineRoute({ method: 'POST', path: paths.apiDoctors.pattern, access: ACCESS.editors, summary: 'Add a doctor to the directory (GMC number: 7 digits)', tags, body: doctorBody, audit: 's12_doctor_added', success: { status: 201, schema: doctorResource }, handler: async ({ ctx, body }) => doctorResource.parse(await doctors.addDoctor(ctx, body)) }),
    defineRoute({ method: 'GET', path: paths.apiDoctor.pattern, access: ACCESS.directoryReaders, summary: 'One directory entry', tags, params: idParams, audit: 's12_doctor_viewed', success: { schema: doctorResource }, refusals: ['not_found'], handler: async ({ ctx, params }) => doctorResource.parse(await doctors.doctor(ctx, params.id)) }),
    defineRoute({ method: 'PUT', path: paths.apiDoctor.pattern, access: ACCESS.editors, summary: 'Change a directory entry (the version you read; every version is kept)', tags, params: idParams, body: doctorUpdateBody, audit: 's12_doctor_changed', success: { schema: doctorResource }, refusals: ['not_found', 'conflict'], handler: async ({ ctx, params, body }) => doctorResource.parse(await doctors.updateDoctor(ctx, params.id, body.version, body)) }),
    defineRoute({ method: 'GET', path: paths.apiDoctorVersions.pattern, access: ACCESS.directoryReaders, summary: 'Every saved version of a directory entry, newest first', tags, params: idParams, success: { schema: versionsResource }, refusals: ['not_found'], handler: async ({ ctx, params }) => versionsResource.parse({ versions: await doctors.versions(ctx, params.id) }) }),
    defineRoute({ method: 'GET', path: paths.apiFinder.pattern, access: ACCESS.finders, summary: 'Section 12 doctors for a referral, ranked: available at the time needed, previous acquaintance, specialism, language, area. Lapsed approvals are never offered.', tags, params: referralParams, query: finderQuery, audit: 's12_finder_viewed', success: { schema: finderResource }, refusals: ['not_found'], handler: async ({ ctx, params, query }) => {
      const view = await doctors.finder(ctx, params.referralId, query.at);
      return finderResource.parse({ referralId: view.referral.referralId, reference: view.referral.reference, at: view.at, offered: view.offered, notOffered: view.notOffered, invitations: view.invitations });
    } }),
    defineRoute({ method: 'GET', path: paths.apiInvitations.pattern, access: ACCESS.finders, summary: 'Invitations sent to doctors for a referral, with their answers', tags, params: referralParams, success: { schema: invitationsResource }, refusals: ['not_found'], handler: async ({ ctx, params }) => invitationsResource.parse({ invitations: (await doctors.finder(ctx, params.referralId)).invitations }) }),
    defineRoute({ method: 'POST', path: paths.apiInvitations.pattern, access: ACCESS.finders, summary: 'Invite a doctor: an e-mail through the outbox and a line in the assessment’s doctor contact log', tags, params: referralParams, body: inviteBody, audit: 's12_doctor_invited', success: { status: 201, schema: invitationResource }, refusals: ['not_found', 'state'], handler: async ({ ctx, params, body }) => invitationResource.parse(await doctors.invite(ctx, params.referralId, body)) }),
    defineRoute({ method: 'GET', path: paths.apiMe.pattern, access: ACCESS.doctors, summary: 'The signed-in doctor’s own directory entry and availability', tags, success: { schema: doctorResource }, refusals: ['not_found'], handler: async ({ ctx }) => doctorResource.parse(await doctors.me(ctx)) }),
    defineRoute({ method: 'POST', path: paths.apiMyAvailability.pattern, access: ACCESS.doctors, summary: 'Add availability: weekly (weekday 1–7, HH:MM to HH:MM, UK time), one_off (startsAt, endsAt) or now (for the next N hours)', tags, body: slotBody, audit: 's12_availability_added', success: { status: 201, schema: doctorResource }, refusals: ['not_found'], handler: async ({ ctx, body }) => doctorResource.parse(await doctors.addSlot(ctx, body)) }),
    defineRoute({ method: 'DELETE', path: paths.apiMyAvailabilitySlot.pattern, access: ACCESS.doctors, summary: 'Remove one of your availability slots', tags, params: slotParams, audit: 's12_availability_removed', success: { schema: doctorResource }, refusals: ['not_found'], handler: async ({ ctx, params }) => doctorResource.parse(await doctors.removeSlot(ctx, params.slotId)) }),
    defineRoute({ method: 'GET', path: paths.apiMyInvitations.pattern, access: ACCESS.doctors, summary: 'Your invitations, newest first', tags, success: { schema: invitationsResource }, refusals: ['not_found'], handler: async ({ ctx }) => invitationsResource.parse({ invitations: await doctors.myInvitations(ctx) }) }),
    defineRoute({ method: 'POST', path: paths.apiMyInvitationResponse.pattern, access: ACCESS.doctors, summary: 'Accept or decline an invitation (the assessment’s contact log records the time)', tags, params: idParams, body: answerBody, audit: ['s12_invitation_accepted', 's12_invitation_declined'], success: { schema: invitationResource }, refusals: ['not_found', 'state', 'conflict'], handler: async ({ ctx, params, body }) => invitationResource.parse(await doctors.answer(ctx, params.id, { accept: body.answer === 'accept', note: body.note, version: body.version })) }),
    defineRoute({ method: 'GET', path: paths.apiMyClaims.pattern, access: ACCESS.doctors, summary: 'Your claims and their status', tags, success: { schema: claimsResource }, refusals: ['not_found'], handler: async ({ ctx }) => claimsResource.parse({ claims: await doctors.myClaims(ctx) }) }),
    defineRoute({ method: 'POST', path: paths.apiMyClaims.pattern, access: ACCESS.doctors, summary: 'Claim the fee for an assessment you were on (refused with the reason if you were not on it, were not s12 approved on its date, or have claimed already)', tags, body: claimBody, audit: 's12_claim_submitted', success: { status: 201, schema: claimResource }, refusals: ['not_found', 'rule'], handler: async ({ ctx, body }) => claimResource.parse(await doctors.submitClaim(ctx, body)) }),
    defineRoute({ method: 'PUT', path: paths.apiClaim.pattern, access: ACCESS.doctors, summary: 'Change a rejected claim and send it again', tags, params: idParams, body: resubmitBody, audit: 's12_claim_resubmitted', success: { schema: claimResource }, refusals: ['not_found', 'state', 'rule', 'conflict'], handler: async ({ ctx, params, body }) => claimResource.parse(await doctors.resubmitClaim(ctx, params.id, body)) }),
    defineRoute({ method: 'GET', path: paths.apiClaims.pattern, access: ACCESS.claimsReaders, summary: 'Section 12 doctors’ claims (filter by status)', tags, query: claimsQuery, success: { schema: claimsResource }, handler: async ({ ctx, query }) => claimsResource.parse({ claims: await doctors.claims(ctx, query.status) }) }),
    defineRoute({ method: 'GET', path: paths.apiClaim.pattern, access: { roles: [...ACCESS.claimsReaders.roles, ...ACCESS.doctors.roles] }, summary: 'One claim (a doctor sees only their own)', tags, params: idParams, audit: 's12_claim_viewed', success: { schema: claimResource }, refusals: ['not_found'], handler: async ({ ctx, params }) => claimResource.parse(await doctors.claim(ctx, params.id)) }),
    defineRoute({ method: 'POST', path: paths.apiClaimDecision.pattern, access: ACCESS.claimsOfficers, summary: 'Approve a claim, or reject it with the reason the doctor reads', tags, params: idParams, body: decisionBody, audit: ['s12_claim_approved', 's12_claim_rejected'], success: { schema: claimResource }, refusals: ['not_found', 'state', 'conflict'], handler: async ({ ctx, params, body }) => claimResource.parse(await doctors.decide(ctx, params.id, body)) }),
    defineRoute({ method: 'GET', path: paths.apiBatches.pattern, access: ACCESS.claimsReaders, summary: 'Payment batches, newest first', tags, success: { schema: batchesResource }, handler: async ({ ctx }) => batchesResource.parse({ batches: await doctors.batches(ctx) }) }),
    defineRoute({ method: 'POST', path: paths.apiBatches.pattern, access: ACCESS.claimsOfficers, summary: 'Export the approved claims of the last complete payment cycle as a batch (they become paid)', tags, audit: 's12_payment_batch_created', success: { status: 201, schema: batchResource }, refusals: ['state'], handler: async ({ ctx }) => batchResource.parse(await doctors.createBatch(ctx)) }),
    defineRoute({ method: 'GET', path: paths.apiBatchCsv.pattern, access: ACCESS.claimsReaders, summary: 'A payment batch as CSV', tags, params: idParams, audit: 's12_payment_batch_downloaded', success: { contentType: 'text/csv' }, refusals: ['not_found'], handler: async ({ ctx, params, reply }) => sendBatchCsv(doctors, ctx, params.id, reply) }),
    defineRoute({ method: 'GET', path: paths.apiSettings.pattern, access: ACCESS.claimsReaders, summary: 'Fees (pence), the mileage rate (pence a mile) and the payment cycle', tags, success: { schema: settingsResource }, handler: async () => settingsResource.parse(await doctors.claimSettings()) }),
    defineRoute({ method: 'PUT', path: paths.apiSettings.pattern, access: { roles: ['admin'] }, summary: 'Change the fees, mileage rate and payment cycle (administrators)', tags, body: settingsBody, audit: 'setting_changed', success: { schema: settingsResource }, refusals: ['conflict'], handler: async ({ ctx, body }) => {
      const { version, ...value } = body;
      return settingsResource.parse(await doctors.saveClaimSettings(ctx, value, version));
    } }),
  ];
}
