import { inTransaction, type Db } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import type { LiveEvents } from '../../platform/live-events.js';
import { requireRole } from '../../platform/roles.js';
import type { StaffService } from '../staff/staff-service.js';
import { addMissingEntries, amendSheet, buildSheetEntries, decideAllocation, draftSheet, entriesBySection, finaliseSheet, recordAttendance, recordChallenges, SECTION_ORDER, SECTION_TITLES, sheetWindows } from './allocation-sheet.js';
import type { AllocationSheet, Attendee, SheetEntry, SheetReferral } from './allocation-sheet.js';
import { DUTY_ROLES, refusalError } from './duty-access.js';
import type { Outcome } from './duty-outcome.js';
import { PeopleNames } from './duty-people.js';
import type { DutyReferral, DutyReferralsPort } from './duty-referrals-port.js';
import type { DutyRepository } from './duty-repository.js';
import { allocationDecisionSchema, amendAllocationSchema, attendanceSchema, attendeeRoleSchema, finaliseSheetSchema, isoDateSchema } from './duty-schemas.js';
import type { IsoDate } from './duty-time.js';
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
}

export interface SheetView {
  sheet: AllocationSheet;
  date: IsoDate;
  previousWorkingDay: IsoDate;
  sections: Array<{ key: string; title: string; entries: SheetEntryView[] }>;
  attendees: Array<Attendee & { name: string }>;
  amendments: Array<AllocationSheet['amendments'][number] & { byName: string }>;
  finalisedByName: string | null;
  onDutyAmhps: Array<{ id: string; name: string }>;
  referralsAvailable: boolean;
}

/** Attendance checkboxes send "personId|role". */
export function attendeesFromForm(form: Record<string, unknown>): unknown {
  const raw = form.attendees === undefined || form.attendees === '' ? [] : Array.isArray(form.attendees) ? form.attendees : [form.attendees];
  const attendees = raw.map((value) => {
    const [personId, role] = String(value).split('|');
    return { personId, role };
  });
  return { attendees, expectedVersion: form.expectedVersion };
}

const ALLOCATABLE = new Set(['decided', 'allocated', 'in_assessment']);

function referralVersionOf(raw: unknown): number | undefined {
  const v = Number((raw as { referralVersion?: unknown } | null)?.referralVersion);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

export class AllocationSheetService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
    private readonly hours: ServiceHoursService,
    private readonly rota: RotaService,
    private readonly handovers: HandoverService,
    private readonly repository: DutyRepository,
    private readonly referrals: () => DutyReferralsPort,
    private readonly liveEvents: LiveEvents,
  ) {}

  private async sheetReferrals(date: IsoDate): Promise<{ referrals: Map<string, DutyReferral>; sheetReferrals: SheetReferral[] }> {
    const hours = await this.hours.context();
    const windows = sheetWindows(date, hours.config, hours.bankHolidays);
    const [list, handovers] = await Promise.all([this.referrals().referralsActiveSince(windows.previousDayFrom), this.handovers.handoversSince(windows.previousDayFrom)]);
    const fromEdt = new Set(
      handovers
        .filter((h) => h.status === 'accepted' && h.from.kind === 'team' && h.from.team === 'edt' && h.to.kind === 'team' && h.to.team === 'daytime')
        .flatMap((h) => h.items.map((i) => i.referralId)),
    );
    // A sheet for a past day shows what was known then: nothing received after that day's meeting.
    const dayEnd = new Date(windows.newFrom.getTime() + 48 * 3_600_000);
    const relevant = list.filter((r) => r.receivedAt < dayEnd);
    return {
      referrals: new Map(relevant.map((r) => [r.id, r])),
      sheetReferrals: relevant.map((r) => ({
        referralId: r.id,
        receivedAt: r.receivedAt,
        closedAt: r.closedAt,
        outcome: r.outcome,
        reviewerId: r.reviewerId,
        allocatedAmhpId: r.allocatedAmhpId,
        handedOverByEdt: fromEdt.has(r.id),
      })),
    };
  }

  /** The sheet for a day: created as a draft from the referrals on first opening; a draft picks up new referrals. */
  async load(ctx: ServiceContext, rawDate: unknown): Promise<AllocationSheet> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the allocation sheet');
    const date = parseInput(isoDateSchema, rawDate);
    const existing = await this.repository.findSheet(this.db, date);
    if (existing?.status === 'finalised') return existing;
    const hours = await this.hours.context();
    const { sheetReferrals } = await this.sheetReferrals(date);
    if (!existing) {
      const draft = draftSheet(date, sheetReferrals, hours.config, hours.bankHolidays);
      await inTransaction(this.db, async (trx) => {
        await this.repository.insertSheet(trx, draft);
        await this.audit.record(trx, ctx, { action: 'allocation_sheet_created', entityType: 'allocation_sheet', entityId: date, summary: { entries: draft.entries.length } });
      });
      return (await this.repository.findSheet(this.db, date)) ?? draft;
    }
    const added = addMissingEntries(existing, buildSheetEntries(date, sheetReferrals, hours.config, hours.bankHolidays));
    if (added.ok && added.value.version !== existing.version) {
      await inTransaction(this.db, async (trx) => {
        await this.repository.saveSheet(trx, added.value, existing.version, this.clock.now());
      });
      return (await this.repository.findSheet(this.db, date)) ?? added.value;
    }
    return existing;
  }

  async view(ctx: ServiceContext, rawDate: unknown): Promise<SheetView> {
    const sheet = await this.load(ctx, rawDate);
    const [names, hours, shifts, { referrals }] = await Promise.all([PeopleNames.load(this.staff), this.hours.context(), this.rota.shiftsOn(sheet.date), this.sheetReferrals(sheet.date)]);
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'allocation_sheet_viewed', entityType: 'allocation_sheet', entityId: sheet.date }));
    const grouped = entriesBySection(sheet);
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
      };
    };
    const onDuty = shifts.filter((s) => s.status === 'planned' && s.kind === 'daytime');
    return {
      sheet,
      date: sheet.date,
      previousWorkingDay: sheetWindows(sheet.date, hours.config, hours.bankHolidays).previousWorkingDay,
      sections: SECTION_ORDER.map((key) => ({ key, title: SECTION_TITLES[key], entries: grouped[key].map(entryView) })),
      attendees: sheet.attendees.map((a) => ({ ...a, name: names.name(a.personId) })),
      amendments: sheet.amendments.map((a) => ({ ...a, byName: names.name(a.by) })),
      finalisedByName: sheet.finalisedBy ? names.name(sheet.finalisedBy) : null,
      onDutyAmhps: onDuty.map((s) => ({ id: s.personId, name: names.name(s.personId) })),
      referralsAvailable: this.referrals().available,
    };
  }

  /** Applies a domain change to the stored sheet, guarded by the version the user read. */
  private async change(ctx: ServiceContext, date: IsoDate, action: string, apply: (sheet: AllocationSheet) => Outcome<AllocationSheet>, field = 'form', before?: (sheet: AllocationSheet) => Promise<string[]>): Promise<string[]> {
    const current = await this.load(ctx, date);
    const outcome = apply(current);
    if (!outcome.ok) throw refusalError(outcome, field);
    if (current.version !== (await this.repository.findSheet(this.db, date))?.version) {
      throw new ConflictError('Someone else changed this allocation sheet at the same time. Your change was not saved: the sheet below shows the current state.');
    }
    // The referral is allocated first (version-checked by the referrals service): if that loses a race, the sheet is not changed.
    const extra = before ? await before(outcome.value) : [];
    await inTransaction(this.db, async (trx) => {
      if ((await this.repository.saveSheet(trx, outcome.value, current.version, this.clock.now())) !== 1) {
        throw new ConflictError('Someone else changed this allocation sheet at the same time. Your change was not saved: the sheet below shows the current state.');
      }
      await this.audit.record(trx, ctx, { action, entityType: 'allocation_sheet', entityId: date, summary: { version: outcome.value.version } });
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return [...outcome.warnings, ...extra];
  }

  async recordAttendance(ctx: ServiceContext, date: IsoDate, form: Record<string, unknown>): Promise<string[]> {
    requireRole(ctx.actor, DUTY_ROLES.sheetEdit, 'record attendance');
    const input = parseInput(attendanceSchema, Array.isArray(form.attendees) && typeof form.attendees[0] === 'object' ? form : attendeesFromForm(form));
    const warnings = await this.change(ctx, date, 'allocation_sheet_attendance', (s) => recordAttendance(s, input.attendees, input.expectedVersion));
    if (typeof form.challenges === 'string') {
      const sheet = await this.load(ctx, date);
      await this.change(ctx, date, 'allocation_sheet_challenges', (s) => recordChallenges(s, String(form.challenges), sheet.version));
    }
    return warnings;
  }

  /** The Lead's decision for one referral; an allocation also goes to the referral (version-checked there). */
  async decide(ctx: ServiceContext, date: IsoDate, raw: unknown): Promise<string[]> {
    requireRole(ctx.actor, DUTY_ROLES.sheetAllocate, 'allocate referrals');
    const input = parseInput(allocationDecisionSchema, raw);
    const onDuty = await this.onDutyIds(date);
    const referral = await this.referrals().get(input.referralId);
    return this.change(
      ctx,
      date,
      'allocation_decided',
      (s) => decideAllocation(s, { referralId: input.referralId, decision: input.decision, plan: input.plan, onDutyAmhpIds: onDuty, expectedVersion: input.expectedVersion }),
      input.decision.kind === 'allocated' && input.decision.overrideReason === null ? 'amhpId' : 'form',
      async (sheet) => this.pushAllocation(ctx, sheet, input.referralId, referral, referralVersionOf(raw)),
    );
  }

  /** Allocation goes to the referral itself once the Lead has decided it needs an assessment. */
  private async pushAllocation(ctx: ServiceContext, sheet: AllocationSheet, referralId: string, referral: DutyReferral | undefined, expectedReferralVersion: number | undefined): Promise<string[]> {
    const entry = sheet.entries.find((e) => e.referralId === referralId);
    if (!referral || entry?.decision?.kind !== 'allocated' || referral.allocatedAmhpId === entry.decision.amhpId) return [];
    if (!ALLOCATABLE.has(referral.status)) {
      return [`${referral.reference} is recorded on the sheet only: record the decision to proceed on the referral before it can be allocated`];
    }
    await this.referrals().allocate(ctx, referralId, entry.decision.amhpId, expectedReferralVersion ?? referral.version, entry.decision.overrideReason);
    return [];
  }

  async finalise(ctx: ServiceContext, date: IsoDate, raw: unknown): Promise<string[]> {
    requireRole(ctx.actor, DUTY_ROLES.sheetFinalise, 'finalise the allocation sheet');
    const { expectedVersion } = parseInput(finaliseSheetSchema, raw);
    return this.change(ctx, date, 'allocation_sheet_finalised', (s) => finaliseSheet(s, ctx.actor.personId, this.clock.now(), expectedVersion));
  }

  async amend(ctx: ServiceContext, date: IsoDate, raw: unknown): Promise<string[]> {
    requireRole(ctx.actor, DUTY_ROLES.sheetAllocate, 'amend the allocation sheet');
    const input = parseInput(amendAllocationSchema, raw);
    const onDuty = await this.onDutyIds(date);
    const referral = await this.referrals().get(input.referralId);
    return this.change(
      ctx,
      date,
      'allocation_sheet_amended',
      (s) => amendSheet(s, { by: ctx.actor.personId, at: this.clock.now(), reason: input.reason, change: { kind: 'decision', referralId: input.referralId, decision: input.decision }, onDutyAmhpIds: onDuty, expectedVersion: input.expectedVersion }),
      'reason',
      async (sheet) => this.pushAllocation(ctx, sheet, input.referralId, referral, referralVersionOf(raw)),
    );
  }

  private async onDutyIds(date: IsoDate): Promise<Set<string>> {
    const shifts = await this.rota.shiftsOn(date);
    return new Set(shifts.filter((s) => s.status === 'planned').map((s) => s.personId));
  }

  async recent(): Promise<Array<{ sheetDate: string; status: string; finalisedAt: Date | null }>> {
    return this.repository.recentSheets(this.db);
  }
}

export const ATTENDEE_ROLE_OPTIONS = attendeeRoleSchema.options;
