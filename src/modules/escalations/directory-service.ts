import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { DIRECTORY_EDITORS } from './escalations-access.js';
import type { EscalationsServiceDeps } from './escalations-ports.js';
import { type PartnerRow, type PersonBrief, EscalationsRepository } from './escalations-repository.js';
import { type PartnerEntry, validatePartner } from './partner-directory.js';

export interface PartnerCommand extends PartnerEntry {
  active?: boolean | undefined;
}

/** The partner directory: read by everyone signed in, kept by administrators and the AMHP Lead. */
export class DirectoryService {
  private readonly repository = new EscalationsRepository();

  constructor(private readonly deps: Pick<EscalationsServiceDeps, 'db' | 'clock' | 'platform'>) {}

  /** Organisations and contacts only (no person's record): not audited as a read. */
  async partners(includeInactive = false): Promise<PartnerRow[]> {
    return this.repository.partners(this.deps.db, includeInactive);
  }

  async partner(id: string): Promise<PartnerRow> {
    const row = await this.repository.partner(this.deps.db, id);
    if (!row) throw new NotFoundError('The directory entry');
    return row;
  }

  async addPartner(ctx: ServiceContext, command: PartnerCommand): Promise<PartnerRow> {
    requireRole(ctx.actor, DIRECTORY_EDITORS, 'change the partner directory');
    const entry = unwrap(validatePartner(command));
    return inTransaction(this.deps.db, async (trx) => {
      if (await this.repository.partnerNamed(trx, entry.name)) throw ValidationError.of('name', 'The directory already has an organisation with this name');
      const id = await this.repository.insertPartner(trx, entry, ctx.actor.personId, this.deps.clock.now());
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_partner_added', entityType: 'escalation_partner', entityId: id, summary: { kind: entry.kind, contacts: entry.contacts.length } });
      return (await this.repository.partner(trx, id))!;
    });
  }

  async updatePartner(ctx: ServiceContext, id: string, version: number, command: PartnerCommand): Promise<PartnerRow> {
    requireRole(ctx.actor, DIRECTORY_EDITORS, 'change the partner directory');
    const entry = unwrap(validatePartner(command));
    return inTransaction(this.deps.db, async (trx) => {
      const existing = await this.repository.partner(trx, id);
      if (!existing) throw new NotFoundError('The directory entry');
      const clash = await this.repository.partnerNamed(trx, entry.name);
      if (clash && clash.id !== id) throw ValidationError.of('name', 'The directory already has an organisation with this name');
      await this.repository.updatePartner(trx, id, version, { ...entry, active: command.active ?? existing.active }, ctx.actor.personId, this.deps.clock.now());
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_partner_changed', entityType: 'escalation_partner', entityId: id, summary: { kind: entry.kind, contacts: entry.contacts.length, active: command.active ?? existing.active } });
      return (await this.repository.partner(trx, id))!;
    });
  }

  /** People at the organisation who sign in with the partner role. */
  async members(partnerId: string): Promise<PersonBrief[]> {
    return this.repository.members(this.deps.db, partnerId);
  }

  /** People holding the partner role, who may be linked to an organisation. */
  async partnerPeople(): Promise<PersonBrief[]> {
    return this.repository.peopleWithRoles(this.deps.db, ['partner']);
  }

  /** Links a person with the partner role to this organisation (one organisation each). */
  async addMember(ctx: ServiceContext, partnerId: string, personId: string): Promise<PersonBrief[]> {
    requireRole(ctx.actor, DIRECTORY_EDITORS, 'change who signs in for a partner organisation');
    return inTransaction(this.deps.db, async (trx) => {
      if (!(await this.repository.partner(trx, partnerId))) throw new NotFoundError('The directory entry');
      const eligible = await this.repository.peopleWithRoles(trx, ['partner']);
      if (!eligible.some((p) => p.id === personId)) throw ValidationError.of('personId', 'Choose a person who has the Partner agency role');
      await this.repository.setMembership(trx, personId, partnerId, ctx.actor.personId, this.deps.clock.now());
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_partner_member_added', entityType: 'escalation_partner', entityId: partnerId, summary: { personId } });
      return this.repository.members(trx, partnerId);
    });
  }

  async removeMember(ctx: ServiceContext, partnerId: string, personId: string): Promise<PersonBrief[]> {
    requireRole(ctx.actor, DIRECTORY_EDITORS, 'change who signs in for a partner organisation');
    return inTransaction(this.deps.db, async (trx) => {
      if ((await this.repository.removeMembership(trx, personId, partnerId)) === 0) throw ValidationError.of('personId', 'This person is not linked to this organisation');
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_partner_member_removed', entityType: 'escalation_partner', entityId: partnerId, summary: { personId } });
      return this.repository.members(trx, partnerId);
    });
  }
}
