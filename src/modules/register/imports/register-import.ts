/**
 * The register's side of a register import (issue 19): records already resolved to people and
 * councils (the setup module reads the file), checked against the register as it is and against
 * each other with the register's own rules. Pure: the same records and register give the same
 * plan, so the dry run and the confirmation agree.
 *
 * Match keys (a re-import finds every row unchanged, never a duplicate):
 *  - register entry: the person;
 *  - approval: person + start date;
 *  - authorisation: person + council + start date;
 *  - training: person + date + title (case-insensitive);
 *  - supervision: supervisee + date + type + supervisor.
 * A matched record that differs is an error (the register's records are legal records: an
 * import adds what is missing and never rewrites what is there; correct it on the register).
 */
import { CHUNK, drain, type Steps } from '../../../platform/chunked.js';
import type { IsoDate } from '../../../platform/london-time.js';
import { approvalOn, lastDayInForce, validateApproval, validateAuthorisation, type Approval, type Authorisation, type Profession } from '../approvals/approval.js';
import type { SupervisionType } from '../supervision/supervision.js';

export type RegisterImportRecord =
  | { kind: 'approval'; row: number; personId: string; lssaId: string; startDate: IsoDate; endDate: IsoDate | null }
  | { kind: 'authorisation'; row: number; personId: string; lssaId: string; startDate: IsoDate; endDate: IsoDate | null }
  | { kind: 'training'; row: number; personId: string; date: IsoDate; title: string; provider: string; hours: number; legalUpdate: boolean; amhpSpecific: boolean }
  | { kind: 'supervision'; row: number; personId: string; supervisorId: string; date: IsoDate; type: SupervisionType };

/** A person's register entry as the file gives it (the first of their rows with a profession). */
export interface RegisterImportEntry {
  row: number;
  personId: string;
  profession: Profession;
  registrationNumber: string;
}

export interface RegisterImportInput {
  entries: readonly RegisterImportEntry[];
  records: readonly RegisterImportRecord[];
}

/** The register as it is, for the people in the file. */
export interface RegisterImportExisting {
  entries: ReadonlyArray<{ personId: string; profession: string; registrationNumber: string }>;
  approvals: ReadonlyArray<Approval & { personId: string }>;
  authorisations: ReadonlyArray<Authorisation & { personId: string }>;
  training: ReadonlyArray<{ personId: string; date: IsoDate; title: string; hours: number; legalUpdate: boolean }>;
  supervision: ReadonlyArray<{ superviseeId: string; supervisorId: string; date: IsoDate; type: string }>;
}

/** A field of the record: startDate, endDate, lssaId, date, title, hours, legalUpdate, supervisorId, type, profession. */
export interface RegisterImportFinding {
  field: string;
  message: string;
}

export interface RegisterImportOutcome {
  row: number;
  action: 'create' | 'unchanged' | 'error';
  errors: RegisterImportFinding[];
  /** Filled end dates (an approval's five-year term, an authorisation to the approval's end). */
  endDate?: IsoDate;
}

export interface RegisterImportPlan {
  outcomes: RegisterImportOutcome[];
  /** Entries to add (people not on the register yet), by the row that gave them. */
  newEntries: RegisterImportEntry[];
  /** Records to add, in the order to write them: approvals, authorisations, training, supervision. */
  toCreate: Array<RegisterImportRecord & { endDate?: IsoDate | null; approvalRow?: number; approvalId?: string }>;
}

const ORDER = { approval: 0, authorisation: 1, training: 2, supervision: 3 } as const;

export function planRegisterImport(input: RegisterImportInput, existing: RegisterImportExisting): RegisterImportPlan {
  return drain(planRegisterImportSteps(input, existing));
}

/** The same in steps of CHUNK records (platform/chunked.ts), so a large file does not hold up the app. */
export function* planRegisterImportSteps(input: RegisterImportInput, existing: RegisterImportExisting): Steps<RegisterImportPlan> {
  const outcomes = new Map<number, RegisterImportOutcome>();
  const fail = (row: number, field: string, message: string) => {
    const outcome = outcomes.get(row) ?? { row, action: 'error' as const, errors: [] };
    outcome.action = 'error';
    outcome.errors.push({ field, message });
    outcomes.set(row, outcome);
  };
  const onRegister = new Set(existing.entries.map((e) => e.personId));
  const newEntries = input.entries.filter((e) => !onRegister.has(e.personId));
  const willBeOnRegister = new Set([...onRegister, ...newEntries.map((e) => e.personId)]);

  // Working copies: what the register will hold once the rows above are written.
  const approvals: Array<Approval & { personId: string; row?: number }> = existing.approvals.map((a) => ({ ...a }));
  const authorisations: Array<Authorisation & { personId: string }> = existing.authorisations.map((a) => ({ ...a }));
  const seen = new Map<string, number>();
  const approvalsByKey = new Map(existing.approvals.map((a) => [`${a.personId}|${a.startDate}`, a]));
  const trainingByKey = new Map(existing.training.map((t) => [`${t.personId}|${t.date}|${t.title.trim().toLowerCase()}`, t]));
  const supervisionKeys = new Set(existing.supervision.map((s) => `${s.superviseeId}|${s.date}|${s.type}|${s.supervisorId}`));
  const toCreate: RegisterImportPlan['toCreate'] = [];
  const sorted = [...input.records].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.row - b.row);

  for (const [index, record] of sorted.entries()) {
    if (index > 0 && index % CHUNK === 0) yield index;
    const personId = record.personId;
    if (!willBeOnRegister.has(personId)) {
      fail(record.row, 'profession', 'This person is not on the AMHP register yet: give their profession and registration_number (on any one of their rows)');
      continue;
    }
    const keyOf = (): string => {
      switch (record.kind) {
        case 'approval':
          return `approval|${personId}|${record.startDate}`;
        case 'authorisation':
          return `authorisation|${personId}|${record.lssaId}|${record.startDate}`;
        case 'training':
          return `training|${personId}|${record.date}|${record.title.trim().toLowerCase()}`;
        case 'supervision':
          return `supervision|${personId}|${record.date}|${record.type}|${record.supervisorId}`;
      }
    };
    const key = keyOf();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(record.row, record.kind === 'training' || record.kind === 'supervision' ? 'date' : 'start_date', `The same ${record.kind} is also on row ${earlier}: each record once`);
      continue;
    }
    seen.set(key, record.row);

    if (record.kind === 'approval') {
      const match = approvalsByKey.get(`${personId}|${record.startDate}`);
      if (match) {
        const wantedEnd = record.endDate ?? match.endDate;
        if (match.approvingLssaId !== record.lssaId || match.endDate !== wantedEnd) {
          fail(record.row, match.approvingLssaId !== record.lssaId ? 'lssaId' : 'endDate', 'The register already has an approval from this start date with a different council or end date: an import never changes an approval; correct it on the register or in the file');
        } else outcomes.set(record.row, { row: record.row, action: 'unchanged', errors: [], endDate: match.endDate });
        continue;
      }
      const checked = validateApproval({ startDate: record.startDate, endDate: record.endDate }, approvals.filter((a) => a.personId === personId));
      if (!checked.ok) {
        for (const f of checked.refusal.kind === 'rule' ? checked.refusal.failures : []) fail(record.row, f.field ?? 'startDate', f.message);
        continue;
      }
      approvals.push({ id: `row:${record.row}`, personId, approvingLssaId: record.lssaId, ...checked.value, earlyEnd: null, row: record.row });
      outcomes.set(record.row, { row: record.row, action: 'create', errors: [], endDate: checked.value.endDate });
      toCreate.push({ ...record, endDate: checked.value.endDate });
      continue;
    }

    if (record.kind === 'authorisation') {
      const mine = approvals.filter((a) => a.personId === personId);
      const approval = approvalOn(mine, record.startDate);
      if (!approval) {
        fail(record.row, 'startDate', 'No approval of this AMHP (on the register or in this file) is in force on the authorisation’s start date');
        continue;
      }
      const match = existing.authorisations.find((a) => a.personId === personId && a.lssaId === record.lssaId && a.startDate === record.startDate);
      if (match) {
        if (match.endDate !== (record.endDate ?? lastDayInForce(approval))) fail(record.row, 'endDate', 'The register already has this authorisation with a different end date: an import never changes one; correct it on the register');
        else outcomes.set(record.row, { row: record.row, action: 'unchanged', errors: [], endDate: match.endDate });
        continue;
      }
      const checked = validateAuthorisation(approval, { lssaId: record.lssaId, startDate: record.startDate, endDate: record.endDate }, authorisations);
      if (!checked.ok) {
        for (const f of checked.refusal.kind === 'rule' ? checked.refusal.failures : []) fail(record.row, f.field ?? 'startDate', f.message);
        continue;
      }
      authorisations.push({ id: `row:${record.row}`, personId, ...checked.value });
      outcomes.set(record.row, { row: record.row, action: 'create', errors: [], endDate: checked.value.endDate });
      const fromFile = approval.id.startsWith('row:') ? { approvalRow: Number(approval.id.slice(4)) } : { approvalId: approval.id };
      toCreate.push({ ...record, endDate: checked.value.endDate, ...fromFile });
      continue;
    }

    if (record.kind === 'training') {
      const match = trainingByKey.get(`${personId}|${record.date}|${record.title.trim().toLowerCase()}`);
      if (match) {
        if (match.hours !== record.hours || match.legalUpdate !== record.legalUpdate) fail(record.row, 'hours', 'The register already has this training (same date and title) with different hours or legal-update flag: an import never changes a record; correct it on the register');
        else outcomes.set(record.row, { row: record.row, action: 'unchanged', errors: [] });
        continue;
      }
      outcomes.set(record.row, { row: record.row, action: 'create', errors: [] });
      toCreate.push(record);
      continue;
    }

    if (record.supervisorId === personId) {
      fail(record.row, 'supervisorId', 'A person cannot be their own supervisor');
      continue;
    }
    const match = supervisionKeys.has(`${personId}|${record.date}|${record.type}|${record.supervisorId}`);
    outcomes.set(record.row, { row: record.row, action: match ? 'unchanged' : 'create', errors: [] });
    if (!match) toCreate.push(record);
  }

  // A record whose approval (from this file) failed cannot be written either.
  const failed = new Set([...outcomes.values()].filter((o) => o.action === 'error').map((o) => o.row));
  return {
    outcomes: [...outcomes.values()].sort((a, b) => a.row - b.row),
    newEntries,
    toCreate: toCreate.filter((r) => !failed.has(r.row) && !(r.approvalRow !== undefined && failed.has(r.approvalRow))),
  };
}
