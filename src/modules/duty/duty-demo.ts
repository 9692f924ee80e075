import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { DemoIds } from '../../platform/http/module.js';
import type { Role } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import { DutyRepository } from './duty-repository.js';
import { addDays, daysOfMonth, londonDate, londonInstant, monthOf } from './duty-time.js';
import { acceptanceDeadline, createHandover } from './handover.js';
import { standardShiftTimes } from './rota.js';

async function ctxFor(services: Services, personId: string | undefined): Promise<ServiceContext> {
  const p = personId ? await services.staff.findPerson(personId) : undefined;
  if (!p) throw new Error('demo person missing');
  return { actor: { personId: p.id, name: p.name, email: p.email, roles: p.roles as Role[], organisationId: p.employingOrganisationId, teamId: p.teamId }, requestId: 'demo-seed' };
}

/** This month's and next month's rota, sheets, handovers and a sickness with back-up, relative to now. */
export async function seedDutyDemo(services: Services, ids: DemoIds): Promise<void> {
  const now = services.clock.now();
  const today = londonDate(now);
  const support = await ctxFor(services, ids.people.support);
  const manager = await ctxFor(services, ids.people.manager);
  const lead = await ctxFor(services, ids.people.lead);
  const { config, bankHolidays } = await services.duty.hours.context();
  const repository = new DutyRepository();

  // Eligible AMHPs from every employer, daytime and EDT pools.
  const people = await services.staff.peopleWithRole(['amhp']);
  const eligible: typeof people = [];
  for (const p of people) if ((await services.eligibility.mayAct(p.id, null, today)).eligible) eligible.push(p);
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
  await inTransaction(services.db, async (trx) => {
    for (const s of shifts) {
      const existing = await repository.personShiftsAround(trx, s.personId, s.start, s.end);
      if (existing.length) continue;
      const id = await repository.insertShift(trx, { ...s, status: 'planned', coversShiftId: null, reportWritingDay: s.kind === 'daytime' && s.date.endsWith('5') ? addDays(s.date, 1) : null }, support.actor.personId);
      if (s.date === today && s.kind === 'daytime' && s.personId === dayPool[0]?.id) todaySickShiftId = id;
    }
    for (const [i, p] of [...dayPool, ...edtPool].entries()) await repository.upsertAgreement(trx, p.id, 1 + (i % 4), now);
  });

  // Sickness today: the operational manager puts a back-up AMHP on the same hours.
  const backup = dayPool.find((p, i) => i > 0 && !shifts.some((s) => s.date === today && s.personId === p.id));
  if (todaySickShiftId && backup) {
    await services.duty.rota.recordSickness(manager, { shiftId: todaySickShiftId, useBackup: 'yes', backupPersonId: backup.id, note: 'Reported sick at 08:10' }).catch(() => undefined);
  }

  // Allocation sheets: the previous working day finalised, today's as a draft.
  const calendar = await services.calendar.calendar();
  const previous = calendar.previousWorkingDay(today);
  const prevSheet = await services.duty.sheets.load(lead, previous);
  await services.duty.sheets
    .recordAttendance(lead, previous, { attendees: [`${ids.people.lead}|amhp-lead`, `${ids.people.amhp}|amhp`, `${ids.people.support}|support`], expectedVersion: String(prevSheet.version) })
    .catch(() => undefined);
  const afterAttendance = await services.duty.sheets.load(lead, previous);
  await services.duty.sheets.finalise(lead, previous, { expectedVersion: String(afterAttendance.version) }).catch(() => undefined);
  await services.duty.sheets.load(lead, today);

  // Handovers: one accepted last night (daytime → EDT), one sent and awaiting acceptance.
  const open = await (services.duty.referralsAvailable ? services.duty.board.build(lead) : null);
  const referralIds = open ? [...open.unallocated, ...open.amhps.flatMap((a) => a.allocations), ...open.allocatedOffDuty].map((r) => r.referralId) : [];
  const first = referralIds[0];
  const second = referralIds[1] ?? referralIds[0];
  if (!first || !second) return;
  const sentLastNight = londonInstant(previous, '16:50');
  const accepted = createHandover({
    id: 'demo',
    from: { kind: 'team', team: 'daytime' },
    to: { kind: 'team', team: 'edt' },
    sentBy: ids.people.amhp ?? '',
    sentAt: sentLastNight,
    items: [{ referralId: first, done: 'Referral reviewed; GP and section 12 doctor contacted', outstanding: 'Assessment to be arranged once a bed is identified', contingency: 'If the person leaves the ward, contact police and EDT manager', warrantApplication: false, warrantReason: null }],
    documentsSent: ['Referral form', 'Risk summary'],
  });
  const awaiting = createHandover({
    id: 'demo2',
    from: { kind: 'team', team: 'daytime' },
    to: { kind: 'team', team: 'edt' },
    sentBy: ids.people.lead ?? '',
    sentAt: new Date(now.getTime() - 20 * 60_000),
    items: [{ referralId: second, done: 'Nearest relative informed; doctors booked', outstanding: 'Interview and application', contingency: 'Crisis team to visit if assessment cannot go ahead', warrantApplication: false, warrantReason: null }],
    documentsSent: ['Referral form'],
  });
  await inTransaction(services.db, async (trx) => {
    if (accepted.ok) {
      const acceptedAt = londonInstant(previous, '17:10');
      const id = await repository.insertHandover(trx, { ...accepted.value, status: 'accepted', acceptedBy: ids.people.edt ?? null, acceptedAt }, acceptanceDeadline(accepted.value, config, bankHolidays));
      await services.audit.record(trx, { actor: null, requestId: 'demo-seed' }, { action: 'handover_sent', entityType: 'handover', entityId: id });
    }
    if (awaiting.ok) await repository.insertHandover(trx, awaiting.value, acceptanceDeadline(awaiting.value, config, bankHolidays));
  });
}
