/**
 * The partner directory (Partnership Working Practice Guidance, Multi Agency Escalation Practice
 * §4 "each organisation will have its own processes", §5 "Multi-agency On-call Manager Access"):
 * each organisation's escalation routes, the order to try them, and its complaint route.
 * Pure: no I/O.
 */
import type { FieldError } from '../../platform/errors.js';
import { type Result, invalid, ok } from '../../platform/result.js';

export const PARTNER_KINDS = ['police', 'ambulance', 'acute_trust', 'mental_health_trust', 'council', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  police: 'Police',
  ambulance: 'Ambulance service',
  acute_trust: 'Acute hospital trust',
  mental_health_trust: 'Mental health trust',
  council: 'Council',
  other: 'Other',
};

export const CONTACT_HOURS = ['in_hours', 'out_of_hours', 'any'] as const;
export type ContactHours = (typeof CONTACT_HOURS)[number];
export const CONTACT_HOURS_LABELS: Record<ContactHours, string> = { in_hours: 'In hours', out_of_hours: 'Out of hours', any: 'In and out of hours' };

/**
 * The rungs of an organisation's ladder (§3.2–§3.3): the respective manager (in hours) or on-call
 * manager (out of hours); then senior managers (service manager, site manager, Oscar One); then
 * head of service, assistant director, superintendent or on-call director.
 */
export const RUNGS = [1, 2, 3] as const;
export type Rung = (typeof RUNGS)[number];
export const RUNG_LABELS: Record<Rung, string> = { 1: 'Manager or on-call manager', 2: 'Senior manager', 3: 'Head of service, assistant director or on-call director' };

/** One way into an organisation; the list's order is the order to try them. */
export interface PartnerContact {
  /** The named role, e.g. "Site manager", "Response inspector (north)", "On-call director". */
  roleLabel: string;
  rung: Rung;
  hours: ContactHours;
  phone: string;
  bleep: string;
  mailbox: string;
}

export interface PartnerEntry {
  name: string;
  kind: PartnerKind;
  complaintRoute: string;
  notes: string;
  contacts: PartnerContact[];
}

const UK_PHONE = /^(\+44\s?|0)[0-9 ]{9,13}$/;
const MAILBOX = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A contact a person cannot reach is no contact: each needs a phone, a bleep or a mailbox. */
export function validatePartner(entry: PartnerEntry): Result<PartnerEntry> {
  const problems: FieldError[] = [];
  if (entry.contacts.length === 0) problems.push({ field: 'contacts', message: 'Add at least one way to reach this organisation' });
  entry.contacts.forEach((contact, index) => {
    const at = `contacts.${index}`;
    if (!contact.phone && !contact.bleep && !contact.mailbox) {
      problems.push({ field: `${at}.phone`, message: `Contact ${index + 1} (${contact.roleLabel || 'no role'}): give a phone number, a bleep or a mailbox` });
    }
    if (contact.phone && !UK_PHONE.test(contact.phone)) problems.push({ field: `${at}.phone`, message: `Contact ${index + 1}: enter a UK phone number, like 01632 960123` });
    if (contact.mailbox && !MAILBOX.test(contact.mailbox)) problems.push({ field: `${at}.mailbox`, message: `Contact ${index + 1}: enter a mailbox like duty.manager@example.org` });
  });
  return problems.length > 0 ? invalid(problems) : ok(entry);
}

/** The contacts to try for a rung, in order, for the time of day (any-hours contacts serve both). */
export function contactsFor(contacts: readonly PartnerContact[], rung: number, outOfHours: boolean): PartnerContact[] {
  const hours: ContactHours = outOfHours ? 'out_of_hours' : 'in_hours';
  return contacts.filter((c) => c.rung === rung && (c.hours === hours || c.hours === 'any'));
}

/** How to reach a contact, in one line: "01632 960001 · bleep 500 · site.manager@example.org". */
export function contactLine(contact: PartnerContact): string {
  return [contact.phone, contact.bleep ? `bleep ${contact.bleep}` : '', contact.mailbox].filter(Boolean).join(' · ');
}
