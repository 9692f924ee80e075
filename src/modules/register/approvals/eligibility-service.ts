/**
 * The register's answers to the rest of the system: may this AMHP act for this LSSA on this
 * date (rota planning and allocation), and which approval covers a date (the statutory checks
 * on an application judge the applicant's approval).
 */
import type { Kysely } from 'kysely';
import type { IsoDate } from '../../../platform/london-time.js';
import type { AmhpEligibility, Eligibility as StaffEligibility } from '../../staff/amhp-eligibility.js';
import type { RegisterDeps } from '../register-ports.js';
import type { RegisterDb } from '../register-tables.js';
import { approvalOn, eligibleToAct, lastDayInForce, type EligibilityRefusal } from './approval.js';
import { ApprovalRepository, type ApprovalData } from './approval-repository.js';

/** The approval covering a date, as the statutory checks read it. */
export interface ApprovalInForce {
  startsOn: IsoDate;
  /** The last day in force: an early ending counts. */
  endsOn: IsoDate;
  suspensions: Array<{ from: IsoDate; to: IsoDate | null }>;
}

/** A Kysely handle or open transaction of any module (the caller's, so the read joins its transaction). */
export type AnyHandle = { readonly isTransaction: boolean };

export type RegisterEligibility = StaffEligibility & { code?: EligibilityRefusal | 'unknown_person' | 'inactive' };

export class EligibilityService implements AmhpEligibility {
  private readonly repository = new ApprovalRepository();

  constructor(private readonly deps: RegisterDeps) {}

  async lssaNames(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.deps.staff.organisations()).map((o) => [o.id, o.name]));
  }

  /**
   * Yes only when the account is active, an approval is in force on the date, the AMHP is not
   * suspended that day, and the LSSA is the approving one or one they are authorised for then.
   * `lssaId` null means "for the LSSA that approved them". The reason names the person.
   */
  async mayAct(personId: string, lssaId: string | null, date: IsoDate): Promise<RegisterEligibility> {
    const person = await this.deps.staff.findPerson(personId);
    if (!person) return { eligible: false, reason: 'This person is not on the system', code: 'unknown_person' };
    if (!person.active) return { eligible: false, reason: `${person.name}'s account is deactivated`, code: 'inactive' };
    const data = await this.repository.approvalData(this.deps.db, [personId]);
    const result = eligibleToAct({
      approvals: data.approvals,
      suspensions: data.suspensions,
      authorisations: data.authorisations,
      lssaId: lssaId ?? approvalOn(data.approvals, date)?.approvingLssaId ?? '',
      date,
      lssaNames: await this.lssaNames(),
    });
    if (result.eligible) return { eligible: true };
    return { eligible: false, reason: `${person.name}: ${result.reason}`, code: result.code };
  }

  /** May act today, for each LSSA (the AMHP's register page). */
  async byLssa(data: ApprovalData, date: IsoDate): Promise<Array<{ lssaId: string; lssaName: string; eligible: boolean; reason: string }>> {
    const [lssas, names] = await Promise.all([this.deps.staff.lssas(), this.lssaNames()]);
    return lssas.map((l) => {
      const e = eligibleToAct({ approvals: data.approvals, suspensions: data.suspensions, authorisations: data.authorisations, lssaId: l.id, date, lssaNames: names });
      return { lssaId: l.id, lssaName: l.name, eligible: e.eligible, reason: e.eligible ? (e.authorisation ? 'Authorised' : 'Approving LSSA') : e.reason };
    });
  }

  /**
   * The approval in force for a person on a date (start, last day — an early end counts — and its
   * suspensions), or null. Reads through the caller's handle so it joins the caller's transaction.
   */
  async approvalInForce(handle: AnyHandle, personId: string, date: IsoDate): Promise<ApprovalInForce | null> {
    const db = handle as unknown as Kysely<RegisterDb>;
    const data = await this.repository.approvalData(db, [personId]);
    const approval = data.approvals.find((a) => a.startDate <= date && lastDayInForce(a) >= date);
    if (!approval) return null;
    return {
      startsOn: approval.startDate,
      endsOn: lastDayInForce(approval),
      suspensions: data.suspensions.filter((s) => s.approvalId === approval.id).map((s) => ({ from: s.startDate, to: s.endDate })),
    };
  }
}
