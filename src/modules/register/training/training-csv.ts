/** Training compliance as a spreadsheet (CSV and Excel downloads). */
import type { Sheet } from '../register-csv.js';
import type { ComplianceRow } from './training-service.js';

export function complianceSheet(rows: ComplianceRow[]): Sheet {
  return {
    name: 'Training compliance',
    headers: ['Name', 'Approved', 'Approval year', 'Year starts', 'Year ends', 'Hours so far', 'Hours booked', 'Legal update', 'Professional meetings', 'Away days', 'Training met', 'Days left', 'At risk', 'Why at risk'],
    rows: rows.map((r) => [r.name, r.approved, r.yearNumber, r.yearStart, r.yearEnd, r.hours, r.bookedHours, r.legalUpdate, r.professionalMeetings, r.awayDays, r.trainingMet, r.daysLeft, r.atRisk, r.atRiskReason]),
  };
}
