/** "May this AMHP act for this LSSA on this date?" — the one question rota and allocation ask. */
export type Eligibility = { eligible: true } | { eligible: false; reason: string };

export interface AmhpEligibility {
  /** `lssaId` null means "for any LSSA the service acts for". `date` is 'YYYY-MM-DD' (London). */
  mayAct(personId: string, lssaId: string | null, date: string): Promise<Eligibility>;
}

/**
 * Interim rule until the AMHP register records approvals: an active person with the AMHP role
 * whose approval expiry date (on the person) is on or after the date. The register module
 * replaces this implementation in the composition root.
 */
export function interimEligibility(lookup: (personId: string) => Promise<{ name: string; active: boolean; roles: string[]; approvalExpiresOn: string | null } | undefined>): AmhpEligibility {
  return {
    async mayAct(personId, _lssaId, date) {
      const person = await lookup(personId);
      if (!person) return { eligible: false, reason: 'This person is not on the system' };
      if (!person.active) return { eligible: false, reason: `${person.name}'s account is deactivated` };
      if (!person.roles.includes('amhp')) return { eligible: false, reason: `${person.name} is not an AMHP` };
      if (!person.approvalExpiresOn) return { eligible: false, reason: `${person.name} has no recorded AMHP approval` };
      if (person.approvalExpiresOn < date) return { eligible: false, reason: `${person.name}'s AMHP approval expired on ${person.approvalExpiresOn}` };
      return { eligible: true };
    },
  };
}
