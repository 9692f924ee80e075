/**
 * Training funding: splitting costs between the LSSAs and what a leaver repays.
 *
 * Source: Workforce Strategy §5.1–5.3 and §5.8 — the annual course cost is split equally
 * between the LSSAs; an administration fee per candidate (£40) is split equally; a learning
 * agreement sets what a leaver repays, and the employer refunds each LSSA equally.
 *
 * All money is in whole pence (integers). When an amount does not divide exactly, the odd
 * pence go one each to the LSSAs in the order given (list the host LSSA first), so the shares
 * always add up to the total and the same inputs always give the same shares.
 */
import type { RuleFinding } from '../../../platform/errors.js';
import { ok, type Result } from '../../../platform/result.js';
import { broken, finding } from '../register-rules.js';
import type { IsoDate } from '../../../platform/london-time.js';
import { addDays, addMonthsAnniversary, formatDate, isIsoDate } from '../../../platform/london-time.js';

export interface Share {
  lssaId: string;
  pence: number;
}

function moneyErrors(pence: number, field: string): RuleFinding[] {
  if (!Number.isSafeInteger(pence)) return [finding('not_whole_pence', 'Enter an amount in whole pence', field)];
  if (pence < 0) return [finding('negative_amount', 'The amount cannot be negative', field)];
  return [];
}

/** Splits `totalPence` equally; the remainder goes 1p each to the first LSSAs in the list. */
export function splitEqually(totalPence: number, lssaIds: readonly string[]): Result<Share[]> {
  const errors = moneyErrors(totalPence, 'totalPence');
  if (lssaIds.length === 0) errors.push(finding('no_lssas', 'Choose at least one LSSA to share the cost', 'lssaIds'));
  if (new Set(lssaIds).size !== lssaIds.length) {
    errors.push(finding('duplicate_lssa', 'Each LSSA can appear only once', 'lssaIds'));
  }
  if (errors.length > 0) return broken(errors);
  const base = Math.floor(totalPence / lssaIds.length);
  const remainder = totalPence - base * lssaIds.length;
  return ok(lssaIds.map((lssaId, i) => ({ lssaId, pence: base + (i < remainder ? 1 : 0) })));
}

/** The year's course cost, split equally between the LSSAs. */
export function courseCostShares(coursePence: number, lssaIds: readonly string[]): Result<Share[]> {
  return splitEqually(coursePence, lssaIds);
}

export const ADMIN_FEE_PER_CANDIDATE_PENCE = 4000;

/**
 * The host's administration fee for an intake: the fee per candidate times the number of
 * candidates who progress onto the course, split equally. The total is split once, so odd
 * pence are not compounded per candidate.
 */
export function adminFeeShares(input: {
  candidates: number;
  lssaIds: readonly string[];
  feePerCandidatePence?: number;
}): Result<{ totalPence: number; shares: Share[] }> {
  const fee = input.feePerCandidatePence ?? ADMIN_FEE_PER_CANDIDATE_PENCE;
  const errors = moneyErrors(fee, 'feePerCandidatePence');
  if (!Number.isSafeInteger(input.candidates) || input.candidates < 0) {
    errors.push(finding('invalid_candidates', 'The number of candidates must be a whole number, 0 or more', 'candidates'));
  }
  if (errors.length > 0) return broken(errors);
  const totalPence = fee * input.candidates;
  const shares = splitEqually(totalPence, input.lssaIds);
  return shares.ok ? ok({ totalPence, shares: shares.value }) : shares;
}

export const LEARNING_AGREEMENT_MONTHS = 24;
const FIRST_YEAR_MONTHS = 12;

/**
 * Completed months of service from qualifying to the last day of employment (both days count
 * as service). Month n is complete once service has covered every day before the n-month
 * anniversary of qualifying; part months do not count. An anniversary that falls on a day the
 * month lacks (29–31) is the 1st of the next month, so qualifying on 31 January completes the
 * first month on 28 February (29 February in a leap year).
 */
export function completedMonthsOfService(qualifiedOn: IsoDate, lastDayOfEmployment: IsoDate): number {
  if (lastDayOfEmployment < qualifiedOn) return 0;
  const dayAfter = addDays(lastDayOfEmployment, 1);
  let months = 0;
  while (addMonthsAnniversary(qualifiedOn, months + 1) <= dayAfter) months++;
  return months;
}

export type RepaymentRule = 'before_qualifying' | 'first_year' | 'second_year' | 'after_two_years' | 'discontinued';

export interface Repayment {
  rule: RepaymentRule;
  completedMonths: number | null;
  amountPence: number;
  /** True when the organisation may, but need not, ask for the amount (a discontinued course). */
  discretionary: boolean;
  explanation: string;
}

/**
 * What a leaver repays under the learning agreement (Workforce Strategy §5.3):
 *
 *  - Left before qualifying, or within the first year after qualifying (fewer than 12
 *    completed months): 100% of the funding.
 *  - Left in the second year (12 to 23 completed months):
 *
 *        repayment = funding × (24 − completed months) ÷ 24
 *
 *    rounded down to the whole penny. "Completed months" are whole months of service from the
 *    qualification date to the last day of employment; a part month does not count (see
 *    completedMonthsOfService). Example: £3,000.00 funding, 15 completed months →
 *    £3,000.00 × 9 ÷ 24 = £1,125.00.
 *  - 24 completed months or more: nothing.
 *  - Discontinued the course or did not sit or progress: up to 100%, at the organisation's
 *    discretion.
 *
 * Note the step the agreement creates at 12 months: 11 completed months repay 100%, 12 repay
 * 50% (12 ÷ 24).
 */
export function leaverRepayment(input: {
  fundingPence: number;
  /** Null when the trainee never qualified. */
  qualifiedOn: IsoDate | null;
  lastDayOfEmployment: IsoDate;
  reason?: 'left_employment' | 'discontinued_course';
}): Result<Repayment> {
  const errors = moneyErrors(input.fundingPence, 'fundingPence');
  if (!isIsoDate(input.lastDayOfEmployment)) {
    errors.push(finding('invalid_date', 'Enter a real date for the last day of employment', 'lastDayOfEmployment'));
  }
  if (input.qualifiedOn !== null && !isIsoDate(input.qualifiedOn)) {
    errors.push(finding('invalid_date', 'Enter a real qualification date', 'qualifiedOn'));
  }
  if (errors.length > 0) return broken(errors);
  const funding = input.fundingPence;

  if (input.reason === 'discontinued_course') {
    return ok({
      rule: 'discontinued',
      completedMonths: null,
      amountPence: funding,
      discretionary: true,
      explanation: 'The course was discontinued: the organisation may ask for up to all of the funding back',
    });
  }
  if (input.qualifiedOn === null || input.lastDayOfEmployment < input.qualifiedOn) {
    return ok({
      rule: 'before_qualifying',
      completedMonths: null,
      amountPence: funding,
      discretionary: false,
      explanation: 'Left before qualifying: all of the funding is repaid',
    });
  }
  const months = completedMonthsOfService(input.qualifiedOn, input.lastDayOfEmployment);
  const since = `since qualifying on ${formatDate(input.qualifiedOn)}`;
  if (months < FIRST_YEAR_MONTHS) {
    return ok({
      rule: 'first_year',
      completedMonths: months,
      amountPence: funding,
      discretionary: false,
      explanation: `Left within the first year (${months} completed months ${since}): all of the funding is repaid`,
    });
  }
  if (months < LEARNING_AGREEMENT_MONTHS) {
    const monthsShort = LEARNING_AGREEMENT_MONTHS - months;
    return ok({
      rule: 'second_year',
      completedMonths: months,
      amountPence: Math.floor((funding * monthsShort) / LEARNING_AGREEMENT_MONTHS),
      discretionary: false,
      explanation: `Left in the second year (${months} completed months ${since}): ${monthsShort}/24 of the funding is repaid`,
    });
  }
  return ok({
    rule: 'after_two_years',
    completedMonths: months,
    amountPence: 0,
    discretionary: false,
    explanation: `Stayed at least two years (${months} completed months ${since}): nothing to repay`,
  });
}

/** A repayment is refunded to the LSSAs equally, with the same penny rule as the costs. */
export function repaymentShares(amountPence: number, lssaIds: readonly string[]): Result<Share[]> {
  return splitEqually(amountPence, lssaIds);
}

/** '£1,234.56' */
export function formatPence(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}
