/**
 * Keeping the register: who is on it, their approvals (five years from one LSSA), the other
 * LSSAs' authorisations, suspensions and early endings. Nothing is ever deleted.
 */
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, StateError, ValidationError } from '../../../platform/errors.js';
import { formatDate, londonDate } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { requireRole } from '../../../platform/roles.js';
import { REGISTER_EDITORS } from '../register-access.js';
import type { RegisterDeps, StaffPerson } from '../register-ports.js';
import { validateApproval, validateAuthorisation, validateEarlyEnd, validateSuspension } from './approval.js';
import { ApprovalRepository, type RegisterEntry, type StoredApproval, type StoredAuthorisation, type StoredSuspension } from './approval-repository.js';
import type { ApprovalCommand, AuthorisationCommand, EarlyEndCommand, EntryCommand, EntryUpdateCommand, LiftCommand, SuspensionCommand } from './approval-schemas.js';

export type EntryResource = RegisterEntry & { name: string };

export class ApprovalService {
  private readonly repository = new ApprovalRepository();

  constructor(private readonly deps: RegisterDeps) {}

  today(): string {
    return londonDate(this.deps.clock.now());
  }

  /** People with the AMHP role who are not on the register yet. */
  async candidates(ctx: ServiceContext): Promise<StaffPerson[]> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'add AMHPs to the register');
    const [people, entries] = await Promise.all([this.deps.staff.peopleWithRole(['amhp']), this.repository.entries(this.deps.db)]);
    const on = new Set(entries.map((e) => e.personId));
    return people.filter((p) => !on.has(p.id));
  }

  async entry(personId: string): Promise<RegisterEntry | undefined> {
    return this.repository.entry(this.deps.db, personId);
  }

  /** The person a form is about, with their entry and approvals; not found unless on the register. */
  async onRegisterForForm(personId: string): Promise<{ id: string; name: string; entry: RegisterEntry; approvals: StoredApproval[] }> {
    const [person, entry] = await Promise.all([this.deps.staff.findPerson(personId), this.repository.entry(this.deps.db, personId)]);
    if (!person || !entry) throw new NotFoundError('The register entry');
    const { approvals } = await this.repository.approvalData(this.deps.db, [personId]);
    return { id: person.id, name: person.name, entry, approvals };
  }

  async addToRegister(ctx: ServiceContext, command: EntryCommand): Promise<EntryResource> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'add AMHPs to the register');
    const person = await this.deps.staff.findPerson(command.personId);
    if (!person) throw ValidationError.of('personId', 'Choose a person from the list');
    if (!person.roles.includes('amhp')) throw ValidationError.of('personId', `${person.name} does not hold the AMHP role: an administrator must add it first`);
    return inTransaction(this.deps.db, async (trx) => {
      if (await this.repository.entry(trx, command.personId)) throw ValidationError.of('personId', `${person.name} is already on the register`);
      const entry = await this.repository.insertEntry(trx, command);
      await this.deps.audit.record(trx, ctx, { action: 'register_entry_added', entityType: 'register_entry', entityId: command.personId, summary: { profession: command.profession, arrangement: command.arrangement } });
      return { ...entry, name: person.name };
    });
  }

  async updateEntry(ctx: ServiceContext, personId: string, command: EntryUpdateCommand): Promise<EntryResource> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'change register details');
    const person = await this.deps.staff.findPerson(personId);
    if (!person) throw new NotFoundError('The register entry');
    return inTransaction(this.deps.db, async (trx) => {
      const { version, ...change } = command;
      const entry = await this.repository.updateEntry(trx, personId, version, change, this.deps.clock.now());
      await this.deps.audit.record(trx, ctx, { action: 'register_entry_updated', entityType: 'register_entry', entityId: personId, summary: { fields: ['profession', 'registrationNumber', 'arrangement'] } });
      return { ...entry, name: person.name };
    });
  }

  private async isLssa(id: string): Promise<boolean> {
    return (await this.deps.staff.lssas()).some((l) => l.id === id);
  }

  private async onRegister(trx: RegisterDeps['db'], personId: string) {
    if (!(await this.repository.entry(trx, personId))) throw new NotFoundError('The register entry');
    return this.repository.approvalData(trx, [personId]);
  }

  /** Approve or re-approve: the end defaults to the day before the fifth anniversary. */
  async addApproval(ctx: ServiceContext, personId: string, command: ApprovalCommand): Promise<StoredApproval> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'approve AMHPs');
    if (!(await this.isLssa(command.approvingLssaId))) throw ValidationError.of('approvingLssaId', 'Choose the LSSA giving the approval');
    return inTransaction(this.deps.db, async (trx) => {
      const data = await this.onRegister(trx, personId);
      const dates = unwrap(validateApproval({ startDate: command.startDate, endDate: command.endDate ?? null }, data.approvals));
      const approval = await this.repository.insertApproval(trx, { personId, approvingLssaId: command.approvingLssaId, ...dates, notes: command.notes ?? null, createdBy: ctx.actor.personId });
      await this.deps.audit.record(trx, ctx, {
        action: data.approvals.length > 0 ? 'amhp_reapproved' : 'amhp_approved',
        entityType: 'register_entry',
        entityId: personId,
        summary: { approvalId: approval.id, startDate: dates.startDate, endDate: dates.endDate },
      });
      return approval;
    });
  }

  /** End an approval early (reg. 7 reasons); its authorisations and open suspensions are cut back to that day. */
  async endApproval(ctx: ServiceContext, personId: string, approvalId: string, command: EarlyEndCommand): Promise<StoredApproval> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'end approvals');
    return inTransaction(this.deps.db, async (trx) => {
      const data = await this.onRegister(trx, personId);
      const approval = data.approvals.find((a) => a.id === approvalId);
      if (!approval) throw new NotFoundError('The approval');
      if (approval.earlyEnd) throw new StateError(`This approval already ended on ${formatDate(approval.earlyEnd.endedOn)}`, 'approval_already_ended');
      const end = unwrap(validateEarlyEnd(approval, { endedOn: command.endedOn, reason: command.reason, ...(command.note ? { note: command.note } : {}) }));
      const ended = await this.repository.endApproval(trx, approvalId, approval.version, { endedOn: end.endedOn, endReason: end.reason, endNote: command.note ?? null });
      for (const a of data.authorisations.filter((x) => x.approvalId === approvalId && x.endDate > end.endedOn)) {
        await this.repository.cutAuthorisation(trx, a.id, end.endedOn < a.startDate ? a.startDate : end.endedOn);
      }
      for (const s of data.suspensions.filter((x) => x.approvalId === approvalId && (x.endDate === null || x.endDate > end.endedOn))) {
        await this.repository.endSuspension(trx, s.id, s.version, end.endedOn < s.startDate ? s.startDate : end.endedOn);
      }
      await this.deps.audit.record(trx, ctx, { action: 'approval_ended', entityType: 'register_entry', entityId: personId, summary: { approvalId, endedOn: end.endedOn, reason: end.reason } });
      return ended;
    });
  }

  /** Authorise the AMHP to act for another LSSA, within one of their approvals. */
  async addAuthorisation(ctx: ServiceContext, personId: string, command: AuthorisationCommand): Promise<StoredAuthorisation> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'record authorisations');
    if (!(await this.isLssa(command.lssaId))) throw ValidationError.of('lssaId', 'Choose an LSSA from the list');
    return inTransaction(this.deps.db, async (trx) => {
      const data = await this.onRegister(trx, personId);
      const approval = data.approvals.find((a) => a.id === command.approvalId);
      if (!approval) throw ValidationError.of('approvalId', 'Choose one of this AMHP’s approvals');
      const checked = unwrap(validateAuthorisation(approval, { lssaId: command.lssaId, startDate: command.startDate, endDate: command.endDate ?? null }, data.authorisations));
      const authorisation = await this.repository.insertAuthorisation(trx, { ...checked, personId, createdBy: ctx.actor.personId });
      await this.deps.audit.record(trx, ctx, { action: 'authorisation_added', entityType: 'register_entry', entityId: personId, summary: { approvalId: approval.id, lssaId: command.lssaId, startDate: checked.startDate, endDate: checked.endDate } });
      return authorisation;
    });
  }

  async suspend(ctx: ServiceContext, personId: string, command: SuspensionCommand): Promise<StoredSuspension> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'suspend AMHPs');
    return inTransaction(this.deps.db, async (trx) => {
      const data = await this.onRegister(trx, personId);
      const approval = data.approvals.find((a) => a.id === command.approvalId);
      if (!approval) throw ValidationError.of('approvalId', 'Choose one of this AMHP’s approvals');
      const checked = unwrap(validateSuspension(approval, { approvalId: approval.id, startDate: command.startDate, endDate: command.endDate ?? null, reason: command.reason }, data.suspensions));
      const suspension = await this.repository.insertSuspension(trx, { ...checked, personId, createdBy: ctx.actor.personId });
      await this.deps.audit.record(trx, ctx, { action: 'amhp_suspended', entityType: 'register_entry', entityId: personId, summary: { approvalId: approval.id, startDate: command.startDate, endDate: command.endDate ?? null } });
      return suspension;
    });
  }

  async liftSuspension(ctx: ServiceContext, personId: string, suspensionId: string, command: LiftCommand): Promise<StoredSuspension> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'lift suspensions');
    return inTransaction(this.deps.db, async (trx) => {
      const data = await this.onRegister(trx, personId);
      const suspension = data.suspensions.find((s) => s.id === suspensionId);
      if (!suspension) throw new NotFoundError('The suspension');
      if (command.endDate < suspension.startDate) throw ValidationError.of('endDate', `The suspension cannot end before it started on ${formatDate(suspension.startDate)}`);
      const lifted = await this.repository.endSuspension(trx, suspensionId, suspension.version, command.endDate);
      await this.deps.audit.record(trx, ctx, { action: 'suspension_lifted', entityType: 'register_entry', entityId: personId, summary: { suspensionId, endDate: command.endDate } });
      return lifted;
    });
  }
}
