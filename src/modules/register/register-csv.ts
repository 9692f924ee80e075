/** Register and compliance exports as CSV (formula-injection safe) and XLSX. */
import ExcelJS from 'exceljs';
import type { ComplianceRow, RegisterRow } from './register-service.js';

export interface Sheet {
  name: string;
  headers: string[];
  rows: Array<Array<string | number | boolean | null>>;
}

/** A cell as CSV: quoted when needed; text starting with = + - @ or a control character is prefixed with ' so spreadsheets never run it. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(sheet: Sheet): string {
  return [sheet.headers, ...sheet.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'AMHP register';
  const ws = workbook.addWorksheet(sheet.name);
  ws.addRow(sheet.headers).font = { bold: true };
  for (const row of sheet.rows) {
    // Text cells that look like formulas are stored as plain strings (exceljs never evaluates them), prefixed like the CSV.
    ws.addRow(row.map((v) => (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v)));
  }
  ws.columns.forEach((c) => {
    c.width = 20;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

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

export function complianceSheet(rows: ComplianceRow[]): Sheet {
  return {
    name: 'Training compliance',
    headers: ['Name', 'Approved', 'Approval year', 'Year starts', 'Year ends', 'Hours so far', 'Hours booked', 'Legal update', 'Professional meetings', 'Away days', 'Training met', 'Days left', 'At risk', 'Why at risk'],
    rows: rows.map((r) => [r.name, r.approved, r.yearNumber, r.yearStart, r.yearEnd, r.hours, r.bookedHours, r.legalUpdate, r.professionalMeetings, r.awayDays, r.trainingMet, r.daysLeft, r.atRisk, r.atRiskReason]),
  };
}
