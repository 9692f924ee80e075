import { randomBytes } from 'node:crypto';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../../platform/errors.js';
import { londonMonth } from '../../../platform/london-time.js';
import { requireRole } from '../../../platform/roles.js';
import { lssas } from '../disparity/disparity-repository.js';
import { periodOf } from '../disparity/period.js';
import { RETURN_EXPORTERS, S136_RECORDERS } from '../part-b-access.js';
import type { ReportsBDeps } from '../part-b-deps.js';
import { NATIONAL_COLUMNS, S136_COLUMNS, nationalRows, s136Rows } from './returns.js';
import { assessmentFacts, s136Facts, s136Referral, secretKey, upsertS136Reference } from './returns-repository.js';
import type { Sheet } from './sheet.js';

export interface ReturnQuery {
  from?: string | undefined;
  to?: string | undefined;
  lssa?: string | undefined;
}

export interface S136ReferenceCommand {
  referral: string;
  policeReference?: string | undefined;
  placeOfSafetyReference?: string | undefined;
}

export class ReturnsService {
  constructor(private readonly deps: Pick<ReportsBDeps, 'db' | 'clock' | 'audit'>) {}

  private async scope(query: ReturnQuery) {
    const period = periodOf(this.deps.clock.now(), query.from, query.to);
    const all = await lssas(this.deps.db);
    const lssa = query.lssa ? all.find((l) => l.id === query.lssa) : undefined;
    if (query.lssa && !lssa) throw ValidationError.of('lssa', 'That LSSA is not set up in the service: choose one from the list');
    return { period, lssa, lssas: all };
  }

  async options(ctx: ServiceContext, query: ReturnQuery) {
    requireRole(ctx.actor, RETURN_EXPORTERS, 'download the national returns');
    return this.scope(query);
  }

  /** The assessment-level national dataset: pseudonymised (keyed hash), no names, NHS numbers or dates. */
  async national(ctx: ServiceContext, query: ReturnQuery): Promise<{ sheet: Sheet; fileName: string }> {
    requireRole(ctx.actor, RETURN_EXPORTERS, 'download the national returns');
    const { period, lssa } = await this.scope(query);
    const now = this.deps.clock.now();
    const [facts, key] = await Promise.all([assessmentFacts(this.deps.db, period.start, period.end, lssa?.id ?? null), secretKey(this.deps.db, 'pseudonyms', randomBytes(32).toString('hex'), now)]);
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action: 'national_return_exported', entityType: 'report', entityId: 'national_return', summary: { from: period.from, to: period.to, rows: facts.length } }));
    return { fileName: `national-assessments-${period.from}-to-${period.to}`, sheet: { name: 'Assessments', headers: NATIONAL_COLUMNS.map((c) => c.header), rows: nationalRows(key, facts, londonMonth) } };
  }

  /** s136 episodes with the references police and places of safety link on. */
  async s136(ctx: ServiceContext, query: ReturnQuery): Promise<{ sheet: Sheet; fileName: string }> {
    requireRole(ctx.actor, RETURN_EXPORTERS, 'download the s136 return');
    const { period, lssa } = await this.scope(query);
    const facts = await s136Facts(this.deps.db, period.start, period.end, lssa?.id ?? null);
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action: 's136_return_exported', entityType: 'report', entityId: 's136_return', summary: { from: period.from, to: period.to, rows: facts.length } }));
    return { fileName: `s136-return-${period.from}-to-${period.to}`, sheet: { name: 's136 episodes', headers: S136_COLUMNS.map((c) => c.header), rows: s136Rows(facts, londonMonth) } };
  }

  async recordS136Reference(ctx: ServiceContext, command: S136ReferenceCommand): Promise<{ referralId: string; referralReference: string; policeReference: string; placeOfSafetyReference: string }> {
    requireRole(ctx.actor, S136_RECORDERS, 'record s136 references');
    const police = command.policeReference?.trim() ?? '';
    const place = command.placeOfSafetyReference?.trim() ?? '';
    if (!police && !place) throw ValidationError.of('policeReference', 'Give the police reference, the place of safety reference, or both');
    return inTransaction(this.deps.db, async (trx) => {
      const referral = await s136Referral(trx, command.referral);
      if (!referral) throw new NotFoundError(`No assessed referral has the reference ${command.referral.slice(0, 64)}`);
      if (referral.legalStatus !== 's136') throw ValidationError.of('referral', `${referral.referralReference} was not an s136 referral`);
      await upsertS136Reference(trx, { referralId: referral.referralId, policeReference: police, placeOfSafetyReference: place, recordedAt: this.deps.clock.now(), recordedBy: ctx.actor.personId });
      await this.deps.audit.record(trx, ctx, { action: 's136_references_recorded', entityType: 'referral', entityId: referral.referralId });
      return { referralId: referral.referralId, referralReference: referral.referralReference, policeReference: police, placeOfSafetyReference: place };
    });
  }
}
