// The doctors on the assessment record and the log of calls made to find them. A doctor's
// recommendation is checked as it is saved (R-MR-03, the same check the section 4 second
// recommendation gets), so a record never holds an examination after its signature.

import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/errors.js';
import { assertRecommendationLawful, type AssessmentEditing } from './assessment-editing.js';
import type { AssessmentTx } from './assessment-port.js';
import type { AssessmentDb } from './assessments-tables.js';
import type { DoctorContactResult } from './domain/delays.js';
import type { ContactCommand, DoctorCommand, DoctorUpdateCommand, VersionCommand } from './assessment-schemas.js';

export class AssessmentDoctorsService {
  constructor(private readonly editing: AssessmentEditing) {}

  private validate(cmd: DoctorCommand): void {
    this.editing.assertNotFuture([
      ['requestedAt', cmd.requestedAt, 'The request time'],
      ['arrivedAt', cmd.arrivedAt, 'The arrival time'],
      ['examinedAt', cmd.examinedAt, 'The examination time'],
      ['signedAt', cmd.signedAt, 'The signature time'],
    ]);
    const errors: FieldError[] = [];
    if (cmd.arrivedAt && cmd.requestedAt && cmd.arrivedAt < cmd.requestedAt) {
      errors.push({ field: 'arrivedAt', message: 'The doctor cannot arrive before being requested: check the times', anchor: 'day' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    assertRecommendationLawful(cmd, 'examinedAt');
  }

  private values(cmd: DoctorCommand) {
    return {
      name: cmd.name,
      role: cmd.role ?? null,
      gmcNumber: cmd.gmcNumber ?? '',
      s12Approved: cmd.s12Approved,
      approvedClinician: cmd.approvedClinician,
      previousAcquaintance: cmd.previousAcquaintance,
      requestedAt: cmd.requestedAt ?? null,
      arrivedAt: cmd.arrivedAt ?? null,
      examinedAt: cmd.examinedAt ?? null,
      signedAt: cmd.signedAt ?? null,
      jointOrSeparate: cmd.jointOrSeparate ?? null,
    };
  }

  async addDoctor(ctx: ServiceContext, referralId: string, cmd: DoctorCommand): Promise<string> {
    this.validate(cmd);
    return this.editing.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      const id = await this.editing.repository.insertDoctor(trx, { assessmentId: assessment.id, ...this.values(cmd) });
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_doctor_added', entityType: 'referral', entityId: referralId, summary: { doctorId: id, s12Approved: cmd.s12Approved } });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_doctor', `Doctor added to the assessment${cmd.s12Approved ? ' (section 12 approved)' : ''}`, { doctorId: id });
      return id;
    });
  }

  private async ownDoctor(trx: AssessmentTx, assessmentId: string, doctorId: string): Promise<void> {
    const doctors = await this.editing.repository.doctors(trx, assessmentId);
    if (!doctors.some((d) => d.id === doctorId)) throw new NotFoundError('The doctor');
  }

  async updateDoctor(ctx: ServiceContext, referralId: string, doctorId: string, cmd: DoctorUpdateCommand): Promise<number> {
    this.validate(cmd);
    return this.editing.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      await this.ownDoctor(trx, assessment.id, doctorId);
      const next = await this.editing.repository.updateDoctor(trx, doctorId, this.values(cmd), cmd.version);
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_doctor_updated', entityType: 'referral', entityId: referralId, summary: { doctorId } });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_doctor', 'Doctor details updated', { doctorId });
      return next;
    });
  }

  async removeDoctor(ctx: ServiceContext, referralId: string, doctorId: string, cmd: VersionCommand): Promise<void> {
    await this.editing.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      await this.ownDoctor(trx, assessment.id, doctorId);
      await this.editing.repository.updateDoctor(trx, doctorId, { removedAt: this.editing.now() }, cmd.version);
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_doctor_removed', entityType: 'referral', entityId: referralId, summary: { doctorId } });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_doctor', 'Doctor removed from the assessment', { doctorId });
    });
  }

  async addContact(ctx: ServiceContext, referralId: string, cmd: ContactCommand): Promise<string> {
    this.editing.assertNotFuture([['calledAt', cmd.calledAt, 'The call time']]);
    return this.editing.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      const id = await this.editing.repository.insertContact(trx, {
        assessmentId: assessment.id,
        doctorName: cmd.doctorName,
        s12Approved: cmd.s12Approved,
        calledAt: cmd.calledAt,
        result: cmd.result,
        calledBy: ctx.actor.personId,
        calledByName: ctx.actor.name,
        note: cmd.note ?? '',
      });
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_doctor_contact_logged', entityType: 'referral', entityId: referralId, summary: { result: cmd.result } });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'doctor_contact', `Doctor called: ${cmd.result.replace(/_/g, ' ')}`, { result: cmd.result });
      return id;
    });
  }

  /**
   * A contact-log line written by the app itself (published for the doctors module, which has
   * authorised the actor): the invitation sent, and the doctor's answer in the app, each at the
   * time it happened, so the wait for a section 12 doctor is measured rather than typed.
   */
  async logContactFromApp(handle: Kysely<AssessmentDb>, ctx: ServiceContext, referralId: string, entry: AppContactEntry): Promise<string> {
    return this.editing.withEditableRecord(handle, ctx, referralId, async (trx, _referral, assessment) => {
      const id = await this.editing.repository.insertContact(trx, {
        assessmentId: assessment.id,
        doctorName: entry.doctorName,
        s12Approved: entry.s12Approved,
        calledAt: entry.at,
        result: entry.result,
        calledBy: ctx.actor.personId,
        calledByName: ctx.actor.name,
        note: entry.note,
      });
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_doctor_contact_logged', entityType: 'referral', entityId: referralId, summary: { result: entry.result, byApp: true } });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'doctor_contact', entry.timeline, { result: entry.result });
      return id;
    });
  }

  /** The doctor who accepted an invitation, added to the record (once per GMC number); their id. */
  async addDoctorFromApp(handle: Kysely<AssessmentDb>, ctx: ServiceContext, referralId: string, doctor: AppDoctorEntry): Promise<string> {
    return this.editing.withEditableRecord(handle, ctx, referralId, async (trx, _referral, assessment) => {
      const existing = (await this.editing.repository.doctors(trx, assessment.id)).find((d) => d.gmcNumber === doctor.gmcNumber);
      if (existing) return existing.id;
      const id = await this.editing.repository.insertDoctor(trx, {
        assessmentId: assessment.id,
        name: doctor.name,
        gmcNumber: doctor.gmcNumber,
        s12Approved: doctor.s12Approved,
        approvedClinician: doctor.approvedClinician,
        previousAcquaintance: false,
        requestedAt: doctor.requestedAt,
      });
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_doctor_added', entityType: 'referral', entityId: referralId, summary: { doctorId: id, s12Approved: doctor.s12Approved, byApp: true } });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_doctor', `Doctor added to the assessment: accepted the invitation${doctor.s12Approved ? ' (section 12 approved)' : ''}`, { doctorId: id });
      return id;
    });
  }
}

export interface AppContactEntry {
  doctorName: string;
  s12Approved: boolean;
  at: Date;
  result: DoctorContactResult;
  note: string;
  /** The line on the referral's timeline. */
  timeline: string;
}

export interface AppDoctorEntry {
  name: string;
  gmcNumber: string;
  s12Approved: boolean;
  approvedClinician: boolean;
  requestedAt: Date;
}
