/** Who a subject-access request is about, and what the export holds (JSON as sent; the PDF draws it). */

export type SubjectQuery = { nhsNumber: string } | { reference: string };

export interface SubjectExport {
  format: 'amhp-hub-subject-access';
  generatedAt: string;
  generatedBy: string;
  subject: { name: string; dateOfBirth: string | null; nhsNumbers: string[]; references: string[] };
  tablesSearched: number;
  totalRecords: number;
  sections: Array<{ table: string; title: string; count: number; rows: Array<Record<string, unknown>> }>;
  notExported: Array<{ table: string; reason: string }>;
}
