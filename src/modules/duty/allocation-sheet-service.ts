import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError } from '../../platform/errors.js';
import type { LiveEvents } from '../../platform/live-events.js';
import type { IsoDate } from '../../platform/london-time.js';
import { unwrap, type Result } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { ATTENDEE_ROLE_LABELS, addMissingEntries, entriesNotOnSheet, amendSheet, buildSheetEntries, decideAllocation, draftSheet, entriesBySection, finaliseSheet, recordAttendance, recordChallenges, SECTION_ORDER, SECTION_TITLES, sheetWindows } from './allocation-sheet.js';
import type { AllocationSheet, Attendee, SheetChange, SheetEntry, SheetReferral, SheetSection } from './allocation-sheet.js';
import type { AmendCommand, AttendanceCommand, DecisionCommand } from './allocation-sheet-schemas.js';
import { SheetCopies } from './allocation-sheet-copies.js';
import { DUTY_ROLES } from './duty-access.js';
import { PeopleNames, type DutyPerson, type DutyStaff } from './duty-people.js';
import type { DutyAudit } from './duty-platform-port.js';
import type { DutyReferral, DutyReferralsPort } from './duty-referrals-port.js';
import type { DutyDb, DutyRepository, StoredSheet } from './duty-repository.js';
import type { HandoverService } from './handover-service.js';
import { DUTY_TOPIC, type RotaService } from './rota-service.js';
import type { ServiceHoursService } from './service-hours-service.js';

export interface SheetEntryView extends SheetEntry {
  reference: string;
  stageLabel: string;
  urgency: string | null;
  reviewerName: string | null;
  allocatedName: string | null;
  referralVersion: number | null;
  /** When the s136 place-of-safety detention ends, for a referral held under s136. */
  s136EndsAt: Date | null;
}

export interface SheetView {
  sheet: StoredSheet;
  date: IsoDate;
  previousWorkingDay: IsoDate;
  /**
   * `entries`: the cards drawn (every entry when the caller named none); `all`: every entry of
   * the section, in order, for counting and paging.
   */
  sections: Array<{ key: SheetSection; title: string; all: readonly SheetEntry[]; entries: SheetEntryView[] }>;
  attendees: Array<Attendee & { name: string; roleLabel: string }>;
  amendments: Array<AllocationSheet['amendments'][number] & { byName: string }>;
  finalisedByName: string | null;
  onDutyAmhps: Array<{ id: string; name: string }>;
  referralsAvailable: boolean;
}

interface EntryIndex {
  bySection: Record<SheetSection, SheetEntry[]>;
  byReferral: ReadonlyMap<string, SheetEntry>;
}

/** A change to the sheet: the sheet as it now is, and what the Lead should know about it. */
export interface SheetOutcome {
  view: SheetView;
  warnings: string[];
}

/** Who can be recorded at the morning meeting from the staff list (candidates and trainees are also recorded by name). */
export const MEETING_ROLES = ['amhp', 'amhp_lead', 'business_support', 'operational_manager', 'lead_amhp', 'line_manager', 'edt_officer', 'edt_manager'] as const;

/** Referral states in which the referral itself can take the allocation (a decision to proceed was signed). */
const ALLOCATABLE = new Set(['decided', 'allocated', 'in_assessment']);

/** The daily allocation sheet (Daily Expectations §2.5–2.7): one a day, kept at the morning meeting. */
export class AllocationSheetService {
  constructor(
    private readonly db: DutyDb,
    private readonly clock: Clock,
    private readonly audit: DutyAudit,
    private readonly staff: DutyStaff,
    private readonly hours: ServiceHoursService,
    private readonly rota: RotaService,
    private readonly handovers: HandoverService,
    private readonly repository: DutyRepository,
    private readonly referrals: () => DutyReferralsPort,
    private readonly liveEvents: LiveEvents,
  ) {}

  /** This process's parsed copies of recent sheets: a view re-reads only what changed (issue 17). */
  private readonly copies = new SheetCopies();
  private readonly groupings = new WeakMap<readonly SheetEntry[], EntryIndex>();

  /** The referrals as the sheet sees them; `fromEdt` are those EDT handed to the daytime service (accepted). */
  private toSheetReferrals(rows: readonly DutyReferral[], fromEdt: ReadonlySet<string>): SheetReferral[] {
    return rows.map((r) => ({
      referralId: r.id,
      receivedAt: r.receivedAt,
      // For the sheet a referral with its outcome recorded is done, even before it is closed.
      closedAt: r.closedAt ?? r.outcomeRecordedAt,
      outcome: r.outcome,
      // The outcome's time: the assessment's, or the closure's when it was closed with one (a
      // decision not to proceed, a withdrawal) without an assessment.
      outcomeAt: r.outcomeRecordedAt ?? (r.outcome ? r.closedAt : null),
      open: r.open && r.outcomeRecordedAt === null,
      reviewerId: r.reviewerId,
      allocatedAmhpId: r.allocatedAmhpId,
      handedOverByEdt: fromEdt.has(r.id),
    }));
  }

  /** Referrals EDT handed to the daytime service (accepted) since the sheet's window opened. */
  private async handedOverByEdt(from: Date): Promise<Set<string>> {
    const handovers = await this.handovers.handoversSince(from);
    return new Set(
      handovers
        .filter((h) => h.status === 'accepted' && h.from.kind === 'team' && h.from.team === 'edt' && h.to.kind === 'team' && h.to.team === 'daytime')
        .flatMap((h) => h.items.map((i) => i.referralId)),
    );
  }

  /** The sheet for a day: created as a draft from the referrals on first opening; a draft picks up new referrals. */
  async load(ctx: ServiceContext, date: IsoDate): Promise<StoredSheet> {
    return (await this.loadWithReferrals(ctx, date, () => [])).sheet;
  }

  /**
   * `load`, with the referrals it read, so the view does not read them again. `shown` names the
   * referrals whose cards the caller will draw (read with the rest, in the same statement).
   *
   * A new draft reads every open referral and those received, closed or with an outcome since the
   * previous working day began (once a day). A draft already made is worked out again only when
   * something it is worked out from changed (issue 17): the referrals module gives a digest of the
   * open referrals and of those received, closed or with an outcome since then, and while it is
   * the one this process last brought the draft up to date under, a view reads only the cards it
   * draws. Otherwise it reads the recent referrals, its previous-day entries (an outcome may have
   * been withdrawn), the cards, and the open referrals it does not hold (an anti-join).
   */
  private async loadWithReferrals(ctx: ServiceContext, date: IsoDate, shown: (sheet: AllocationSheet) => Iterable<string>): Promise<{ sheet: StoredSheet; rows?: DutyReferral[] }> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the allocation sheet');
    const existing = await this.copies.find(date, (known) => this.repository.findSheet(this.db, date, known));
    if (existing?.status === 'finalised') return { sheet: existing };
    const hours = await this.hours.context();
    const windows = sheetWindows(date, hours.config, hours.bankHolidays);
    // A sheet for a past day shows what was known then: nothing received after that day's meeting.
    const dayEnd = new Date(windows.newFrom.getTime() + 48 * 3_600_000);
    const relevant = (rows: readonly DutyReferral[]) => rows.filter((r) => r.receivedAt < dayEnd);
    if (!existing) {
      const [{ rows }, fromEdt] = await Promise.all([
        this.referrals().forSheet({ recentFrom: windows.previousDayFrom, ids: [], openExcept: { ids: [], receivedBefore: dayEnd } }),
        this.handedOverByEdt(windows.previousDayFrom),
      ]);
      const draft = draftSheet(date, this.toSheetReferrals(relevant(rows), fromEdt), hours.config, hours.bankHolidays);
      await inTransaction(this.db, async (trx) => {
        await this.repository.insertSheet(trx, draft);
        await this.audit(trx, ctx, { action: 'allocation_sheet_created', entityType: 'allocation_sheet', entityId: date, summary: { entries: draft.entries.length } });
      });
      // Someone else's draft made at the same moment may stand instead: the next view checks it.
      return { sheet: await this.stored(date), rows };
    }
    const digest = { openReceivedBefore: dayEnd, recentFrom: windows.previousDayFrom };
    const lastDigest = this.copies.digestFor(existing);
    if (lastDigest !== null) {
      const cards = await this.referrals().forSheet({ recentFrom: null, ids: [...new Set(shown(existing))], openExcept: null, digest });
      // Nothing the draft is worked out from changed since it was brought up to date: only the cards are read.
      if (cards.digest === lastDigest) return { sheet: existing, rows: cards.rows };
    }
    const ids = [...new Set([...existing.entries.filter((e) => e.section === 'previous-day').map((e) => e.referralId), ...shown(existing)])];
    const { rows, digest: readDigest } = await this.referrals().forSheet({ recentFrom: windows.previousDayFrom, ids, openExcept: { ids: existing.entries.map((e) => e.referralId), receivedBefore: dayEnd }, digest });
    const checked = new Set([...ids, ...rows.map((r) => r.id)]);
    const entriesFrom = (fromEdt: ReadonlySet<string>) => buildSheetEntries(date, this.toSheetReferrals(relevant(rows), fromEdt), hours.config, hours.bankHolidays);
    let entries = entriesFrom(new Set());
    // Whether EDT handed a referral over matters only for an entry being added.
    if (entriesNotOnSheet(existing, entries).length > 0) entries = entriesFrom(await this.handedOverByEdt(windows.previousDayFrom));
    const added = addMissingEntries(existing, entries, undefined, checked);
    let sheet = existing;
    if (added.ok && added.value.sheet.version !== existing.version) {
      // Someone else adding the same referrals at the same moment is fine: theirs stands.
      const saved = await inTransaction(this.db, (trx) => this.repository.saveSheet(trx, added.value.sheet, existing, this.clock.now())).catch((error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
        return null;
      });
      if (saved === null) return { sheet: await this.stored(date), rows };
      sheet = this.copies.keep({ ...added.value.sheet, id: existing.id, version: saved });
    }
    // The digest was read in one snapshot with the rows the sheet was just brought up to date from.
    if (readDigest !== null) this.copies.verified(sheet, readDigest);
    return { sheet, rows };
  }

  private async stored(date: IsoDate): Promise<StoredSheet> {
    const sheet = await this.copies.find(date, (known) => this.repository.findSheet(this.db, date, known));
    if (!sheet) throw new Error(`The allocation sheet for ${date} was not saved`);
    return sheet;
  }

  /**
   * The sheet with names and referral references, as the page, the PDF and the API show it.
   * `cards`, given the sections, names the entries the caller draws (a page of each section):
   * only those are read from the referrals. Without it, every entry is (the PDF, the API).
   */
  async view(ctx: ServiceContext, date: IsoDate, options: { audit?: boolean; cards?: (sections: ReadonlyArray<{ key: SheetSection; entries: readonly SheetEntry[] }>) => Iterable<string> } = {}): Promise<SheetView> {
    const shown = (sheet: AllocationSheet): string[] => {
      if (!options.cards) return sheet.entries.map((e) => e.referralId);
      const { bySection } = this.grouped(sheet);
      return [...options.cards(SECTION_ORDER.map((key) => ({ key, entries: bySection[key] })))];
    };
    const { sheet, rows = [] } = await this.loadWithReferrals(ctx, date, shown);
    const referrals = new Map(rows.map((r) => [r.id, r]));
    const drawn = new Set(shown(sheet));
    // A finalised sheet, or cards that moved onto the page as the draft changed: read those too.
    const missing = [...drawn].filter((id) => !referrals.has(id));
    const [names, hours, shifts, more] = await Promise.all([
      PeopleNames.load(this.staff),
      this.hours.context(),
      this.rota.shiftsBetween(sheet.date, sheet.date),
      missing.length > 0 ? this.referrals().forSheet({ recentFrom: null, ids: missing, openExcept: null }).then((read) => read.rows) : Promise.resolve([]),
    ]);
    for (const r of more) referrals.set(r.id, r);
    // A read: its audit row goes with the request's others, written before the page is sent.
    if (options.audit !== false) await this.audit(this.db, ctx, { action: 'allocation_sheet_viewed', entityType: 'allocation_sheet', entityId: sheet.date });
    const { bySection, byReferral } = this.grouped(sheet);
    // The cards named, in that order (every entry when none were).
    const drawnEntries = options.cards ? [...drawn].flatMap((id) => byReferral.get(id) ?? []) : null;
    const entryView = (e: SheetEntry): SheetEntryView => {
      const r = referrals.get(e.referralId);
      return {
        ...e,
        reference: r?.reference ?? 'Referral',
        stageLabel: r?.stageLabel ?? '',
        urgency: r?.urgency ?? null,
        reviewerName: e.reviewerId ? names.name(e.reviewerId) : null,
        allocatedName: e.decision?.kind === 'allocated' ? names.name(e.decision.amhpId) : null,
        referralVersion: r?.version ?? null,
        s136EndsAt: r?.s136EndsAt ?? null,
      };
    };
    const onDuty = shifts.filter((s) => s.status === 'planned' && s.kind === 'daytime');
    return {
      sheet,
      date: sheet.date,
      previousWorkingDay: sheetWindows(sheet.date, hours.config, hours.bankHolidays).previousWorkingDay,
      sections: SECTION_ORDER.map((key) => ({ key, title: SECTION_TITLES[key], all: bySection[key], entries: (drawnEntries?.filter((e) => e.section === key) ?? bySection[key]).map(entryView) })),
      attendees: sheet.attendees.map((a) => ({ ...a, name: a.personId ? names.name(a.personId) : (a.name ?? ''), roleLabel: ATTENDEE_ROLE_LABELS[a.role] })),
      amendments: sheet.amendments.map((a) => ({ ...a, byName: names.name(a.by) })),
      finalisedByName: sheet.finalisedBy ? names.name(sheet.finalisedBy) : null,
      onDutyAmhps: onDuty.map((s) => ({ id: s.personId, name: names.name(s.personId) })),
      referralsAvailable: this.referrals().available,
    };
  }

  /** The sheet's entries by section and by referral, worked out once for each version this process holds. */
  private grouped(sheet: AllocationSheet): EntryIndex {
    let grouped = this.groupings.get(sheet.entries);
    if (!grouped) {
      grouped = { bySection: entriesBySection(sheet), byReferral: new Map(sheet.entries.map((e) => [e.referralId, e])) };
      this.groupings.set(sheet.entries, grouped);
    }
    return grouped;
  }

  /** Who can be recorded at the morning meeting or allocated, for the page's lists. */
  async meetingPeople(): Promise<DutyPerson[]> {
    return (await PeopleNames.load(this.staff)).withRoles(MEETING_ROLES);
  }

  /**
   * Applies a domain change to the stored sheet, saved only if nobody saved it since it was
   * read. `before` runs between the two (the referral's own allocation): if that is refused, the
   * sheet is not changed.
   */
  private async change(ctx: ServiceContext, date: IsoDate, action: string, apply: (sheet: AllocationSheet) => Result<SheetChange>, before?: (sheet: AllocationSheet) => Promise<string[]>): Promise<SheetOutcome> {
    const current = await this.load(ctx, date);
    const { sheet, warnings } = unwrap(apply(current));
    const extra = before ? await before(sheet) : [];
    const version = await inTransaction(this.db, async (trx) => {
      const saved = await this.repository.saveSheet(trx, sheet, current, this.clock.now());
      await this.audit(trx, ctx, { action, entityType: 'allocation_sheet', entityId: date, summary: { version: saved } });
      return saved;
    });
    this.copies.keep({ ...sheet, id: current.id, version });
    this.liveEvents.publish(DUTY_TOPIC);
    return { view: await this.view(ctx, date, { audit: false }), warnings: [...warnings, ...extra] };
  }

  /** Who attended the morning meeting, and the challenges raised there. */
  async recordAttendance(ctx: ServiceContext, date: IsoDate, command: AttendanceCommand): Promise<SheetOutcome> {
    requireRole(ctx.actor, DUTY_ROLES.sheetEdit, 'record attendance');
    return this.change(ctx, date, 'allocation_sheet_attendance', (s) => {
      const attended = recordAttendance(s, command.attendees, command.version);
      if (!attended.ok || command.challenges === undefined) return attended;
      return recordChallenges(attended.value.sheet, command.challenges ?? '');
    });
  }

  /** The Lead's decision for one referral; an allocation also goes to the referral (version-checked there). */
  async decide(ctx: ServiceContext, date: IsoDate, command: DecisionCommand): Promise<SheetOutcome> {
    requireRole(ctx.actor, DUTY_ROLES.sheetAllocate, 'allocate referrals');
    const [onDuty, referral] = await Promise.all([this.onDutyIds(date), this.referrals().get(command.referralId)]);
    return this.change(
      ctx,
      date,
      'allocation_decided',
      (s) => decideAllocation(s, { referralId: command.referralId, decision: command.decision, plan: command.plan, onDutyAmhpIds: onDuty, expectedVersion: command.version }),
      (sheet) => this.pushAllocation(ctx, sheet, command.referralId, referral, command.referralVersion),
    );
  }

  /** Allocation goes to the referral itself once the Lead has decided it needs an assessment. */
  private async pushAllocation(ctx: ServiceContext, sheet: AllocationSheet, referralId: string, referral: DutyReferral | undefined, referralVersion: number | undefined): Promise<string[]> {
    const entry = sheet.entries.find((e) => e.referralId === referralId);
    if (!referral || entry?.decision?.kind !== 'allocated' || referral.allocatedAmhpId === entry.decision.amhpId) return [];
    if (!ALLOCATABLE.has(referral.status)) {
      return [`${referral.reference} is recorded on the sheet only: record the decision to proceed on the referral before it can be allocated`];
    }
    await this.referrals().allocate(ctx, referralId, { amhpId: entry.decision.amhpId, version: referralVersion ?? referral.version, overrideReason: entry.decision.overrideReason });
    return [];
  }

  /** Finalised, the sheet is read-only; later changes are amendments with a reason. */
  async finalise(ctx: ServiceContext, date: IsoDate, command: { version: number }): Promise<SheetOutcome> {
    requireRole(ctx.actor, DUTY_ROLES.sheetFinalise, 'finalise the allocation sheet');
    return this.change(ctx, date, 'allocation_sheet_finalised', (s) => finaliseSheet(s, ctx.actor.personId, this.clock.now(), command.version));
  }

  async amend(ctx: ServiceContext, date: IsoDate, command: AmendCommand): Promise<SheetOutcome> {
    requireRole(ctx.actor, DUTY_ROLES.sheetAllocate, 'amend the allocation sheet');
    const [onDuty, referral] = await Promise.all([this.onDutyIds(date), this.referrals().get(command.referralId)]);
    return this.change(
      ctx,
      date,
      'allocation_sheet_amended',
      (s) => amendSheet(s, { by: ctx.actor.personId, at: this.clock.now(), reason: command.reason, change: { kind: 'decision', referralId: command.referralId, decision: command.decision }, onDutyAmhpIds: onDuty, expectedVersion: command.version }),
      (sheet) => this.pushAllocation(ctx, sheet, command.referralId, referral, command.referralVersion),
    );
  }

  private async onDutyIds(date: IsoDate): Promise<Set<string>> {
    const shifts = await this.rota.shiftsBetween(date, date);
    return new Set(shifts.filter((s) => s.status === 'planned').map((s) => s.personId));
  }
}
