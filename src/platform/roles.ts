import { ForbiddenError } from './errors.js';

export const ROLES = [
  'amhp',
  'amhp_lead',
  'edt_officer',
  'edt_manager',
  'operational_manager',
  'line_manager',
  'business_support',
  'lead_amhp',
  'governance_viewer',
  'admin',
  'partner',
  's12_doctor',
  'claims_officer',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  amhp: 'AMHP',
  amhp_lead: 'AMHP Lead',
  edt_officer: 'EDT officer',
  edt_manager: 'EDT on-call manager',
  operational_manager: 'AMHP operational manager',
  line_manager: 'Line manager',
  business_support: 'Business support',
  lead_amhp: 'Lead AMHP',
  governance_viewer: 'Governance viewer',
  admin: 'System administrator',
  partner: 'Partner agency',
  s12_doctor: 'Section 12 doctor',
  claims_officer: 'Claims officer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  amhp: 'Carries out Mental Health Act assessments',
  amhp_lead: 'Runs the day’s service: reviews referrals, decides and allocates',
  edt_officer: 'Out-of-hours Emergency Duty Team worker',
  edt_manager: 'Out-of-hours on-call manager',
  operational_manager: 'Manages the AMHP service day to day',
  line_manager: 'Line-manages staff and approves their hours',
  business_support: 'Takes referrals, keeps the rota and allocation sheet',
  lead_amhp: 'Owns the AMHP register, training and approvals',
  governance_viewer: 'Director or principal social worker: reports only',
  admin: 'Sets up the service: people, roles and configuration',
  partner: 'A person at a police force, ambulance service or trust: raises concerns with the service and sees only their organisation’s escalations',
  s12_doctor: 'A section 12 approved doctor: keeps their own profile and availability, answers invitations and claims fees; sees nothing else',
  claims_officer: 'At the paying NHS body: approves or rejects section 12 doctors’ claims and exports payment batches; sees nothing else',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Groups used in route declarations, so a policy reads as a sentence. */
/**
 * Roles held by people outside the service, who see only their own corner: partner agencies
 * (their escalations), section 12 doctors (their profile, availability, invitations and claims)
 * and the claims officer (doctors' claims and payment batches).
 */
export const OUTSIDE_ROLES: readonly Role[] = ['partner', 's12_doctor', 'claims_officer'];
/** The doctors' module roles: they see nothing of referrals, people or escalations. */
export const DOCTOR_SERVICE_ROLES: readonly Role[] = ['s12_doctor', 'claims_officer'];
/** The service's own staff: every role but those held by people outside it. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((role) => !OUTSIDE_ROLES.includes(role));

export const ROLE_GROUPS = {
  /** Everyone signed in, partners included: only for the account itself (password, sign-out, token). */
  signedIn: ROLES,
  /** Every member of staff: partner agencies are not included. */
  everyone: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'line_manager', 'business_support', 'lead_amhp', 'governance_viewer', 'admin'],
  assessors: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager'],
  coordinators: ['amhp_lead', 'edt_manager', 'operational_manager', 'business_support'],
  managers: ['amhp_lead', 'edt_manager', 'operational_manager', 'line_manager', 'lead_amhp'],
  caseworkers: ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support'],
  oversight: ['operational_manager', 'lead_amhp', 'governance_viewer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export interface Actor {
  personId: string;
  name: string;
  email: string;
  roles: Role[];
  organisationId: string;
  teamId: string | null;
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

export function requireRole(actor: Actor, roles: readonly Role[], action = 'do this'): void {
  if (!hasAnyRole(actor, roles)) throw new ForbiddenError(`You do not have permission to ${action}`);
}

/** The role recorded in the audit log: the first of the actor's roles that allowed the action. */
export function actingRole(actor: Actor, allowed?: readonly Role[]): Role | null {
  if (!allowed) return actor.roles[0] ?? null;
  return actor.roles.find((role) => allowed.includes(role)) ?? actor.roles[0] ?? null;
}
