/**
 * What the standards module takes from outside, as narrow ports: the composition root passes the
 * staff service and the audit log, and the module sees only the calls it makes.
 */
import type { AuditEntry, ServiceContext } from '../../platform/audit.js';
import type { Role } from '../../platform/roles.js';
import type { StandardsDb } from './standards-repository.js';

/** Staff: the councils whose AMHP services are evaluated, and the people who take part. */
export interface StandardsStaff {
  organisations(): Promise<Array<{ id: string; name: string; kind: string }>>;
  lssas(): Promise<Array<{ id: string; name: string }>>;
  findPerson(id: string): Promise<
    | { id: string; name: string; email: string; active: boolean; roles: Role[]; employingOrganisationId: string; teamId: string | null }
    | undefined
  >;
  peopleWithRole(roles: readonly Role[]): Promise<Array<{ id: string; name: string; jobTitle: string; organisationName: string }>>;
}

/** The audit trail: one row, written in the caller's transaction. */
export interface StandardsAudit {
  record(trx: StandardsDb, ctx: ServiceContext, entry: AuditEntry): Promise<void>;
}
