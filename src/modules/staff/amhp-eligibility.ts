/** "May this AMHP act for this LSSA on this date?" — the one question rota and allocation ask. */
export type Eligibility = { eligible: true } | { eligible: false; reason: string };

/**
 * The answer comes from the AMHP register (approval in force, not suspended, authorised for the
 * LSSA); the composition root hands the register's implementation to the modules that ask.
 */
export interface AmhpEligibility {
  /** `lssaId` null means "for any LSSA the service acts for". `date` is 'YYYY-MM-DD' (London). */
  mayAct(personId: string, lssaId: string | null, date: string): Promise<Eligibility>;
}
