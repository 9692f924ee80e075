/**
 * Supervision contracts and records: who supervises whom under which arrangement, sessions
 * recorded, signed by both parties, disputed and settled by mediation (Competences, Standards
 * and Expectations §5.5–5.9).
 */
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { londonDate } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { hasAnyRole, requireRole, type Actor } from '../../../platform/roles.js';
import { ApprovalRepository, type RegisterEntry } from '../approvals/approval-repository.js';
import { SUPERVISION_RECORD_KEEPERS, SUPERVISION_RECORDERS, mayWriteSupervisionRecord } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import { changeSupervisor, disputeSupervisionRecord, resolveSupervisionDispute, signSupervisionRecord, supervisionRecordState, validateContract, validateSupervisionRecord } from './supervision.js';
import { SupervisionRepository, type StoredContract, type StoredSupervisionRecord } from './supervision-repository.js';
import type { ContractCommand, DisputeCommand, ResolveCommand, ReviewCommand, SupervisionCommand } from './supervision-schemas.js';

/** People who can be chosen as a supervisor. */
/** Who may be named as a supervisor: practitioners and their managers, never a read-only or office role. */
const SUPERVISOR_ROLES = ['amhp', 'lead_amhp', 'amhp_lead', 'operational_manager', 'edt_manager', 'edt_officer', 'line_manager'] as const;
const SUPERVISOR_REFUSAL = 'Choose a supervisor who practises or manages practice (an AMHP, EDT officer, Lead AMHP or manager): a director, business support or an administrator cannot supervise';

const SUPERVISION_WRITE_REFUSAL = 'Only the supervisor named on the record or the Lead AMHP can write a supervision record: the AMHP signs it or disputes it';

export type SupervisionRecordResource = StoredSupervisionRecord & { state: ReturnType<typeof supervisionRecordState> };

export function supervisionRecordJson(record: StoredSupervisionRecord): SupervisionRecordResource {
  return { ...record, state: supervisionRecordState(record) };
}

export class SupervisionService {
  private readonly repository = new SupervisionRepository();
  private readonly approvals = new ApprovalRepository();

  constructor(private readonly deps: RegisterDeps) {}

  private async entryOf(trx: RegisterDeps['db'], personId: string): Promise<RegisterEntry> {
    const entry = await this.approvals.entry(trx, personId);
    if (!entry) throw new NotFoundError('The register entry');
    return entry;
  }

  /**
   * The named supervisor exists and holds a supervising role. Without this, anyone allowed to
   * record supervision could name themselves (a director, business support) and sign as a party.
   */
  private async mustBeSupervisor(supervisorId: string): Promise<void> {
    const supervisor = await this.deps.staff.findPerson(supervisorId);
    if (!supervisor) throw ValidationError.of('supervisorId', 'Choose the supervisor from the list');
    if (!supervisor.roles.some((role) => (SUPERVISOR_ROLES as readonly string[]).includes(role))) throw ValidationError.of('supervisorId', SUPERVISOR_REFUSAL);
  }

  /**
   * Who can be chosen: anyone who may supervise (a contract). On a supervision record written by
   * `writer`, the Lead AMHP may still choose anyone, a supervisor only themselves.
   */
  async supervisorOptions(writer?: Actor): Promise<Array<{ value: string; text: string }>> {
    const people = await this.deps.staff.peopleWithRole(SUPERVISOR_ROLES);
    const choosable = !writer || hasAnyRole(writer, SUPERVISION_RECORD_KEEPERS) ? people : people.filter((p) => p.id === writer.personId);
    return choosable.map((p) => ({ value: p.id, text: `${p.name}${p.jobTitle ? ` (${p.jobTitle})` : ''}` }));
  }

  /**
   * The supervision form on someone's register page: the Lead AMHP, or their supervisor under a
   * contract in force today (who also sees that page). Never the supervisee themself.
   */
  async mayRecordOn(actor: Actor, personId: string): Promise<boolean> {
    if (hasAnyRole(actor, SUPERVISION_RECORD_KEEPERS)) return true;
    if (actor.personId === personId) return false;
    return (await this.repository.superviseesOn(this.deps.db, actor.personId, londonDate(this.deps.clock.now()))).includes(personId);
  }

  /**
   * Start a contract. With a current contract under another supervisor, that one ends the day
   * before and the new one starts (a change of supervisor renews the contract). The contract's
   * arrangement becomes the AMHP's working arrangement on the register.
   */
  async addContract(ctx: ServiceContext, personId: string, command: ContractCommand): Promise<StoredContract> {
    requireRole(ctx.actor, SUPERVISION_RECORDERS, 'set up supervision contracts');
    await this.mustBeSupervisor(command.supervisorId);
    return inTransaction(this.deps.db, async (trx) => {
      const entry = await this.entryOf(trx, personId);
      const contracts = await this.repository.contracts(trx, personId);
      const open = contracts.find((c) => c.endDate === null || c.endDate >= command.startDate);
      let contract: StoredContract;
      if (open) {
        const changed = unwrap(changeSupervisor(open, command.supervisorId, command.startDate));
        await this.repository.updateContract(trx, { ...changed.ended, version: open.version });
        contract = await this.repository.insertContract(trx, { ...changed.next, arrangement: command.arrangement });
      } else {
        const checked = unwrap(validateContract({ superviseeId: personId, ...command, endDate: null }, contracts));
        contract = await this.repository.insertContract(trx, checked);
      }
      await this.approvals.updateEntry(trx, personId, entry.version, { arrangement: command.arrangement }, this.deps.clock.now());
      await this.deps.audit.record(trx, ctx, { action: 'supervision_contract_started', entityType: 'register_entry', entityId: personId, summary: { contractId: contract.id, arrangement: command.arrangement, startDate: command.startDate } });
      return contract;
    });
  }

  /** Contracts are reviewed every six months. */
  async reviewContract(ctx: ServiceContext, personId: string, contractId: string, command: ReviewCommand): Promise<StoredContract> {
    requireRole(ctx.actor, SUPERVISION_RECORDERS, 'review supervision contracts');
    return inTransaction(this.deps.db, async (trx) => {
      const contract = (await this.repository.contracts(trx, personId)).find((c) => c.id === contractId);
      if (!contract) throw new NotFoundError('The contract');
      if (command.reviewedOn < contract.startDate) throw ValidationError.of('reviewedOn', 'The review cannot be before the contract started');
      const reviewed = await this.repository.updateContract(trx, { ...contract, reviewDates: [...contract.reviewDates, command.reviewedOn] });
      await this.deps.audit.record(trx, ctx, { action: 'supervision_contract_reviewed', entityType: 'register_entry', entityId: personId, summary: { contractId, reviewedOn: command.reviewedOn } });
      return reviewed;
    });
  }

  /**
   * The supervisor named on the record writes it (or the Lead AMHP); it stays unsigned until
   * both parties sign. The supervisee, managers, directors and business support are refused
   * before anything is read or written.
   */
  async addSupervision(ctx: ServiceContext, personId: string, command: SupervisionCommand): Promise<SupervisionRecordResource> {
    if (!mayWriteSupervisionRecord(ctx.actor, command.supervisorId)) throw new ForbiddenError(SUPERVISION_WRITE_REFUSAL);
    await this.mustBeSupervisor(command.supervisorId);
    const checked = unwrap(validateSupervisionRecord({ superviseeId: personId, ...command, topic: command.topic ?? null }, londonDate(this.deps.clock.now())));
    return inTransaction(this.deps.db, async (trx) => {
      await this.entryOf(trx, personId);
      const record = await this.repository.insertRecord(trx, { ...checked, signatures: [], dispute: null }, ctx.actor.personId);
      await this.deps.audit.record(trx, ctx, { action: 'supervision_recorded', entityType: 'supervision_record', entityId: record.id, summary: { superviseeId: personId, type: command.type, date: command.date } });
      return supervisionRecordJson(record);
    });
  }

  /** Whose register page a record belongs on (for redirects), or null. */
  async recordOwner(recordId: string): Promise<string | null> {
    return (await this.repository.record(this.deps.db, recordId))?.superviseeId ?? null;
  }

  /** The signer is the signed-in person; only the two parties may sign. */
  async sign(ctx: ServiceContext, recordId: string): Promise<SupervisionRecordResource> {
    return this.change(ctx, recordId, 'supervision_signed', (record) => signSupervisionRecord(record, ctx.actor.personId, this.deps.clock.now()));
  }

  /** A party disputes the record: signatures are withdrawn and it is flagged for mediation. */
  async dispute(ctx: ServiceContext, recordId: string, command: DisputeCommand): Promise<SupervisionRecordResource> {
    return this.change(ctx, recordId, 'supervision_disputed', (record) => disputeSupervisionRecord(record, ctx.actor.personId, this.deps.clock.now(), command.note));
  }

  /**
   * The Lead AMHP records the outcome of mediation (it changes the record; the supervisor is a
   * party to the dispute, so cannot settle it); both parties then sign again.
   */
  async resolve(ctx: ServiceContext, recordId: string, command: ResolveCommand): Promise<SupervisionRecordResource> {
    requireRole(ctx.actor, SUPERVISION_RECORD_KEEPERS, 'record the outcome of mediation');
    return this.change(ctx, recordId, 'supervision_dispute_resolved', (record) => resolveSupervisionDispute(record, this.deps.clock.now(), command.resolution));
  }

  private async change(ctx: ServiceContext, recordId: string, action: string, step: (record: StoredSupervisionRecord) => ReturnType<typeof signSupervisionRecord>): Promise<SupervisionRecordResource> {
    return inTransaction(this.deps.db, async (trx) => {
      const record = await this.repository.record(trx, recordId);
      if (!record) throw new NotFoundError('The supervision record');
      const next = unwrap(step(record));
      const saved = await this.repository.saveState(trx, next, record.version);
      await this.deps.audit.record(trx, ctx, { action, entityType: 'supervision_record', entityId: recordId, summary: { state: supervisionRecordState(saved) } });
      return supervisionRecordJson(saved);
    });
  }
}
