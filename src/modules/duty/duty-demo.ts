import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import { addDays, londonDate, londonInstant } from '../../platform/london-time.js';
import type { DemoIds } from '../../platform/module.js';
import { ROLES, type Role } from '../../platform/roles.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import { daysOfMonth, monthOf } from './duty-calendar.js';
import type { DutyStaff } from './duty-people.js';
import type { DutyAudit } from './duty-platform-port.js';
import type { DutyDb, DutyRepository } from './duty-repository.js';
import type { DutyService } from './duty-service.js';
import { acceptanceDeadline, createHandover } from './handover.js';
import { standardShiftTimes, type DutyShift } from './rota.js';

export interface DutyDemoDeps {
  db: DutyDb;
  clock: Clock;
  audit: DutyAudit;
  staff: DutyStaff;
  eligibility: AmhpEligibility;
  calendar: Pick<CalendarService, 'calendar'>;
  duty: DutyService;
  repository: DutyRepository;
}

/** This month's and next month's rota, sheets, handovers and a sickness with back-up, relative to now. */
export async function seedDutyDemo(deps: DutyDemoDeps, ids: DemoIds): Promise<void> {
  const { duty, repository } = deps;
  const now = deps.clock.now();
  const today = londonDate(now);
  const everyone = await deps.staff.peopleWithRole(ROLES);
  const ctxFor = (personId: string | undefined): ServiceContext => {
    const p = everyone.find((person) => person.id === personId);
    if (!p) throw new Error('demo person missing');
    return { actor: { personId: p.id, name: p.name, email: p.email, roles: p.roles as Role[], organisationId: p.employingOrganisationId, teamId: p.teamId }, requestId: 'demo-seed' };
  };
  const support = ctxFor(ids.people.support);
  const manager = ctxFor(ids.people.manager);
  const lead = ctxFor(ids.people.lead);
  const { config, bankHolidays } = await duty.hours.context();

  // Eligible AMHPs from every employer, daytime and EDT pools.
  const amhps = everyone.filter((p) => p.roles.includes('amhp') && p.active);
  const eligible: typeof amhps = [];
  for (const p of amhps) if ((await deps.eligibility.mayAct(p.id, null, today)).eligible) eligible.push(p);
  const edtPool = eligible.filter((p) => p.roles.includes('edt_officer'));
  const dayPool = eligible.filter((p) => !p.roles.includes('edt_officer') && p.id !== ids.people.leadAmhp);
  if (dayPool.length < 4 || edtPool.length < 2) return;

  const month = monthOf(today);
  const next = monthOf(addDays(`${month}-28`, 7));
  const dates = [...daysOfMonth(month), ...daysOfMonth(next)];
  let d = 0;
  let e = 0;
  const shifts: Array<{ date: string; kind: 'daytime' | 'edt'; personId: string; start: Date; end: Date }> = [];
  for (const date of dates) {
    const daytime = standardShiftTimes(date, 'daytime', config, bankHolidays);
    if (daytime) {
      const picks = date === today ? [ids.people.amhp ?? '', ids.people.lead ?? '', dayPool[0]?.id ?? ''] : [dayPool[d++ % dayPool.length]?.id ?? '', dayPool[d++ % dayPool.length]?.id ?? ''];
      for (const personId of new Set(picks)) if (personId) shifts.push({ date, kind: 'daytime', personId, ...daytime });
    }
    const edt = standardShiftTimes(date, 'edt', config, bankHolidays);
    const edtPerson = date === today ? (ids.people.edt ?? '') : (edtPool[e++ % edtPool.length]?.id ?? '');
    if (edt && edtPerson) shifts.push({ date, kind: 'edt', personId: edtPerson, ...edt });
  }
  let todaySickShiftId: string | null = null;
  await inTransaction(deps.db, async (trx) => {
    // A shift is skipped when the person already has one overlapping it (in the database, or
    // placed earlier in this loop). The database's shifts are read once, for the two months and
    // a day either side (a shift lasts less than a day), and the rota inserted in one statement.
    const first = dates[0] ?? today;
    const last = dates[dates.length - 1] ?? today;
    const placed: DutyShift[] = await repository.shiftsBetween(trx, addDays(first, -2), addDays(last, 2));
    const rota: DutyShift[] = [];
    for (const s of shifts) {
      if (placed.some((p) => p.personId === s.personId && p.start < s.end && p.end > s.start)) continue;
      const shift: DutyShift = { ...s, id: randomUUID(), status: 'planned', coversShiftId: null, reportWritingDay: s.kind === 'daytime' && s.date.endsWith('5') ? addDays(s.date, 1) : null };
      placed.push(shift);
      rota.push(shift);
      if (s.date === today && s.kind === 'daytime' && s.personId === dayPool[0]?.id) todaySickShiftId = shift.id;
    }
    await repository.insertShifts(trx, rota, support.actor.personId);
    for (const [i, p] of [...dayPool, ...edtPool].entries()) await repository.upsertAgreement(trx, p.id, 1 + (i % 4), now);
  });

  // Sickness today: the operational manager puts a back-up AMHP on the same hours.
  const backup = dayPool.find((p, i) => i > 0 && !shifts.some((s) => s.date === today && s.personId === p.id));
  if (todaySickShiftId && backup) {
    await duty.rota.recordSickness(manager, todaySickShiftId, { backupPersonId: backup.id, note: 'Reported sick at 08:10' }).catch(() => undefined);
  }

  // Allocation sheets: the previous working day finalised, today's as a draft.
  const calendar = await deps.calendar.calendar();
  const previous = calendar.previousWorkingDay(today);
  const prevSheet = await duty.sheets.load(lead, previous);
  const attendees = [
    { personId: ids.people.lead ?? '', role: 'amhp-lead' as const },
    { personId: ids.people.amhp ?? '', role: 'amhp' as const },
    { personId: ids.people.support ?? '', role: 'support' as const },
  ].filter((a) => a.personId);
  await duty.sheets.recordAttendance(lead, previous, { attendees, challenges: undefined, version: prevSheet.version }).catch(() => undefined);
  const afterAttendance = await duty.sheets.load(lead, previous);
  await duty.sheets.finalise(lead, previous, { version: afterAttendance.version }).catch(() => undefined);
  await duty.sheets.load(lead, today);

  // Handovers: one accepted last night (daytime → EDT), one sent and awaiting acceptance.
  const open = duty.referralsAvailable ? await duty.board.build(lead) : null;
  const referralIds = open ? [...open.unallocated, ...open.amhps.flatMap((a) => a.allocations), ...open.allocatedOffDuty].map((r) => r.referralId) : [];
  const first = referralIds[0];
  const second = referralIds[1] ?? referralIds[0];
  if (!first || !second) return;
  const accepted = createHandover({
    id: randomUUID(),
    from: { kind: 'team', team: 'daytime' },
    to: { kind: 'team', team: 'edt' },
    sentBy: ids.people.amhp ?? '',
    sentAt: londonInstant(previous, '16:50'),
    items: [{ referralId: first, done: 'Referral reviewed; GP and section 12 doctor contacted', outstanding: 'Assessment to be arranged once a bed is identified', contingency: 'If the person leaves the ward, contact police and EDT manager', warrantApplication: false, warrantReason: null }],
    documentsSent: ['Referral form', 'Risk summary'],
  });
  const awaiting = createHandover({
    id: randomUUID(),
    from: { kind: 'team', team: 'daytime' },
    to: { kind: 'team', team: 'edt' },
    sentBy: ids.people.lead ?? '',
    sentAt: new Date(now.getTime() - 20 * 60_000),
    items: [{ referralId: second, done: 'Nearest relative informed; doctors booked', outstanding: 'Interview and application', contingency: 'Crisis team to visit if assessment cannot go ahead', warrantApplication: false, warrantReason: null }],
    documentsSent: ['Referral form'],
  });
  await inTransaction(deps.db, async (trx) => {
    if (accepted.ok) {
      const id = await repository.insertHandover(trx, { ...accepted.value, status: 'accepted', acceptedBy: ids.people.edt ?? null, acceptedAt: londonInstant(previous, '17:10') }, acceptanceDeadline(accepted.value, config, bankHolidays));
      await deps.audit(trx, { actor: null, requestId: 'demo-seed' }, { action: 'handover_sent', entityType: 'handover', entityId: id });
    }
    if (awaiting.ok) await repository.insertHandover(trx, awaiting.value, acceptanceDeadline(awaiting.value, config, bankHolidays));
  });
}
