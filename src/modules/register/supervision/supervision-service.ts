/**
 * Supervision contracts and records: who supervises whom under which arrangement, sessions
 * recorded, signed by both parties, disputed and settled by mediation (Competences, Standards
 * and Expectations §5.5–5.9).
 */
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../../platform/errors.js';
import { londonDate } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { requireRole } from '../../../platform/roles.js';
import { ApprovalRepository, type RegisterEntry } from '../approvals/approval-repository.js';
import { SUPERVISION_RECORDERS } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import { changeSupervisor, disputeSupervisionRecord, resolveSupervisionDispute, signSupervisionRecord, supervisionRecordState, validateContract, validateSupervisionRecord } from './supervision.js';
import { SupervisionRepository, type StoredContract, type StoredSupervisionRecord } from './supervision-repository.js';
import type { ContractCommand, DisputeCommand, ResolveCommand, ReviewCommand, SupervisionCommand } from './supervision-schemas.js';

/** People who can be chosen as a supervisor. */
/** Who may be named as a supervisor: practitioners and their managers, never a read-only or office role. */
const SUPERVISOR_ROLES = ['amhp', 'lead_amhp', 'amhp_lead', 'operational_manager', 'edt_manager', 'edt_officer', 'line_manager'] as const;
const SUPERVISOR_REFUSAL = 'Choose a supervisor who practises or manages practice (an AMHP, EDT officer, Lead AMHP or manager): a director, business support or an administrator cannot supervise';

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

  async supervisorOptions(): Promise<Array<{ value: string; text: string }>> {
    const people = await this.deps.staff.peopleWithRole(SUPERVISOR_ROLES);
    return people.map((p) => ({ value: p.id, text: `${p.name}${p.jobTitle ? ` (${p.jobTitle})` : ''}` }));
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

  /** Either party records the session (or a manager); it stays unsigned until both sign. */
  async addSupervision(ctx: ServiceContext, personId: string, command: SupervisionCommand): Promise<SupervisionRecordResource> {
    const isParty = ctx.actor.personId === command.supervisorId || ctx.actor.personId === personId;
    if (!isParty) requireRole(ctx.actor, SUPERVISION_RECORDERS, 'record supervision for others');
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

  /** A manager records the outcome of mediation; both parties then sign again. */
  async resolve(ctx: ServiceContext, recordId: string, command: ResolveCommand): Promise<SupervisionRecordResource> {
    requireRole(ctx.actor, SUPERVISION_RECORDERS, 'record the outcome of mediation');
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
