import type { Role } from '../../platform/roles.js';
import { ConflictError, ForbiddenError, StateError, ValidationError } from '../../platform/errors.js';
import type { Refusal } from './duty-outcome.js';

/** Who may do what in the duty module (checked in services; routes declare the same). */
export const DUTY_ROLES = {
  /** Board, rota, sheet and handovers: the people running or working the duty day. */
  view: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp'],
  planRota: ['business_support', 'operational_manager', 'amhp_lead'],
  sickness: ['operational_manager'],
  sheetEdit: ['amhp_lead', 'business_support'],
  sheetAllocate: ['amhp_lead'],
  sheetFinalise: ['amhp_lead'],
  handoverSend: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'business_support', 'operational_manager'],
  sitrep: ['amhp_lead', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'governance_viewer'],
  myDuties: ['amhp'],
} as const satisfies Record<string, readonly Role[]>;

/** Turns a domain refusal into the platform error the app shows (400 form errors, 409 conflict, 403). */
export function refusalError(refusal: Refusal, field = 'form', options: { conflictAsValidation?: boolean } = {}): Error {
  if (options.conflictAsValidation && refusal.kind === 'conflict' && !refusal.code.startsWith('stale')) return ValidationError.of(field, refusal.message);
  if (refusal.kind === 'forbidden') return new ForbiddenError(refusal.message);
  if (refusal.kind === 'conflict') {
    if (refusal.code.startsWith('stale')) return new ConflictError(refusal.message, { code: refusal.code });
    return new StateError(refusal.message, refusal.code.replace(/-/g, '_'));
  }
  return ValidationError.of(field, refusal.message);
}
