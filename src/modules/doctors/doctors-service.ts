// The section 12 doctors use cases (issue 16): the directory (kept by administrators and the AMHP
// Lead, versioned), the doctor's own profile and availability, the finder and invitations on a
// referral, claims and payment batches. Every read of a person's record and every change is audited.

import { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { OPTION_LIST_MAX_AGE_MS, ReadCache } from '../../platform/read-cache.js';
import { ConflictError, NotFoundError, StateError, ValidationError } from '../../platform/errors.js';
import { addHours, endOfLondonDay, formatDateTime, londonDate, type IsoDate } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { hasAnyRole, requireRole } from '../../platform/roles.js';
import { CLAIMS_OFFICERS, CLAIMS_READERS, DIRECTORY_EDITORS, DIRECTORY_READERS, DOCTORS, FINDERS } from './doctors-access.js';
import type { DoctorsServiceDeps } from './doctors-ports.js';
import { councils, doctorDirectoryChanges, DoctorsRepository, personContact, type ClaimRow, type DoctorRow, type DoctorValues, type SlotRow } from './doctors-repository.js';
import {
  approvalState,
  approvedOn,
  batchCsv,
  checkClaim,
  claimAmounts,
  DEFAULT_CLAIM_SETTINGS,
  lastCompleteCycle,
  pounds,
  rankDoctors,
  slotCurrent,
  type ClaimSettings,
  type FeeType,
  type Match,
  type PersonNeeds,
} from './doctors.js';

export const CLAIM_SETTINGS_KEY = 's12_claims';
export const claimSettingsSchema = z.object({
  assessmentFeePence: z.number().int().min(0).max(1_000_000),
  notPossibleFeePence: z.number().int().min(0).max(1_000_000),
  mileagePencePerMile: z.number().int().min(0).max(1000),
  cycleDays: z.number().int().min(7).max(31),
  cycleAnchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD'),
});

export type DoctorCommand = Omit<DoctorValues, 'active' | 'personId' | 's12ApprovedFrom' | 's12ApprovedUntil'> & { s12ApprovedFrom?: string | null | undefined; s12ApprovedUntil?: string | null | undefined; personId?: string | null | undefined; active?: boolean | undefined };
export type SlotCommand =
  | { kind: 'weekly'; weekday: number; startMinute: number; endMinute: number }
  | { kind: 'one_off'; startsAt: Date; endsAt: Date }
  | { kind: 'now'; hours: number };

export interface DoctorView extends DoctorRow {
  approval: ReturnType<typeof approvalState>;
  slots: SlotRow[];
}

export type InvitationRowWithName = Awaited<ReturnType<DoctorsRepository['invitationsForReferral']>>[number];
export type ClaimView = NonNullable<Awaited<ReturnType<DoctorsRepository['claim']>>>;

export interface FinderView {
  referral: Awaited<ReturnType<DoctorsServiceDeps['referrals']['finderFacts']>>;
  at: Date;
  offered: Array<{ doctor: DoctorView; match: Match }>;
  /** Not offered, with why (lapsed approval, no longer in the directory). */
  notOffered: Array<{ doctor: DoctorView; reason: string }>;
  invitations: InvitationRowWithName[];
  councils: Array<{ id: string; name: string }>;
}

const VALID_SPECIALISM = new Set(['cyp', 'learning_disability', 'older_adults', 'forensic']);

export class DoctorsService {
  private readonly repository = new DoctorsRepository();

  constructor(private readonly deps: DoctorsServiceDeps) {
    this.directoryRows = new ReadCache({ load: () => this.repository.doctors(this.deps.db), stamp: doctorDirectoryChanges, clock: deps.clock, maxAgeMs: OPTION_LIST_MAX_AGE_MS });
  }

  /** The directory's entries, read once and shared until one is written (the home panel, every view). */
  private readonly directoryRows: ReadCache<DoctorRow[]>;

  /** Active entries whose approval is expiring or has lapsed (the home panel): no slots, a shared read. */
  async approvalsToRenew(ctx: ServiceContext): Promise<Array<DoctorRow & { approval: ReturnType<typeof approvalState> }>> {
    requireRole(ctx.actor, DIRECTORY_READERS, 'see the section 12 doctor directory');
    const today = this.today();
    return (await this.directoryRows.get())
      .map((row) => ({ ...row, approval: approvalState(row, today) }))
      .filter((d) => d.active && (d.approval.state === 'expiring' || d.approval.state === 'lapsed'));
  }

  private today(): IsoDate {
    return londonDate(this.deps.clock.now());
  }

  private view(row: DoctorRow, slots: SlotRow[]): DoctorView {
    const now = this.deps.clock.now();
    return { ...row, approval: approvalState(row, this.today()), slots: slots.filter((s) => slotCurrent(s, now)) };
  }

  private async views(rows: DoctorRow[], handle: DoctorsServiceDeps['db'] = this.deps.db): Promise<DoctorView[]> {
    const slots = await this.repository.slots(handle, rows.map((r) => r.id));
    return rows.map((row) => this.view(row, slots.filter((s) => s.doctorId === row.id)));
  }

  // ── The directory ─────────────────────────────────────────────────────────────────────────

  async councils(): Promise<Array<{ id: string; name: string }>> {
    return councils(this.deps.db);
  }

  async doctorPeople() {
    return this.repository.doctorPeople(this.deps.db);
  }

  /** The directory: names, approvals and contact details of professionals (not a patient record). */
  async directory(ctx: ServiceContext): Promise<DoctorView[]> {
    requireRole(ctx.actor, DIRECTORY_READERS, 'see the section 12 doctor directory');
    return this.views(await this.repository.doctors(this.deps.db));
  }

  async doctor(ctx: ServiceContext, id: string, audit = true): Promise<DoctorView> {
    requireRole(ctx.actor, DIRECTORY_READERS, 'see the section 12 doctor directory');
    return inTransaction(this.deps.db, async (trx) => {
      const row = await this.repository.doctor(trx, id);
      if (!row) throw new NotFoundError('The directory entry');
      if (audit) await this.deps.platform.audit(trx, ctx, { action: 's12_doctor_viewed', entityType: 's12_doctor', entityId: id });
      const [view] = await this.views([row], trx);
      return view!;
    });
  }

  async versions(ctx: ServiceContext, id: string) {
    requireRole(ctx.actor, DIRECTORY_READERS, 'see the section 12 doctor directory');
    if (!(await this.repository.doctor(this.deps.db, id))) throw new NotFoundError('The directory entry');
    return this.repository.versions(this.deps.db, id);
  }

  private async validated(trx: DoctorsServiceDeps['db'], command: DoctorCommand, id: string | null): Promise<DoctorValues> {
    const errors: Array<{ field: string; message: string }> = [];
    if (!/^\d{7}$/.test(command.gmcNumber)) errors.push({ field: 'gmcNumber', message: 'Enter the GMC number: 7 digits' });
    else {
      const clash = await this.repository.doctorWithGmc(trx, command.gmcNumber);
      if (clash && clash.id !== id) errors.push({ field: 'gmcNumber', message: 'The directory already has a doctor with this GMC number' });
    }
    if (command.s12ApprovedFrom && command.s12ApprovedUntil && command.s12ApprovedFrom > command.s12ApprovedUntil) {
      errors.push({ field: 's12ApprovedUntil', message: 'The approval must end after it starts' });
    }
    if (command.s12ApprovedFrom && !command.s12ApprovedUntil) errors.push({ field: 's12ApprovedUntil', message: 'Enter when the section 12 approval ends' });
    if (command.specialisms.some((s) => !VALID_SPECIALISM.has(s))) errors.push({ field: 'specialisms', message: 'Choose specialisms from the list' });
    const known = new Set((await councils(trx)).map((c) => c.id));
    if (command.areas.some((a) => !known.has(a))) errors.push({ field: 'areas', message: 'Choose the areas from the list of councils' });
    const personId = command.personId ?? null;
    if (personId) {
      const people = await this.repository.doctorPeople(trx);
      if (!people.some((p) => p.id === personId)) errors.push({ field: 'personId', message: 'Choose a person who has the Section 12 doctor role' });
      const linked = await this.repository.doctorForPerson(trx, personId);
      if (linked && linked.id !== id) errors.push({ field: 'personId', message: 'This sign-in is already linked to another directory entry' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    return {
      personId,
      name: command.name,
      gmcNumber: command.gmcNumber,
      s12ApprovedFrom: command.s12ApprovedFrom ?? null,
      s12ApprovedUntil: command.s12ApprovedUntil ?? null,
      approvedClinician: command.approvedClinician,
      specialisms: [...new Set(command.specialisms)],
      languages: [...new Set(command.languages.map((l) => l.trim()).filter((l) => l !== ''))],
      areas: [...new Set(command.areas)],
      phone: command.phone,
      email: command.email,
      base: command.base,
      notes: command.notes,
      active: command.active ?? true,
    };
  }

  async addDoctor(ctx: ServiceContext, command: DoctorCommand): Promise<DoctorView> {
    requireRole(ctx.actor, DIRECTORY_EDITORS, 'change the section 12 doctor directory');
    const id = await inTransaction(this.deps.db, async (trx) => {
      const values = await this.validated(trx, command, null);
      const at = this.deps.clock.now();
      const newId = await this.repository.insertDoctor(trx, values, ctx.actor.personId, at);
      await this.repository.saveVersion(trx, (await this.repository.doctor(trx, newId))!, ctx.actor.personId, at);
      await this.deps.platform.audit(trx, ctx, { action: 's12_doctor_added', entityType: 's12_doctor', entityId: newId, summary: { approvedUntil: values.s12ApprovedUntil, linked: values.personId !== null } });
      return newId;
    });
    return this.doctor(ctx, id, false);
  }

  async updateDoctor(ctx: ServiceContext, id: string, version: number, command: DoctorCommand): Promise<DoctorView> {
    requireRole(ctx.actor, DIRECTORY_EDITORS, 'change the section 12 doctor directory');
    await inTransaction(this.deps.db, async (trx) => {
      const existing = await this.repository.doctor(trx, id);
      if (!existing) throw new NotFoundError('The directory entry');
      const values = await this.validated(trx, { ...command, active: command.active ?? existing.active, personId: command.personId === undefined ? existing.personId : command.personId }, id);
      const at = this.deps.clock.now();
      await this.repository.updateDoctor(trx, id, version, values, ctx.actor.personId, at);
      await this.repository.saveVersion(trx, (await this.repository.doctor(trx, id))!, ctx.actor.personId, at);
      const changed = (Object.keys(values) as Array<keyof DoctorValues>).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(existing[k]));
      await this.deps.platform.audit(trx, ctx, { action: 's12_doctor_changed', entityType: 's12_doctor', entityId: id, summary: { fields: changed } });
    });
    return this.doctor(ctx, id, false);
  }

  /** For the statutory forms: the GMC number of the signed-in doctor (by their person id), or null. */
  async gmcNumberOfPerson(personId: string): Promise<string | null> {
    return (await this.repository.doctorForPerson(this.deps.db, personId))?.gmcNumber ?? null;
  }

  // ── The doctor's own pages ──────────────────────────────────────────────────────────────────

  private async own(ctx: ServiceContext, trx = this.deps.db): Promise<DoctorRow> {
    requireRole(ctx.actor, DOCTORS, 'use the section 12 doctor pages');
    const row = await this.repository.doctorForPerson(trx, ctx.actor.personId);
    if (!row) throw new NotFoundError('Your directory entry (ask the AMHP service to link your sign-in to it)');
    return row;
  }

  async me(ctx: ServiceContext): Promise<DoctorView> {
    const row = await this.own(ctx);
    const [view] = await this.views([row]);
    return view!;
  }

  async addSlot(ctx: ServiceContext, command: SlotCommand): Promise<DoctorView> {
    await inTransaction(this.deps.db, async (trx) => {
      const doctor = await this.own(ctx, trx);
      const now = this.deps.clock.now();
      const base = { doctorId: doctor.id, createdAt: now, weekday: null, startMinute: null, endMinute: null, startsAt: null, endsAt: null };
      if (command.kind === 'weekly') {
        if (command.endMinute <= command.startMinute) throw ValidationError.of('endTime', 'The slot must end after it starts (a slot cannot run past midnight: add two)');
        await this.repository.insertSlot(trx, { ...base, kind: 'weekly', weekday: command.weekday, startMinute: command.startMinute, endMinute: command.endMinute });
      } else if (command.kind === 'one_off') {
        if (command.endsAt <= command.startsAt) throw ValidationError.of('endsAt', 'The slot must end after it starts');
        if (command.endsAt <= now) throw ValidationError.of('endsAt', 'The slot has already ended: give a time still to come');
        await this.repository.insertSlot(trx, { ...base, kind: 'one_off', startsAt: command.startsAt, endsAt: command.endsAt });
      } else {
        await this.repository.insertSlot(trx, { ...base, kind: 'now', startsAt: now, endsAt: addHours(now, command.hours) });
      }
      await this.deps.platform.audit(trx, ctx, { action: 's12_availability_added', entityType: 's12_doctor', entityId: doctor.id, summary: { kind: command.kind } });
    });
    return this.me(ctx);
  }

  async removeSlot(ctx: ServiceContext, slotId: string): Promise<DoctorView> {
    await inTransaction(this.deps.db, async (trx) => {
      const doctor = await this.own(ctx, trx);
      if ((await this.repository.deleteSlot(trx, doctor.id, slotId)) === 0) throw new NotFoundError('The availability slot');
      await this.deps.platform.audit(trx, ctx, { action: 's12_availability_removed', entityType: 's12_doctor', entityId: doctor.id });
    });
    return this.me(ctx);
  }

  // ── The finder and invitations ──────────────────────────────────────────────────────────────

  /** The doctors to offer for this referral at this time, ranked; audited as a view of the referral. */
  async finder(ctx: ServiceContext, referralId: string, at?: Date): Promise<FinderView> {
    requireRole(ctx.actor, FINDERS, 'find section 12 doctors');
    const referral = await this.deps.referrals.finderFacts(referralId);
    const when = at ?? referral.plannedAt ?? this.deps.clock.now();
    const doctors = await this.views(await this.repository.doctors(this.deps.db));
    const person: PersonNeeds = { ...referral };
    const offered = rankDoctors(doctors, person, when, this.today());
    const offeredIds = new Set(offered.map((o) => o.doctor.id));
    const notOffered = doctors
      .filter((d) => !offeredIds.has(d.id))
      .map((doctor) => ({ doctor, reason: !doctor.active ? 'No longer in the directory' : doctor.approval.state === 'lapsed' ? `Section 12 approval lapsed on ${doctor.s12ApprovedUntil}` : 'Not section 12 approved' }));
    await inTransaction(this.deps.db, (trx) => this.deps.platform.audit(trx, ctx, { action: 's12_finder_viewed', entityType: 'referral', entityId: referralId, summary: { offered: offered.length } }));
    return { referral, at: when, offered, notOffered, invitations: await this.repository.invitationsForReferral(this.deps.db, referralId), councils: await councils(this.deps.db) };
  }

  /**
   * Invites a doctor: the invitation by e-mail (outbox), and a line in the assessment's doctor
   * contact log, in one transaction. A lapsed or inactive doctor is never invited.
   */
  async invite(ctx: ServiceContext, referralId: string, command: { doctorId: string; neededAt: Date; message?: string | undefined }): Promise<InvitationRowWithName> {
    requireRole(ctx.actor, FINDERS, 'invite section 12 doctors');
    const referral = await this.deps.referrals.finderFacts(referralId);
    const id = await inTransaction(this.deps.db, async (trx) => {
      const doctor = await this.repository.doctor(trx, command.doctorId);
      if (!doctor) throw ValidationError.of('doctorId', 'Choose a doctor from the directory');
      const state = approvalState(doctor, this.today()).state;
      if (!doctor.active || state === 'lapsed' || state === 'not_approved') {
        throw new StateError(`${doctor.name} cannot be invited: ${state === 'lapsed' ? `their section 12 approval lapsed on ${doctor.s12ApprovedUntil}` : !doctor.active ? 'they are no longer in the directory' : 'they are not section 12 approved'}.`, 'doctor_not_offered');
      }
      if (await this.repository.openInvitation(trx, doctor.id, referralId)) throw new StateError(`${doctor.name} has already been invited for ${referral.reference} and has not answered yet.`, 'already_invited');
      const now = this.deps.clock.now();
      const invitationId = await this.repository.insertInvitation(trx, { doctorId: doctor.id, referralId, referralReference: referral.reference, neededAt: command.neededAt, message: command.message ?? '', invitedAt: now, invitedBy: ctx.actor.personId });
      await this.deps.referrals.logContact(trx, ctx, referralId, {
        doctorName: doctor.name,
        s12Approved: true,
        at: now,
        result: 'left_message',
        note: 'Invited through AMHP Hub (e-mail); waiting for the answer in the app',
        timeline: `Section 12 doctor invited: ${doctor.name}`,
      });
      await this.deps.platform.enqueue(trx, {
        recipientPersonId: doctor.personId,
        recipientAddress: doctor.email,
        subject: `${this.deps.serviceName}: Mental Health Act assessment ${referral.reference}, ${formatDateTime(command.neededAt)}`,
        body: [
          `You are invited as a section 12 doctor for a Mental Health Act assessment (${referral.reference}), needed from ${formatDateTime(command.neededAt)}.`,
          command.message ? `From ${ctx.actor.name}: ${command.message}` : `From ${ctx.actor.name}.`,
          'Sign in to AMHP Hub to accept or decline (My section 12 profile, Invitations). No details of the person are sent by e-mail.',
        ].join('\n\n'),
      });
      await this.deps.platform.audit(trx, ctx, { action: 's12_doctor_invited', entityType: 'referral', entityId: referralId, summary: { invitationId, doctorId: doctor.id } });
      return invitationId;
    });
    const rows = await this.repository.invitationsForReferral(this.deps.db, referralId);
    return rows.find((r) => r.id === id)!;
  }

  async myInvitations(ctx: ServiceContext) {
    const doctor = await this.own(ctx);
    return this.repository.invitationsForDoctor(this.deps.db, doctor.id);
  }

  /** One of the doctor's invitations; `audit` when they open it (a view about a referral). */
  async myInvitation(ctx: ServiceContext, id: string, audit = false) {
    const doctor = await this.own(ctx);
    const invitation = await this.repository.invitation(this.deps.db, id);
    if (!invitation || invitation.doctorId !== doctor.id) throw new NotFoundError('The invitation');
    if (audit) await inTransaction(this.deps.db, (trx) => this.deps.platform.audit(trx, ctx, { action: 's12_invitation_viewed', entityType: 'referral', entityId: invitation.referralId, summary: { invitationId: id } }));
    return invitation;
  }

  /**
   * The doctor's answer, in the app: the invitation, a contact-log line at the time of the answer
   * (so the time to find a section 12 doctor is measured), on acceptance the doctor on the record,
   * and an e-mail to the AMHP who invited.
   */
  async answer(ctx: ServiceContext, id: string, command: { accept: boolean; note?: string | undefined; version: number }) {
    await inTransaction(this.deps.db, async (trx) => {
      const doctor = await this.own(ctx, trx);
      const invitation = await this.repository.invitation(trx, id);
      if (!invitation || invitation.doctorId !== doctor.id) throw new NotFoundError('The invitation');
      if (invitation.status !== 'invited') throw new StateError(`You have already ${invitation.status} this invitation.`, 'already_answered');
      if (invitation.version !== command.version) throw new ConflictError('This invitation changed while you were reading it: look again.', { currentVersion: invitation.version });
      const now = this.deps.clock.now();
      const s12 = approvedOn(doctor, londonDate(now));
      await this.repository.answerInvitation(trx, id, command.version, command.accept ? 'accepted' : 'declined', command.note ?? '', now);
      await this.deps.referrals.logContact(trx, ctx, invitation.referralId, {
        doctorName: doctor.name,
        s12Approved: s12,
        at: now,
        result: command.accept ? 'available' : 'declined',
        note: command.accept ? 'Accepted the invitation in AMHP Hub' : `Declined the invitation in AMHP Hub${command.note ? `: ${command.note}` : ''}`,
        timeline: `Section 12 doctor ${command.accept ? 'accepted' : 'declined'} the invitation: ${doctor.name}`,
      });
      if (command.accept) {
        await this.deps.referrals.addInvitedDoctor(trx, ctx, invitation.referralId, { name: doctor.name, gmcNumber: doctor.gmcNumber, s12Approved: s12, approvedClinician: doctor.approvedClinician, requestedAt: invitation.invitedAt });
      }
      const inviter = await personContact(trx, invitation.invitedBy);
      if (inviter) {
        await this.deps.platform.enqueue(trx, {
          recipientPersonId: invitation.invitedBy,
          recipientAddress: inviter.email,
          subject: `${this.deps.serviceName}: ${doctor.name} ${command.accept ? 'accepted' : 'declined'} the invitation for ${invitation.referralReference}`,
          body: `${doctor.name} ${command.accept ? 'accepted' : 'declined'} your invitation for ${invitation.referralReference} at ${formatDateTime(now)}.${command.note ? `\n\nTheir note: ${command.note}` : ''}`,
        });
      }
      await this.deps.platform.audit(trx, ctx, { action: command.accept ? 's12_invitation_accepted' : 's12_invitation_declined', entityType: 'referral', entityId: invitation.referralId, summary: { invitationId: id } });
    });
    return this.myInvitation(ctx, id);
  }

  // ── Claims ───────────────────────────────────────────────────────────────────────────────────

  async claimSettings(): Promise<ClaimSettings & { version: number }> {
    const setting = await this.deps.settings.get(CLAIM_SETTINGS_KEY, claimSettingsSchema, DEFAULT_CLAIM_SETTINGS);
    return { ...setting.value, version: setting.version };
  }

  async saveClaimSettings(ctx: ServiceContext, value: ClaimSettings, version: number): Promise<ClaimSettings & { version: number }> {
    const saved = await this.deps.settings.put(ctx, CLAIM_SETTINGS_KEY, claimSettingsSchema, value, version);
    return { ...saved.value, version: saved.version };
  }

  async myClaims(ctx: ServiceContext) {
    const doctor = await this.own(ctx);
    return this.repository.claims(this.deps.db, { doctorId: doctor.id });
  }

  /** The assessments the doctor is recorded on, not yet claimed for: what they may claim. */
  async claimableAssessments(ctx: ServiceContext): Promise<Array<{ referralId: string; reference: string }>> {
    const doctor = await this.own(ctx);
    const claimed = new Set((await this.repository.claims(this.deps.db, { doctorId: doctor.id })).map((c) => c.referralId));
    return (await this.deps.referrals.assessmentsWithDoctor(doctor.gmcNumber)).filter((a) => !claimed.has(a.referralId));
  }

  /**
   * Submits a claim. Refused, with the reason and nothing changed, unless the doctor is on that
   * assessment, was s12 approved on its date and has not claimed for it already.
   */
  async submitClaim(ctx: ServiceContext, command: { referralId: string; feeType: FeeType; miles: number }): Promise<ClaimView> {
    const doctor = await this.own(ctx);
    const assessment = await this.deps.referrals.assessmentForClaim(command.referralId);
    const settings = await this.claimSettings();
    const id = await inTransaction(this.deps.db, async (trx) => {
      const existing = await this.repository.claimFor(trx, doctor.id, command.referralId);
      const { date } = unwrap(checkClaim(doctor, assessment, command.feeType, existing !== undefined));
      const amounts = claimAmounts(settings, command.feeType, command.miles);
      const claimId = await this.repository.insertClaim(trx, { doctorId: doctor.id, referralId: command.referralId, referralReference: assessment.reference, assessmentDate: date, feeType: command.feeType, miles: command.miles, ...amounts, submittedAt: this.deps.clock.now(), decidedBy: null, batchId: null });
      await this.deps.platform.audit(trx, ctx, { action: 's12_claim_submitted', entityType: 's12_claim', entityId: claimId, summary: { referralId: command.referralId, feeType: command.feeType, totalPence: amounts.totalPence } });
      return claimId;
    });
    return this.ownClaim(ctx, id);
  }

  /** A rejected claim, changed and sent again (the same claim: never a second one). */
  async resubmitClaim(ctx: ServiceContext, id: string, command: { feeType: FeeType; miles: number; version: number }): Promise<ClaimView> {
    const doctor = await this.own(ctx);
    const claim = await this.ownClaim(ctx, id);
    if (claim.status !== 'rejected') throw new StateError('Only a rejected claim can be changed and sent again.', 'claim_not_rejected');
    const assessment = await this.deps.referrals.assessmentForClaim(claim.referralId);
    const settings = await this.claimSettings();
    await inTransaction(this.deps.db, async (trx) => {
      unwrap(checkClaim(doctor, assessment, command.feeType, false));
      const amounts = claimAmounts(settings, command.feeType, command.miles);
      await this.repository.updateClaim(trx, id, command.version, { feeType: command.feeType, miles: command.miles, ...amounts, status: 'submitted', submittedAt: this.deps.clock.now() });
      await this.deps.platform.audit(trx, ctx, { action: 's12_claim_resubmitted', entityType: 's12_claim', entityId: id, summary: { feeType: command.feeType, totalPence: amounts.totalPence } });
    });
    return this.ownClaim(ctx, id);
  }

  async ownClaim(ctx: ServiceContext, id: string): Promise<ClaimView> {
    const doctor = await this.own(ctx);
    const claim = await this.repository.claim(this.deps.db, id);
    if (!claim || claim.doctorId !== doctor.id) throw new NotFoundError('The claim');
    return claim;
  }

  async claims(ctx: ServiceContext, status?: string) {
    requireRole(ctx.actor, CLAIMS_READERS, 'see section 12 doctors’ claims');
    return this.repository.claims(this.deps.db, status ? { status } : {});
  }

  async claim(ctx: ServiceContext, id: string): Promise<ClaimView> {
    if (hasAnyRole(ctx.actor, DOCTORS) && !hasAnyRole(ctx.actor, CLAIMS_READERS)) {
      const own = await this.ownClaim(ctx, id);
      await inTransaction(this.deps.db, (trx) => this.deps.platform.audit(trx, ctx, { action: 's12_claim_viewed', entityType: 's12_claim', entityId: id }));
      return own;
    }
    requireRole(ctx.actor, CLAIMS_READERS, 'see section 12 doctors’ claims');
    return inTransaction(this.deps.db, async (trx) => {
      const claim = await this.repository.claim(trx, id);
      if (!claim) throw new NotFoundError('The claim');
      await this.deps.platform.audit(trx, ctx, { action: 's12_claim_viewed', entityType: 's12_claim', entityId: id });
      return claim;
    });
  }

  /** The claims officer approves, or rejects with the reason the doctor reads. */
  async decide(ctx: ServiceContext, id: string, command: { decision: 'approve' | 'reject'; reason?: string | undefined; version: number }): Promise<ClaimView> {
    requireRole(ctx.actor, CLAIMS_OFFICERS, 'decide section 12 doctors’ claims');
    if (command.decision === 'reject' && !command.reason) throw ValidationError.of('reason', 'Give the reason for rejecting the claim: the doctor reads it');
    await inTransaction(this.deps.db, async (trx) => {
      const claim = await this.repository.claim(trx, id);
      if (!claim) throw new NotFoundError('The claim');
      if (claim.status !== 'submitted') throw new StateError(`This claim is ${claim.status}: only a submitted claim can be decided.`, 'claim_not_submitted');
      await this.repository.updateClaim(trx, id, command.version, { status: command.decision === 'approve' ? 'approved' : 'rejected', decidedAt: this.deps.clock.now(), decidedBy: ctx.actor.personId, decisionReason: command.decision === 'reject' ? (command.reason ?? '') : (command.reason ?? '') });
      const doctor = await this.repository.doctor(trx, claim.doctorId);
      if (doctor?.email) {
        await this.deps.platform.enqueue(trx, {
          recipientPersonId: doctor.personId,
          recipientAddress: doctor.email,
          subject: `${this.deps.serviceName}: your claim for ${claim.referralReference} was ${command.decision === 'approve' ? 'approved' : 'rejected'}`,
          body: command.decision === 'approve'
            ? `Your claim for ${claim.referralReference} (${pounds(claim.totalPence)}) was approved and will be paid in the next payment batch.`
            : `Your claim for ${claim.referralReference} was rejected.\n\nReason: ${command.reason}\n\nYou can change the claim and send it again in AMHP Hub.`,
        });
      }
      await this.deps.platform.audit(trx, ctx, { action: command.decision === 'approve' ? 's12_claim_approved' : 's12_claim_rejected', entityType: 's12_claim', entityId: id });
    });
    return (await this.repository.claim(this.deps.db, id))!;
  }

  // ── Payment batches ──────────────────────────────────────────────────────────────────────────

  async batches(ctx: ServiceContext) {
    requireRole(ctx.actor, CLAIMS_READERS, 'see payment batches');
    return this.repository.batches(this.deps.db);
  }

  async batch(ctx: ServiceContext, id: string) {
    requireRole(ctx.actor, CLAIMS_READERS, 'see payment batches');
    const batch = await this.repository.batch(this.deps.db, id);
    if (!batch) throw new NotFoundError('The payment batch');
    await inTransaction(this.deps.db, (trx) => this.deps.platform.audit(trx, ctx, { action: 's12_payment_batch_downloaded', entityType: 's12_payment_batch', entityId: id }));
    return batch;
  }

  /** The next cycle due: the last complete one, and how many approved claims await payment in it. */
  async nextBatch(ctx: ServiceContext) {
    requireRole(ctx.actor, CLAIMS_READERS, 'see payment batches');
    const period = lastCompleteCycle(await this.claimSettings(), this.today());
    const due = await this.repository.approvedUnbatched(this.deps.db, endOfLondonDay(period.to));
    return { period, count: due.length, totalPence: due.reduce((sum, c) => sum + c.totalPence, 0) };
  }

  /** Exports the approved claims of the last complete cycle as a payment batch; they become paid. */
  async createBatch(ctx: ServiceContext) {
    requireRole(ctx.actor, CLAIMS_OFFICERS, 'export payment batches');
    const period = lastCompleteCycle(await this.claimSettings(), this.today());
    const id = await inTransaction(this.deps.db, async (trx) => {
      const due = await this.repository.approvedUnbatched(trx, endOfLondonDay(period.to));
      if (due.length === 0) throw new StateError(`No approved claims are waiting for payment in the cycle ending ${period.to}.`, 'nothing_to_pay');
      const csv = batchCsv(due.map((c) => ({ claimId: c.id, doctorName: c.doctorName, gmcNumber: c.gmcNumber, reference: c.referralReference, assessmentDate: c.assessmentDate, feeType: c.feeType, miles: Number(c.miles), feePence: c.feePence, mileagePence: c.mileagePence, totalPence: c.totalPence, approvedOn: londonDate(c.decidedAt!) })));
      const totalPence = due.reduce((sum, c) => sum + c.totalPence, 0);
      const batchId = await this.repository.insertBatch(trx, { periodFrom: period.from, periodTo: period.to, createdAt: this.deps.clock.now(), createdBy: ctx.actor.personId, claimCount: due.length, totalPence, csv });
      await this.repository.markPaid(trx, due.map((c) => c.id), batchId);
      await this.deps.platform.audit(trx, ctx, { action: 's12_payment_batch_created', entityType: 's12_payment_batch', entityId: batchId, summary: { claims: due.length, totalPence } });
      return batchId;
    });
    return (await this.repository.batch(this.deps.db, id))!;
  }
}

export type { ClaimRow };
