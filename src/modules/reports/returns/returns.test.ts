import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { NATIONAL_COLUMNS, S136_COLUMNS, nationalRows, pseudonym, s136Rows, type AssessmentReturnFact } from './returns.js';
import { parseCsv, toCsv, toXlsx } from './sheet.js';

const monthOf = (d: Date) => d.toISOString().slice(0, 7);
const fact: AssessmentReturnFact = {
  assessmentId: 'as-1',
  referralId: 'ref-1',
  nhsNumber: '943 476 5919',
  lssaName: 'Corrington Council',
  receivedAt: new Date('2026-10-05T09:00:00Z'),
  interviewAt: new Date('2026-10-05T14:30:00Z'),
  outcomeRecordedAt: new Date('2026-10-05T16:00:00Z'),
  outcome: 's2',
  age: 41,
  ethnicity: 'N',
  sex: 'female',
  legalStatus: 'community',
  sourceType: 'gp',
  delayCause: 'section_12_doctor',
};

describe('the national dataset', () => {
  it('pseudonymises with a keyed hash: stable for a person, different under another key, never the NHS number', () => {
    expect(pseudonym('k1', '9434765919')).toBe(pseudonym('k1', '943 476 5919'));
    expect(pseudonym('k1', '9434765919')).not.toBe(pseudonym('k2', '9434765919'));
    expect(pseudonym('k1', '9434765919')).toMatch(/^[0-9a-f]{16}$/);
    const [row] = nationalRows('k1', [fact], monthOf);
    expect(row).toEqual([pseudonym('k1', '9434765919'), pseudonym('k1', 'assessment:as-1'), 'Corrington Council', '2026-10', 'gp', 'community', 's2', 1, '35-44', 'N', 'female', 5, 'section_12_doctor']);
    expect(row!.length).toBe(NATIONAL_COLUMNS.length);
    expect(JSON.stringify(row)).not.toMatch(/943|2026-10-05/);
  });

  it('uses the referral for a person without an NHS number', () => {
    const [row] = nationalRows('k1', [{ ...fact, nhsNumber: null, interviewAt: null, outcome: 'no_further_action', age: null }], monthOf);
    expect(row![0]).toBe(pseudonym('k1', 'referral:ref-1'));
    expect(row!.slice(6, 9)).toEqual(['no_further_action', 0, '']);
    expect(row![11]).toBeNull();
  });
});

describe('the s136 return', () => {
  it('carries the references to link on and the hours against the 24-hour limit', () => {
    const [row] = s136Rows(
      [{ referralId: 'r', referralReference: 'AMHP-2026-00042', lssaName: 'Corrington Council', detainedAt: new Date('2026-10-05T01:00:00Z'), receivedAt: new Date('2026-10-05T03:00:00Z'), interviewAt: new Date('2026-10-05T11:59:00Z'), outcome: 'informal_admission', age: 19, ethnicity: 'A', sex: 'male', policeReference: 'CP-2026-1182', placeOfSafetyReference: null }],
      monthOf,
    );
    expect(row).toEqual(['AMHP-2026-00042', 'CP-2026-1182', '', 'Corrington Council', '2026-10', 2, 8, 10, 'informal_admission', '18-24', 'A', 'male']);
    expect(row!.length).toBe(S136_COLUMNS.length);
  });
});

describe('spreadsheet-safe files', () => {
  const sheet = { name: 'Return', headers: ['a', 'b'], rows: [['=HYPERLINK("x")', -3], ['plain, with comma', null]] };

  it('makes formulas inert in CSV and keeps numbers numeric', () => {
    const csv = toCsv(sheet);
    expect(parseCsv(csv)).toEqual([
      ['a', 'b'],
      ['\'=HYPERLINK("x")', '-3'],
      ['plain, with comma', ''],
    ]);
  });

  it('writes the same rows to XLSX, read back', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(sheet)) as unknown as ArrayBuffer);
    const ws = workbook.getWorksheet('Return')!;
    expect(ws.getRow(2).getCell(1).value).toBe('\'=HYPERLINK("x")');
    expect(ws.getRow(2).getCell(2).value).toBe(-3);
  });
});
