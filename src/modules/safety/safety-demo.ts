// The safety part of the fictional demo service: two AMHPs out now (one overdue and already
// alerted), a lone visit, a working day running long, claims pending and approved, an overdue
// debrief, and escalation ladders for the daytime and EDT teams (01632 960xxx numbers).

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { addMinutes } from '../../platform/london-time.js';
import type { DemoIds } from '../../platform/module.js';
import type { AdditionalHoursClaim, AdditionalHoursReason } from './hours/additional-hours.js';
import { HoursRepository } from './hours/hours-repository.js';
import { DebriefsRepository } from './debriefs/debriefs-repository.js';
import { LaddersRepository } from './ladders/ladders-repository.js';
import { type EscalationPolicy, type LadderStep, alertKey, episodeKey } from './ladders/overdue-escalation.js';
import { SafetyPeopleRepository } from './safety-people-repository.js';
import type { SafetyDb } from './safety-tables.js';
import type { Companion, Visit } from './visits/visit.js';
import { VisitsRepository } from './visits/visits-repository.js';

export async function seedSafetyDemo(deps: { db: Kysely<SafetyDb>; clock: Clock }, ids: DemoIds): Promise<void> {
  const now = deps.clock.now();
  const p = (key: string): string => ids.people[key] ?? '';
  const visits = new VisitsRepository();
  const ladders = new LaddersRepository();
  const hours = new HoursRepository();
  const debriefs = new DebriefsRepository();

  await inTransaction(deps.db, async (trx) => {
    const names = await new SafetyPeopleRepository().peopleNames(trx, Object.values(ids.people));
    const step = (roleLabel: string, key: string | null, contactNumber: string): LadderStep => ({
      roleLabel,
      personId: key ? p(key) : null,
      personLabel: key ? (names.get(p(key)) ?? null) : null,
      contactNumber,
    });
    const timings = { graceMinutes: 15, stepIntervalMinutes: 15, alarmStepIntervalMinutes: 5 };
    const policies: Record<string, EscalationPolicy> = {
      daytime: { ...timings, ladder: [step('AMHP Lead', 'lead', '01632 960201'), step('AMHP operational manager', 'manager', '01632 960202'), step('Head of service', null, '01632 960203')] },
      edt: { ...timings, ladder: [step('EDT on-call manager', 'edtManager', '01632 960211'), step('AMHP operational manager', 'manager', '01632 960202'), step('Head of service', null, '01632 960203')] },
    };
    for (const [team, policy] of Object.entries(policies)) {
      const teamId = ids.teams[team];
      if (teamId) await ladders.insertLadder(trx, teamId, policy, p('admin') || null, now);
    }

    const visit = async (key: string, v: { place: string; companions: Companion[]; aloneReason?: string; startedMinutesAgo: number; finishInMinutes: number; referral?: string; finished?: boolean }) => {
      const record: Visit = {
        id: randomUUID(),
        amhpId: p(key),
        place: v.place,
        referralId: null,
        companions: v.companions,
        aloneReason: v.aloneReason ?? null,
        phone: `07700 900${String(100 + names.size).slice(-3)}`,
        startedAt: addMinutes(now, -v.startedMinutesAgo),
        expectedFinishAt: addMinutes(now, v.finishInMinutes),
        status: v.finished ? 'finished_safe' : 'out',
        extensions: [],
        helpRequestedAt: null,
        duressAt: null,
        finishedAt: v.finished ? addMinutes(now, v.finishInMinutes - 10) : null,
        reportedFinish: v.finished ? 'safe' : null,
        alarmResolution: null,
      };
      return visits.insertVisit(trx, record, { teamId: ids.teams.daytime ?? null, referralReference: v.referral ?? null });
    };
    await visit('amhp', {
      place: '27 Fennel Row, Brackenford (home visit)',
      companions: [{ kind: 'police', name: null }, { kind: 'other_professional', name: 'Dr Imelda Sørensen, section 12 doctor' }],
      startedMinutesAgo: 50,
      finishInMinutes: 70,
      referral: 'AMHP-DEMO-0142',
    });
    await visit('amhp3', { place: 'Ashdown General Hospital, ward 7 (contained setting)', companions: [], aloneReason: 'Assessment on a ward with nursing staff present', startedMinutesAgo: 30, finishInMinutes: 45 });
    // Overdue by 40 minutes: the lead was alerted 25 minutes ago and has not yet acknowledged.
    const overdueId = await visit('amhp2', { place: '4 Larch Close, Corrington', companions: [{ kind: 'colleague', name: 'Rhiannon Quayle' }], startedMinutesAgo: 160, finishInMinutes: -40, referral: 'AMHP-DEMO-0139' });
    const episode = episodeKey('overdue', addMinutes(now, -40));
    const firstStep = policies.daytime!.ladder[0]!;
    await ladders.insertRecord(trx, { kind: 'alert', key: alertKey(overdueId, episode, 0), visitId: overdueId, episodeKey: episode, trigger: 'overdue', stepIndex: 0, step: firstStep, at: addMinutes(now, -25) });
    // Finished earlier today, with a clean trail.
    await visit('amhp4', { place: 'Brackenford police station (section 136 suite)', companions: [{ kind: 'police', name: null }], startedMinutesAgo: 300, finishInMinutes: -200, finished: true });

    // An EDT AMHP on a long shift: started 15 hours ago, no plan yet.
    await hours.insertWorkingDay(trx, { id: randomUUID(), amhpId: p('edt'), kind: 'edt', startedAt: addMinutes(now, -15 * 60 - 10), endedAt: null, plans: [] });

    const claim = async (key: string, daysAgo: number, hoursWorked: number, reason: AdditionalHoursReason, status: 'submitted' | 'approved', compensation: 'toil' | 'payment' | null, decider: string | null) => {
      const end = addMinutes(now, -daysAgo * 24 * 60);
      const record: AdditionalHoursClaim = {
        id: randomUUID(),
        amhpId: p(key),
        startAt: addMinutes(end, -hoursWorked * 60),
        endAt: end,
        reason,
        reasonDetail: null,
        referralId: null,
        submittedAt: addMinutes(end, 60),
        status,
        compensation,
        decidedBy: decider ? p(decider) : null,
        decidedAt: decider ? addMinutes(end, 24 * 60) : null,
        decisionRecordedAt: decider ? addMinutes(end, 24 * 60) : null,
        declineReason: null,
      };
      await hours.insertClaim(trx, record, null);
    };
    await claim('amhp', 2, 2.5, 'bed_delay', 'submitted', null, null);
    await claim('amhp', 9, 3, 'section_12_doctor', 'approved', 'toil', 'linemanager');
    await claim('amhp2', 4, 1.5, 'late_referral', 'submitted', null, null);
    await claim('amhp3', 12, 4, 'complex_assessment', 'approved', 'payment', 'manager');
    await claim('lead', 20, 2, 'transport_delay', 'approved', 'toil', 'manager');
    await claim('edt', 35, 3.5, 'bed_delay', 'approved', 'toil', 'edtManager');

    const debrief = (amhp: string, by: string, daysAgo: number, reason: string, referralReference: string | null) =>
      debriefs.insertDebrief(
        trx,
        { id: randomUUID(), amhpId: p(amhp), requestedBy: p(by), requestedAt: addMinutes(now, -daysAgo * 24 * 60), referralId: null, reason, status: 'requested', heldBy: null, heldAt: null, cancelledBy: null, cancelledAt: null, cancelReason: null },
        referralReference,
      );
    await debrief('amhp2', 'lead', 10, 'Assessment ended in a restraint by police in the family home', 'AMHP-DEMO-0120');
    await debrief('amhp', 'amhp', 2, 'Threats made during the assessment', null);
  });
}
