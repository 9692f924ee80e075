// UK GDPR (issue 13 point 5; docs/privacy.md): the subject-access export, restriction of
// processing (through the referrals module's published service) and the retention schedule with
// its review job and confirmed erasures that leave a tombstone.

import type { Kysely } from 'kysely';
import { inTransaction, tablesFor } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, StateError, ValidationError } from '../../platform/errors.js';
import { londonDate, type IsoDate } from '../../platform/london-time.js';
import { hasAnyRole, requireRole } from '../../platform/roles.js';
import type { ReferralPrivacyService, RestrictionRecord, SubjectReferral } from '../referrals/referrals-module.js';

import { allowErasure, auditRowsAbout, deleteSubjectRows, readCatalogue, subjectRows, type SubjectKeys } from './person-data-repository.js';
import { deletionOrder, REFERRAL_ROOT, REGISTER_ENTRY_ROOT, subjectLinks } from './person-data-walk.js';
import { PrivacyRepository } from './privacy-repository.js';
import { renderSubjectPdf } from './privacy-pdf.js';
import type { PrivacyDb } from './privacy-tables.js';
import { dueOn, ERASURE_DECIDERS, KIND_LABELS, RECORD_KINDS, referralCutoff, yearsProblem, type RecordKind } from './retention.js';
import { NOT_EXPORTED, SUBJECT_TABLES } from './subject-coverage.js';
import type { SubjectExport, SubjectQuery } from './subject-export.js';

export type { SubjectExport, SubjectQuery } from './subject-export.js';
import { PRIVACY_OFFICERS, RETENTION_DECIDERS, RETENTION_EDITORS, RETENTION_READERS } from './privacy-access.js';

export interface RegisterRetentionPort {
  /** Runs on `db` (the job's transaction) when given. */
  candidates(today: IsoDate, db?: never): Promise<Array<{ personId: string; name: string | null; lastApprovalDay: IsoDate; statutoryKeepUntil: IsoDate }>>;
}

export interface PrivacyDeps {
  /** The privacy module's own tables; the catalogue walk reads the schema through the same handle. */
  db: Kysely<PrivacyDb>;
  clock: Clock;
  audit: AuditLog;
  referrals: Pick<ReferralPrivacyService, 'referralsOfSubject' | 'restrictionsOf' | 'restrictedNow' | 'restrict' | 'lift' | 'retentionCandidates'>;
  register: RegisterRetentionPort;
}

export interface SubjectView {
  referrals: Array<SubjectReferral & { restriction: RestrictionRecord | null }>;
  history: RestrictionRecord[];
}

export interface ReviewRow {
  id: string;
  kind: RecordKind;
  kindLabel: string;
  recordId: string;
  label: string;
  lastActivityOn: string;
  dueOn: string;
  version: number;
  mayDecide: boolean;
}

const REVIEW_BATCH = 500;

export class PrivacyService {
  private readonly repository = new PrivacyRepository();

  constructor(private readonly deps: PrivacyDeps) {}

  private get anyDb(): Kysely<object> {
    return this.deps.db as unknown as Kysely<object>;
  }

  /** The person's referrals with each one's restriction (audited by the referrals module). */
  async subject(ctx: ServiceContext, query: SubjectQuery): Promise<SubjectView> {
    requireRole(ctx.actor, PRIVACY_OFFICERS, 'find a person’s records');
    const referrals = await this.deps.referrals.referralsOfSubject(ctx, query);
    const history = await this.deps.referrals.restrictionsOf(referrals.map((r) => r.id));
    return { referrals: referrals.map((r) => ({ ...r, restriction: history.find((h) => h.referralId === r.id && h.liftedAt === null) ?? null })), history };
  }

  /** Every record about the person in every module, found by the catalogue walk; audited. */
  async exportSubject(ctx: ServiceContext, query: SubjectQuery): Promise<SubjectExport> {
    requireRole(ctx.actor, PRIVACY_OFFICERS, 'export a person’s records');
    const referrals = await this.deps.referrals.referralsOfSubject(ctx, query);
    if (referrals.length === 0) throw new NotFoundError('A referral for that person');
    return inTransaction(this.anyDb, async (trx) => {
      const catalogue = await readCatalogue(trx);
      const links = subjectLinks(catalogue, REFERRAL_ROOT);
      const keys: SubjectKeys = {
        keys: referrals.map((r) => r.id),
        references: referrals.map((r) => r.reference),
        nhsNumbers: [...new Set(referrals.map((r) => r.nhsNumber).filter((n): n is string => n !== null))],
      };
      const sections: SubjectExport['sections'] = [];
      for (const table of [...links.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
        if (table in NOT_EXPORTED) continue;
        const rows = await subjectRows(trx, links, table, keys);
        if (rows.length > 0) sections.push({ table, title: SUBJECT_TABLES[table] ?? `Other records (${table})`, count: rows.length, rows });
      }
      const seen = await auditRowsAbout(trx, 'referral', keys.keys);
      if (seen.length > 0) sections.push({ table: 'audit_log', title: 'Who saw or changed the record', count: seen.length, rows: seen });
      const latest = referrals.at(-1)!;
      const result: SubjectExport = {
        format: 'amhp-hub-subject-access',
        generatedAt: this.deps.clock.now().toISOString(),
        generatedBy: ctx.actor.name,
        subject: { name: `${latest.givenName} ${latest.familyName}`, dateOfBirth: latest.dateOfBirth, nhsNumbers: keys.nhsNumbers as string[], references: keys.references as string[] },
        tablesSearched: catalogue.tables.size,
        totalRecords: sections.reduce((n, s) => n + s.count, 0),
        sections,
        notExported: Object.entries(NOT_EXPORTED).map(([table, reason]) => ({ table, reason })),
      };
      await this.deps.audit.record(trx, ctx, { action: 'subject_access_exported', entityType: 'referral', summary: { shown: keys.keys, parts: sections.length, records: result.totalRecords } });
      return result;
    });
  }

  async exportSubjectPdf(ctx: ServiceContext, query: SubjectQuery): Promise<{ fileName: string; body: Buffer }> {
    const data = await this.exportSubject(ctx, query);
    return { fileName: `subject-access-${data.subject.references[0] ?? 'export'}.pdf`, body: await renderSubjectPdf(data) };
  }

  restrict(ctx: ServiceContext, referralId: string, reason: string): Promise<RestrictionRecord> {
    return this.deps.referrals.restrict(ctx, referralId, reason);
  }

  lift(ctx: ServiceContext, referralId: string, reason: string, version: number): Promise<RestrictionRecord> {
    return this.deps.referrals.lift(ctx, referralId, reason, version);
  }

  // ── Retention ─────────────────────────────────────────────────────────────────────────────

  async rules(ctx: ServiceContext) {
    requireRole(ctx.actor, RETENTION_READERS, 'see the retention schedule');
    const rows = await this.repository.rules(this.deps.db);
    return RECORD_KINDS.map((kind) => ({ ...rows.find((r) => r.kind === kind)!, kind, label: KIND_LABELS[kind] }));
  }

  async saveRule(ctx: ServiceContext, kind: RecordKind, years: number, version: number) {
    requireRole(ctx.actor, RETENTION_EDITORS, 'change the retention schedule');
    const problem = yearsProblem(kind, years);
    if (problem) throw ValidationError.of('years', problem);
    return inTransaction(this.deps.db, async (trx) => {
      const current = await this.repository.ruleForUpdate(trx, kind);
      if (!current) throw new NotFoundError('The record kind');
      if (current.version !== version) throw new ConflictError(undefined, { currentVersion: current.version });
      await this.repository.updateRule(trx, kind, { years, updatedBy: ctx.actor.personId, updatedAt: this.deps.clock.now(), version: current.version + 1 });
      await this.deps.audit.record(trx, ctx, { action: 'retention_rule_changed', entityType: 'retention_rule', entityId: kind, summary: { from: current.years, to: years } });
      return { kind, years, version: current.version + 1 };
    });
  }

  /** The review job: records past their retention date join the Lead's list (once each). */
  async runReview(trx: Kysely<object>, now: Date): Promise<number> {
    const db = tablesFor<PrivacyDb>(trx);
    const today = londonDate(now);
    const years = Object.fromEntries((await this.repository.rules(db)).map((r) => [r.kind, r.years])) as Record<RecordKind, number>;
    const found: Array<{ kind: RecordKind; recordId: string; label: string; lastActivityOn: IsoDate; dueOn: IsoDate }> = [];
    const referralYears = years.referral ?? 20;
    for (const r of await this.deps.referrals.retentionCandidates(trx as never, new Date(`${referralCutoff(today, referralYears)}T00:00:00Z`), REVIEW_BATCH)) {
      const last = londonDate(r.lastActivityAt);
      found.push({ kind: 'referral', recordId: r.id, label: r.reference, lastActivityOn: last, dueOn: dueOn(last, referralYears) });
    }
    const registerYears = years.register_entry ?? 10;
    for (const e of await this.deps.register.candidates(today, trx as never)) {
      const due = dueOn(e.lastApprovalDay, registerYears);
      if (due <= today) found.push({ kind: 'register_entry', recordId: e.personId, label: `Register entry: ${e.name ?? 'a former AMHP'}`, lastActivityOn: e.lastApprovalDay, dueOn: due });
    }
    let added = 0;
    for (const f of found) {
      if (await this.repository.keptPast(db, f.kind, f.recordId, today)) continue;
      added += await this.repository.insertReview(db, { ...f, foundAt: now });
    }
    return added;
  }

  /** Records due for review, oldest due first. */
  async reviews(ctx: ServiceContext): Promise<ReviewRow[]> {
    requireRole(ctx.actor, RETENTION_READERS, 'see records due for review');
    const rows = await this.repository.openReviews(this.deps.db, REVIEW_BATCH);
    await this.deps.audit.record(this.deps.db, ctx, { action: 'retention_reviews_listed', entityType: 'retention_review', summary: { results: rows.length } });
    return rows.map((r) => ({ id: r.id, kind: r.kind, kindLabel: KIND_LABELS[r.kind], recordId: r.recordId, label: r.label, lastActivityOn: String(r.lastActivityOn), dueOn: String(r.dueOn), version: r.version, mayDecide: hasAnyRole(ctx.actor, [ERASURE_DECIDERS[r.kind]]) }));
  }

  /** Tombstones: what was erased, when, by whom and why (no personal data). */
  async tombstones(ctx: ServiceContext) {
    requireRole(ctx.actor, RETENTION_READERS, 'see erased records');
    return this.repository.tombstones(this.deps.db, 200);
  }

  /**
   * A Lead's decision on a record due for review: keep it (with a reason, until a date) or erase
   * it. Erasure deletes the record and everything the walk ties to it, in one transaction, and
   * leaves a tombstone and an audit row; the audit log itself is never touched.
   */
  async decide(ctx: ServiceContext, reviewId: string, input: { decision: 'erase' | 'keep'; reason: string; keepUntil?: IsoDate | undefined; version: number }): Promise<{ decision: 'erased' | 'kept'; tombstoneId: string | null }> {
    requireRole(ctx.actor, RETENTION_DECIDERS, 'decide on records due for review');
    const reason = input.reason.trim();
    if (reason.length < 10) throw ValidationError.of('reason', 'Enter the reason for the decision (at least 10 characters); do not write the person’s details');
    if (reason.length > 1000) throw ValidationError.of('reason', 'The reason must be 1000 characters or fewer');
    const today = londonDate(this.deps.clock.now());
    if (input.decision === 'keep' && (!input.keepUntil || input.keepUntil <= today)) throw ValidationError.of('keepUntil', 'Enter the date to review the record again, after today');
    return inTransaction(this.anyDb, async (trx) => {
      const db = tablesFor<PrivacyDb>(trx);
      const review = await this.repository.reviewForUpdate(db, reviewId);
      if (!review) throw new NotFoundError('The review');
      if (!hasAnyRole(ctx.actor, [ERASURE_DECIDERS[review.kind]])) throw new ForbiddenError(`Only the ${ERASURE_DECIDERS[review.kind] === 'amhp_lead' ? 'AMHP Lead' : 'Lead AMHP'} decides on these records.`);
      if (review.version !== input.version) throw new ConflictError(undefined, { currentVersion: review.version });
      if (review.decision !== null) throw new StateError('This record has already been decided.', 'already_decided');
      const now = this.deps.clock.now();
      if (input.decision === 'keep') {
        await this.repository.decideReview(db, review.id, { decision: 'kept', decisionReason: reason, decidedBy: ctx.actor.personId, decidedAt: now, keepUntil: input.keepUntil!, version: review.version + 1 });
        await this.deps.audit.record(trx, ctx, { action: 'retention_record_kept', entityType: review.kind, entityId: review.recordId, summary: { reviewId: review.id, keepUntil: input.keepUntil } });
        return { decision: 'kept', tombstoneId: null };
      }
      const rows = await this.erase(trx, review.kind, review.recordId, review.label);
      const tombstoneId = await this.repository.insertTombstone(db, { kind: review.kind, recordId: review.recordId, erasedAt: now, erasedBy: ctx.actor.personId, reason, rowsErased: rows });
      await this.repository.decideReview(db, review.id, { decision: 'erased', decisionReason: reason, decidedBy: ctx.actor.personId, decidedAt: now, label: `${KIND_LABELS[review.kind]} (erased)`, version: review.version + 1 });
      await this.deps.audit.record(trx, ctx, { action: 'record_erased', entityType: review.kind, entityId: review.recordId, summary: { tombstoneId, rows } });
      return { decision: 'erased', tombstoneId };
    });
  }

  private async erase(trx: Kysely<object>, kind: RecordKind, recordId: string, label: string): Promise<Record<string, number>> {
    if (kind === 'referral' && (await this.deps.referrals.restrictedNow([recordId], trx as never)).size > 0) {
      throw new StateError('This record is restricted: lift the restriction before erasing it.', 'record_restricted');
    }
    await allowErasure(trx, true);
    const catalogue = await readCatalogue(trx);
    const root = kind === 'referral' ? REFERRAL_ROOT : REGISTER_ENTRY_ROOT;
    const links = subjectLinks(catalogue, root);
    const subject: SubjectKeys = { keys: [recordId], references: kind === 'referral' ? [label] : [], nhsNumbers: [] };
    const counts: Record<string, number> = {};
    for (const table of deletionOrder(catalogue, links)) {
      const n = await deleteSubjectRows(trx, links, table, subject);
      if (n > 0) counts[table] = n;
    }
    await allowErasure(trx, false);
    if (!counts[root.table]) throw new StateError('The record is no longer there.', 'already_erased');
    return counts;
  }
}

/** The export's order: the referral first, then the rest as declared. */
function order(table: string): number {
  const declared = Object.keys(SUBJECT_TABLES).indexOf(table);
  return declared === -1 ? 1000 : declared;
}


