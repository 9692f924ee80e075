import { describe, expect, it } from 'vitest';
import { type PartnerContact, contactLine, contactsFor, validatePartner } from './partner-directory.js';

const contact = (over: Partial<PartnerContact> = {}): PartnerContact => ({ roleLabel: 'Site manager', rung: 1, hours: 'any', phone: '01632 960101', bleep: '', mailbox: '', ...over });
const entry = (contacts: PartnerContact[]) => ({ name: 'Corrington General Hospital', kind: 'acute_trust' as const, complaintRoute: '', notes: '', contacts });

describe('the partner directory', () => {
  it('accepts a contact reachable by phone, bleep or mailbox', () => {
    expect(validatePartner(entry([contact(), contact({ phone: '', bleep: '500' }), contact({ phone: '', mailbox: 'site@example.org' })])).ok).toBe(true);
  });

  it('refuses a contact without any way to reach it, naming it', () => {
    const result = validatePartner(entry([contact({ roleLabel: 'Duty senior nurse', phone: '' })]));
    expect(!result.ok && result.refusal).toMatchObject({ kind: 'invalid', fieldErrors: [{ field: 'contacts.0.phone', message: 'Contact 1 (Duty senior nurse): give a phone number, a bleep or a mailbox' }] });
  });

  it('refuses an organisation with no contacts, a bad number and a bad mailbox', () => {
    expect(validatePartner(entry([])).ok).toBe(false);
    expect(validatePartner(entry([contact({ phone: '12' })])).ok).toBe(false);
    expect(validatePartner(entry([contact({ mailbox: 'not-an-address' })])).ok).toBe(false);
  });

  it('lists the contacts for a rung and the time of day, in the order to try them', () => {
    const contacts = [contact({ roleLabel: 'A', hours: 'in_hours' }), contact({ roleLabel: 'B', hours: 'out_of_hours' }), contact({ roleLabel: 'C' }), contact({ roleLabel: 'D', rung: 2 })];
    expect(contactsFor(contacts, 1, true).map((c) => c.roleLabel)).toEqual(['B', 'C']);
    expect(contactsFor(contacts, 1, false).map((c) => c.roleLabel)).toEqual(['A', 'C']);
    expect(contactLine(contact({ bleep: '500', mailbox: 'site@example.org' }))).toBe('01632 960101 · bleep 500 · site@example.org');
  });
});
