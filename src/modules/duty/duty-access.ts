import { hasAnyRole, type Actor, type Role } from '../../platform/roles.js';

/** Who may do what in the duty module (checked in services; routes declare the same). */
export const DUTY_ROLES = {
  /** Board, rota, sheet and handovers: the people running or working the duty day. */
  view: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp'],
  planRota: ['business_support', 'operational_manager', 'amhp_lead'],
  /** Record sickness on a duty and decide the back-up: line managers for the people they line-manage. */
  sickness: ['operational_manager', 'amhp_lead', 'line_manager'],
  /** Decide sickness cover for anyone (and told when an AMHP reports their own sickness). */
  sicknessAny: ['operational_manager', 'amhp_lead'],
  /** An AMHP reports their own sickness. */
  ownSickness: ['amhp'],
  sheetEdit: ['amhp_lead', 'business_support'],
  sheetAllocate: ['amhp_lead'],
  sheetFinalise: ['amhp_lead'],
  handoverSend: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'business_support', 'operational_manager'],
  /** Withdraw a handover someone else sent. */
  handoverWithdrawAny: ['amhp_lead', 'edt_manager', 'operational_manager'],
  sitrep: ['amhp_lead', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'governance_viewer'],
  myDuties: ['amhp'],
  /** Which team is responsible now: anyone working with referrals or overseeing them. */
  responsibleTeam: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'line_manager', 'governance_viewer', 'admin'],
  serviceHours: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** What the person may do on the duty pages, for showing or hiding forms. */
export function dutyAbilities(actor: Actor) {
  return {
    canPlan: hasAnyRole(actor, DUTY_ROLES.planRota),
    canSick: hasAnyRole(actor, DUTY_ROLES.sickness),
    canEditSheet: hasAnyRole(actor, DUTY_ROLES.sheetEdit),
    canAllocate: hasAnyRole(actor, DUTY_ROLES.sheetAllocate),
  };
}
