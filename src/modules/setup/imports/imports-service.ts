import { loadExcelJs } from '../../../platform/lazy-libraries.js';
import type { Kysely } from 'kysely';
import { inTransaction, type AnyHandle } from '../../../db/database.js';
import type { RegisterImportInput, RegisterImportOutcome } from '../../register/imports/register-import.js';
import type { ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { NotFoundError, RuleViolationError, StateError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import type { PersonImportChange } from '../../staff/staff-service.js';
import { runChunked } from '../../../platform/chunked.js';
import { exportCsv } from '../export-csv.js';
import type { SetupTables } from '../setup-tables.js';
import { readImportFile, type FileProblem, type ImportFormat } from './import-file.js';
import { findImport, insertImport, markApplied, type StoredImport } from './imports-repository.js';
import type { OpenReferralImport } from '../../referrals/intake/referral-import-service.js';
import type { RotaImportRow } from '../../duty/rota-service.js';
import { readRotaRowsSteps, ROTA_COLUMNS, ROTA_TEMPLATE_EXAMPLES, rotaPlan } from './rota-file.js';
import { readReferralRowsSteps, REFERRAL_COLUMNS, REFERRAL_TEMPLATE_EXAMPLES, referralPlan } from './referral-file.js';
import { readRegisterRowsSteps, REGISTER_COLUMNS, REGISTER_TEMPLATE_EXAMPLES, registerPlan, type RegisterDirectory } from './register-file.js';
import { planStaffImportSteps, STAFF_COLUMNS, STAFF_TEMPLATE_EXAMPLE, type DirectorySnapshot, type ImportPlan, type PlanRow } from './staff-import.js';

export const IMPORT_KIND_CODES = ['staff', 'register', 'rota', 'referrals'] as const;
export type ImportKind = (typeof IMPORT_KIND_CODES)[number];

/** Each import: its title, the sheet an XLSX's rows are on, its columns and the template's example rows. In the order to import. */
export const IMPORT_KINDS: Record<ImportKind, { title: string; sheet: string; columns: ReadonlyArray<{ name: string; required: boolean; description: string }>; examples: ReadonlyArray<Record<string, string>> }> = {
  staff: { title: 'Staff: people, roles, teams and line managers', sheet: 'Staff', columns: STAFF_COLUMNS, examples: [STAFF_TEMPLATE_EXAMPLE] },
  register: { title: 'AMHP register: approvals, authorisations, training and supervision', sheet: 'Register', columns: REGISTER_COLUMNS, examples: REGISTER_TEMPLATE_EXAMPLES },
  rota: { title: 'Rota: who is on duty, day by day', sheet: 'Rota', columns: ROTA_COLUMNS, examples: ROTA_TEMPLATE_EXAMPLES },
  referrals: { title: 'Open referrals: the current caseload', sheet: 'Referrals', columns: REFERRAL_COLUMNS, examples: REFERRAL_TEMPLATE_EXAMPLES },
};

/** What the rota import needs: people (staff) and the duty module's check and write. */
export interface RotaImportPort {
  people(ctx: ServiceContext): Promise<ReadonlyArray<{ id: string; email: string }>>;
  check(ctx: ServiceContext, rows: readonly RotaImportRow[]): Promise<{ outcomes: Array<{ row: number; action: 'create' | 'unchanged' | 'error'; errors: Array<{ field: string; message: string }> }> }>;
  /** Its own transaction (its eligibility checks read outside it, as allocation's do). */
  apply(ctx: ServiceContext, rows: readonly RotaImportRow[], file: { sha256: string }): Promise<Record<string, number>>;
}

/** What the open-referrals import needs of the referrals module (and the councils, from set-up). */
export interface ReferralsImportPort {
  councils(): Promise<ReadonlyArray<{ id: string; name: string; code: string | null }>>;
  existing(ctx: ServiceContext, referrals: readonly OpenReferralImport[], handle?: AnyHandle): Promise<Map<string, string>>;
  apply(trx: AnyHandle, ctx: ServiceContext, referrals: readonly OpenReferralImport[], file: { sha256: string }): Promise<Record<string, number>>;
}

export interface ImportView {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileSha256: string;
  createdAt: Date;
  appliedAt: Date | null;
  result: Record<string, unknown> | null;
  rows: PlanRow[];
  errors: FileProblem[];
  counts: ImportPlan['counts'];
  /** True when there are no errors and the upload has not been applied. */
  canConfirm: boolean;
  /** While a large file is still being checked (in the background): rows checked so far. Rows and counts are empty until then. */
  checking: { done: number; total: number } | null;
}

/** Files above this many rows are checked in the background, with progress on the dry-run page. */
export const BACKGROUND_CHECK_ROWS = 5_000;

/** What the register import needs: people and councils (staff, set-up), and the register's check and write. */
export interface RegisterImportPort {
  directory(ctx: ServiceContext): Promise<RegisterDirectory>;
  check(ctx: ServiceContext, input: RegisterImportInput, handle?: AnyHandle): Promise<{ outcomes: RegisterImportOutcome[] }>;
  apply(trx: AnyHandle, ctx: ServiceContext, input: RegisterImportInput, file: { sha256: string }): Promise<Record<string, number>>;
}

/** A checked upload: the plan shown, and the write that confirming does (in the transaction given, or its own). */
interface CheckedImport {
  plan: ImportPlan;
  write(trx: AnyHandle | null): Promise<Record<string, unknown>>;
  /** True when the owning module opens its own transaction (the staff import). */
  ownTransaction: boolean;
}

/** What imports need of the staff module: the directory as it is, and one all-or-nothing write. */
export interface StaffImportPort {
  snapshot(ctx: ServiceContext): Promise<DirectorySnapshot>;
  importPeople(ctx: ServiceContext, changes: readonly PersonImportChange[], file: { sha256: string; name: string }): Promise<{ created: number; updated: number }>;
}

const ADMIN = ['admin'] as const;

/**
 * Spreadsheet imports: an upload is read and checked (the dry run) and kept; nothing is written
 * to the service until it is confirmed, when it is checked again against the service as it is
 * then and written in one transaction. Re-importing a file finds every row unchanged.
 */
export class ImportsService {
  /** Large uploads being checked now (this process), and their finished checks. */
  private readonly checking = new Map<string, { done: number; total: number }>();
  private readonly checked = new Map<string, ImportPlan>();

  constructor(private readonly deps: { db: Kysely<SetupTables>; clock: Clock; staff: StaffImportPort; register: RegisterImportPort; referrals: ReferralsImportPort; rota: RotaImportPort }) {}

  async upload(ctx: ServiceContext, kind: ImportKind, file: { fileName: string; format: ImportFormat; bytes: Uint8Array }): Promise<ImportView> {
    requireRole(ctx.actor, ADMIN, 'import spreadsheets');
    const read = await readImportFile(file.bytes, file.format, IMPORT_KINDS[kind].sheet);
    const id = await insertImport(this.deps.db, {
      kind,
      fileName: file.fileName.slice(0, 200) || `upload.${file.format}`,
      fileSha256: read.sha256,
      headers: read.headers,
      rows: read.rows,
      problems: read.problems,
      createdBy: ctx.actor.personId,
      createdAt: this.deps.clock.now(),
    });
    if (read.rows.length > BACKGROUND_CHECK_ROWS) {
      const progress = { done: 0, total: read.rows.length };
      this.checking.set(id, progress);
      void this.find(id)
        .then((stored) => this.check(ctx, stored, (done) => (progress.done = done)))
        .then(({ plan }) => {
          this.checked.set(id, plan);
          // Keep the few newest large checks only.
          for (const key of [...this.checked.keys()].slice(0, Math.max(0, this.checked.size - 5))) this.checked.delete(key);
        })
        .catch(() => undefined) // the page checks it again when asked
        .finally(() => this.checking.delete(id));
    }
    return this.view(ctx, id);
  }

  async view(ctx: ServiceContext, id: string): Promise<ImportView> {
    requireRole(ctx.actor, ADMIN, 'see imports');
    const stored = await this.find(id);
    const checking = this.checking.get(id) ?? null;
    const empty: ImportPlan = { rows: [], errors: [], counts: { create: 0, change: 0, unchanged: 0, error: 0 } };
    // A large file is checked once (in the background) and kept; a small one again at each look.
    const plan = checking ? empty : (this.checked.get(id) ?? (await this.check(ctx, stored)).plan);
    return {
      id: stored.id,
      kind: stored.kind as ImportKind,
      fileName: stored.fileName,
      fileSha256: stored.fileSha256,
      createdAt: stored.createdAt,
      appliedAt: stored.appliedAt,
      result: stored.result,
      rows: plan.rows,
      errors: plan.errors,
      counts: plan.counts,
      canConfirm: !checking && stored.appliedAt === null && plan.errors.length === 0 && plan.rows.length > 0,
      checking: checking ? { ...checking } : null,
    };
  }

  /** Checks again and writes everything in one transaction; refused while any row has an error. */
  async confirm(ctx: ServiceContext, id: string): Promise<ImportView> {
    requireRole(ctx.actor, ADMIN, 'import spreadsheets');
    const stored = await this.find(id);
    if (stored.appliedAt) throw new StateError('This import has already been applied', 'import_applied');
    if (this.checking.has(id)) throw new StateError('The file is still being checked: wait until the check has finished', 'import_checking');
    this.checked.delete(id);
    const { plan, write, ownTransaction } = await this.check(ctx, stored);
    if (plan.errors.length > 0) {
      throw new RuleViolationError('import_has_errors', 'Nothing was imported: correct the errors in the file and upload it again', {
        failures: plan.errors.slice(0, 50).map((e) => ({ rule: 'import_row', severity: 'E' as const, message: `${e.row ? `Row ${e.row}` : 'The file'}${e.column ? `, column ${e.column}` : ''}: ${e.message}` })),
        warnings: [],
      });
    }
    if (ownTransaction) {
      const result = await write(null);
      await markApplied(this.deps.db, id, ctx.actor.personId, this.deps.clock.now(), { ...result, unchanged: plan.counts.unchanged });
    } else {
      await inTransaction(this.deps.db, async (trx) => {
        const result = await write(trx);
        if (!(await markApplied(trx, id, ctx.actor.personId, this.deps.clock.now(), { ...result, unchanged: plan.counts.unchanged }))) throw new StateError('This import has already been applied', 'import_applied');
      });
    }
    return this.view(ctx, id);
  }

  /** The template for a kind: the header row and one example row (CSV), or a workbook (XLSX). */
  async template(kind: ImportKind, format: ImportFormat): Promise<Buffer> {
    const { columns, examples, sheet } = IMPORT_KINDS[kind];
    const names = columns.map((c) => c.name);
    if (format === 'csv') return Buffer.from(exportCsv(names, examples.map((example) => Object.fromEntries(names.map((n) => [n, example[n] ?? ''])))), 'utf8');
    const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
    const rows = workbook.addWorksheet(sheet);
    rows.addRow(names).font = { bold: true };
    for (const example of examples) rows.addRow(names.map((n) => example[n] ?? ''));
    rows.columns.forEach((column) => (column.width = 28));
    const guide = workbook.addWorksheet('Columns');
    guide.addRow(['column', 'required', 'what it holds']).font = { bold: true };
    for (const column of columns) guide.addRow([column.name, column.required ? 'yes' : 'no', column.description]);
    guide.getColumn(3).width = 100;
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  private async find(id: string): Promise<StoredImport> {
    const stored = await findImport(this.deps.db, id);
    if (!stored) throw new NotFoundError('The import');
    return stored;
  }

  private async check(ctx: ServiceContext, stored: StoredImport, progress?: (done: number) => void): Promise<CheckedImport> {
    const file = { sha256: stored.fileSha256, name: stored.fileName };
    switch (stored.kind) {
      case 'staff': {
        const plan = await runChunked(planStaffImportSteps(stored.headers, stored.rows, stored.problems, await this.deps.staff.snapshot(ctx), { personId: ctx.actor.personId }), progress);
        return { plan, ownTransaction: true, write: () => this.deps.staff.importPeople(ctx, plan.changes, file) };
      }
      case 'register': {
        const read = await runChunked(readRegisterRowsSteps(stored.headers, stored.rows, stored.problems, await this.deps.register.directory(ctx)), progress);
        const { outcomes } = await this.deps.register.check(ctx, read.input);
        return { plan: registerPlan(read, outcomes), ownTransaction: false, write: (trx) => this.deps.register.apply(trx!, ctx, read.input, file) };
      }
      case 'rota': {
        const read = await runChunked(readRotaRowsSteps(stored.headers, stored.rows, stored.problems, await this.deps.rota.people(ctx)), progress);
        const { outcomes } = await this.deps.rota.check(ctx, read.shifts);
        return { plan: rotaPlan(read, outcomes), ownTransaction: true, write: () => this.deps.rota.apply(ctx, read.shifts, file) };
      }
      case 'referrals': {
        const read = await runChunked(readReferralRowsSteps(stored.headers, stored.rows, stored.problems, { now: this.deps.clock.now(), councils: await this.deps.referrals.councils() }), progress);
        const plan = referralPlan(read, await this.deps.referrals.existing(ctx, read.referrals));
        return { plan, ownTransaction: false, write: (trx) => this.deps.referrals.apply(trx!, ctx, read.referrals, file) };
      }
      default:
        throw new StateError(`Uploads of kind ${stored.kind} are no longer imported`, 'import_kind_unknown');
    }
  }
}
