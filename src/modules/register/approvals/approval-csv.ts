/** The register as a spreadsheet (CSV and Excel downloads). */
import type { Sheet } from '../register-csv.js';
import type { RegisterRow } from './register-list-service.js';

export function registerSheet(rows: RegisterRow[]): Sheet {
  return {
    name: 'Register',
    headers: ['Name', 'Email', 'Profession', 'Registration number', 'Employer', 'Approving LSSA', 'Approval start', 'Approval end', 'Status', 'Status detail', 'Authorised for', 'Re-approval', 'Re-approval due', 'Keep record until', 'Eligible today'],
    rows: rows.map((r) => [
      r.name,
      r.email,
      r.profession,
      r.registrationNumber,
      r.employer,
      r.approvingLssa,
      r.approvalStart,
      r.approvalEnd,
      r.statusLabel,
      r.statusDescription,
      r.authorisedFor.join('; '),
      r.reapprovalState.replace(/_/g, ' '),
      r.reapprovalDueDate,
      r.keepUntil,
      r.eligibleToday,
    ]),
  };
}
