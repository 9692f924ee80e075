import { reportsPaths as paths } from './reports-paths.js';

/** The reports on the index page, in order. Each report adds its own line here. */
export interface ReportLink {
  text: string;
  href: string;
  hint: string;
}

export const REPORT_LINKS: readonly ReportLink[] = [
  { text: 'Monthly performance pack', href: paths.pack(), hint: 'Referrals, decisions, assessments and outcomes, delays, s136, handovers, safety, hours and workforce: by month, quarter or year, beside the previous period and a year earlier' },
  { text: 'Highlight Reports', href: paths.highlights(), hint: 'One page a month for governance: the themes with their figures and trend, and the Lead’s narrative; drafted, approved, then locked' },
];
