/**
 * Who may do what in the standards toolkit. Roles decide who may open it at all (route access);
 * the evaluation itself decides who edits it (its chair and note-taker), who adds early thoughts
 * (its participants) and who updates a development-plan action (its owner, the editors, or an
 * AMHP service manager).
 */
import type { ServiceContext } from '../../platform/audit.js';
import { ForbiddenError } from '../../platform/errors.js';
import { hasAnyRole, type Role } from '../../platform/roles.js';
import type { DevelopmentAction } from './action-plan.js';
import type { Evaluation } from './evaluation.js';

/** Everyone who may open the toolkit: the staff who take part, and the governance readers. */
export const STANDARDS_READERS: readonly Role[] = [
  'amhp',
  'amhp_lead',
  'edt_officer',
  'edt_manager',
  'operational_manager',
  'line_manager',
  'lead_amhp',
  'governance_viewer',
  'admin',
];
/** Everyone who takes part in evaluations (governance viewers only read). */
export const STANDARDS_CONTRIBUTORS: readonly Role[] = STANDARDS_READERS.filter((r) => r !== 'governance_viewer');
/** Who may set up an evaluation (and so become or appoint its chair). */
export const STANDARDS_ORGANISERS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager', 'lead_amhp', 'admin'];
/** Who may update any development-plan action's progress, besides its owner and the chair/note-taker. */
export const PLAN_MANAGERS: readonly Role[] = ['amhp_lead', 'operational_manager', 'lead_amhp', 'admin'];
/** People who can be chosen as chair, note-taker or participant. */
export const PARTICIPANT_ROLES: readonly Role[] = ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'line_manager', 'lead_amhp', 'governance_viewer'];
/** Who loads the official wording and chooses the current catalogue version. */
export const CATALOGUE_ADMINS: readonly Role[] = ['admin'];

/** The chair or the note-taker: the two people who write the record. */
export function isEditor(evaluation: Evaluation, personId: string): boolean {
  return evaluation.chair.personId === personId || evaluation.noteTaker?.personId === personId;
}

export function isParticipant(evaluation: Evaluation, personId: string): boolean {
  return isEditor(evaluation, personId) || evaluation.participants.some((p) => p.personId === personId);
}

export function requireEditor(ctx: ServiceContext, evaluation: Evaluation, doing: string): void {
  if (!isEditor(evaluation, ctx.actor.personId)) {
    throw new ForbiddenError(`Only the chair (${evaluation.chair.name}) or the note-taker can ${doing}`);
  }
}

/** Comments are for the chair, the note-taker and the managers until the evaluation is closed. */
export function maySeeComments(ctx: ServiceContext, evaluation: Evaluation): boolean {
  return isEditor(evaluation, ctx.actor.personId) || hasAnyRole(ctx.actor, PLAN_MANAGERS) || evaluation.status === 'closed';
}

export function mayUpdateAction(ctx: ServiceContext, evaluation: Evaluation, action: DevelopmentAction): boolean {
  return isEditor(evaluation, ctx.actor.personId) || action.ownerPersonId === ctx.actor.personId || hasAnyRole(ctx.actor, PLAN_MANAGERS);
}
