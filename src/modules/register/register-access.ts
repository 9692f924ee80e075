/**
 * Who may do what on the AMHP register. Routes declare the coarse rule (a role group); the
 * services check the fine one (an AMHP may record their own training but not someone else's).
 */
import { ForbiddenError } from '../../platform/errors.js';
import { hasAnyRole, requireRole, ROLE_GROUPS, type Actor, type Role } from '../../platform/roles.js';

/** Own the register: add and approve, suspend, authorise, end approvals, panel packs. */
export const REGISTER_EDITORS: readonly Role[] = ['lead_amhp', 'admin'];
/** See the whole register, compliance and audits. */
export const REGISTER_VIEWERS: readonly Role[] = ['lead_amhp', 'admin', 'operational_manager', 'edt_manager', 'amhp_lead'];
/** Set up and review supervision contracts, and record competency records, for anyone. */
export const SUPERVISION_RECORDERS: readonly Role[] = ['lead_amhp', 'admin', 'operational_manager', 'edt_manager'];
/**
 * Write a supervision record (or the outcome of mediation on one) for anyone: the Lead AMHP only.
 * Otherwise a record is written by the supervisor it names, never by the supervisee (who reads
 * and signs or disputes it) nor by a manager, director or business support (issue 13 point 3).
 */
export const SUPERVISION_RECORD_KEEPERS: readonly Role[] = ['lead_amhp'];
/** The workforce side: nominations, the trainee pipeline and funding. */
export const PIPELINE_USERS: readonly Role[] = ['lead_amhp', 'admin', 'operational_manager'];
/** Counts only (governance). */
export const SUMMARY_READERS: readonly Role[] = [...REGISTER_VIEWERS, 'governance_viewer'];
/** Ask "may this AMHP act?" for rota and allocation work. */
export const ELIGIBILITY_READERS: readonly Role[] = [...REGISTER_VIEWERS, 'business_support'];
/** Anyone signed in: the service decides (yourself, or a role that may see others). */
export const EVERYONE: readonly Role[] = ROLE_GROUPS.everyone;
/** The register's settings (re-approval warning, supervision frequency). */
export const SETTINGS_EDITORS: readonly Role[] = ['admin'];

/** What can be recorded on a person's entry, and by whom besides the AMHP themself (`self`). */
export const RECORDERS = {
  details: { roles: REGISTER_EDITORS, self: false },
  approval: { roles: REGISTER_EDITORS, self: false },
  authorisation: { roles: REGISTER_EDITORS, self: false },
  suspension: { roles: REGISTER_EDITORS, self: false },
  training: { roles: REGISTER_EDITORS, self: true },
  event: { roles: REGISTER_EDITORS, self: true },
  supervision: { roles: SUPERVISION_RECORD_KEEPERS, self: false },
  contract: { roles: SUPERVISION_RECORDERS, self: false },
  competency: { roles: SUPERVISION_RECORDERS, self: true },
} as const satisfies Record<string, { roles: readonly Role[]; self: boolean }>;
export type RecordKind = keyof typeof RECORDERS;

export function mayRecord(actor: Actor, personId: string, kind: RecordKind): boolean {
  const rule = RECORDERS[kind];
  return hasAnyRole(actor, rule.roles) || (rule.self && actor.personId === personId);
}

export function requireMayRecord(actor: Actor, personId: string, kind: RecordKind, action: string): void {
  if (!mayRecord(actor, personId, kind)) throw new ForbiddenError(`You do not have permission to ${action}`);
}

/**
 * The supervision record's writers: the supervisor it names, or the Lead AMHP. The supervisee
 * may not, even though they sign it.
 */
export function mayWriteSupervisionRecord(actor: Actor, supervisorId: string): boolean {
  return actor.personId === supervisorId || hasAnyRole(actor, SUPERVISION_RECORD_KEEPERS);
}

/**
 * Yourself, anyone for register viewers, or the people you supervise under a contract in force
 * (`supervises`: you write and sign their supervision records from their page).
 */
export function requireMaySee(actor: Actor, personId: string, supervises = false): void {
  if (actor.personId !== personId && !supervises) requireRole(actor, REGISTER_VIEWERS, 'see this register entry');
}
