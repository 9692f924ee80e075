// The safety part of the fictional demo service: two AMHPs out now (one overdue and already
// alerted), a lone visit, a working day running long, claims pending and approved, an overdue
// debrief, and a default escalation ladder for the daytime and EDT teams (01632 960xxx numbers).

import { inTransaction } from '../../db/database.js';
import type { DemoIds } from '../../platform/http/module.js';
import type { Services } from '../../services.js';
import { policyKey } from './safety-service.js';
import { addMinutes } from '../../platform/london-time.js';

export async function seedSafetyDemo(services: Services, ids: DemoIds): Promise<void> {
  const now = services.clock.now();
  const p = (key: string): string => ids.people[key] ?? '';
  const names = new Map((await services.db.selectFrom('people').select(['id', 'name']).execute()).map((r) => [r.id, r.name]));
  const step = (roleLabel: string, key: string | null, contactNumber: string) => ({
    roleLabel,
    personId: key ? p(key) : null,
    personLabel: key ? (names.get(p(key)) ?? null) : null,
    contactNumber,
  });
  const ladders = {
    daytime: {
      graceMinutes: 15,
      stepIntervalMinutes: 15,
      alarmStepIntervalMinutes: 5,
      ladder: [step('AMHP Lead', 'lead', '01632 960201'), step('AMHP operational manager', 'manager', '01632 960202'), step('Head of service', null, '01632 960203')],
    },
    edt: {
      graceMinutes: 15,
      stepIntervalMinutes: 15,
      alarmStepIntervalMinutes: 5,
      ladder: [step('EDT on-call manager', 'edtManager', '01632 960211'), step('AMHP operational manager', 'manager', '01632 960202'), step('Head of service', null, '01632 960203')],
    },
  };

  await inTransaction(services.db, async (trx) => {
    for (const [team, policy] of Object.entries(ladders)) {
      const teamId = ids.teams[team];
      if (!teamId) continue;
      await trx.insertInto('settings').values({ key: policyKey(teamId), value: JSON.stringify(policy), updatedBy: p('admin') }).onConflict((oc) => oc.doNothing()).execute();
    }

    const visit = async (key: string, v: { place: string; companions: Array<{ kind: string; name: string | null }>; aloneReason?: string; startedMinutesAgo: number; finishInMinutes: number; team: string; referral?: string }) => {
      const row = await trx
        .insertInto('safetyVisits')
        .values({
          amhpId: p(key),
          teamId: ids.teams[v.team] ?? null,
          place: v.place,
          referralId: null,
          referralReference: v.referral ?? null,
          companions: JSON.stringify(v.companions),
          aloneReason: v.aloneReason ?? null,
          phone: `07700 900${String(100 + names.size).slice(-3)}`,
          startedAt: addMinutes(now, -v.startedMinutesAgo),
          expectedFinishAt: addMinutes(now, v.finishInMinutes),
          status: 'out',
          extensions: '[]',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    await visit('amhp', { place: '27 Fennel Row, Brackenford (home visit)', companions: [{ kind: 'police', name: null }, { kind: 'other_professional', name: 'Dr Imelda Sørensen, section 12 doctor' }], startedMinutesAgo: 50, finishInMinutes: 70, team: 'daytime', referral: 'AMHP-DEMO-0142' });
    await visit('amhp3', { place: 'Ashdown General Hospital, ward 7 (contained setting)', companions: [], aloneReason: 'Assessment on a ward with nursing staff present', startedMinutesAgo: 30, finishInMinutes: 45, team: 'daytime' });
    // Overdue by 40 minutes: the lead was alerted 25 minutes ago and has not yet acknowledged.
    const overdueId = await visit('amhp2', { place: '4 Larch Close, Corrington', companions: [{ kind: 'colleague', name: 'Rhiannon Quayle' }], startedMinutesAgo: 160, finishInMinutes: -40, team: 'daytime', referral: 'AMHP-DEMO-0139' });
    const expected = addMinutes(now, -40);
    const episode = `overdue@${expected.toISOString()}`;
    await trx
      .insertInto('safetyEscalationRecords')
      .values({ key: `${overdueId}:${episode}:0`, visitId: overdueId, episodeKey: episode, trigger: 'overdue', kind: 'alert', stepIndex: 0, step: JSON.stringify(ladders.daytime.ladder[0]), standDownReason: null, notifyStepIndexes: null, at: addMinutes(now, -25) })
      .execute();
    // Finished earlier today, with a clean trail.
    await trx
      .insertInto('safetyVisits')
      .values({ amhpId: p('amhp4'), teamId: ids.teams.daytime ?? null, place: 'Brackenford police station (section 136 suite)', referralId: null, referralReference: null, companions: JSON.stringify([{ kind: 'police', name: null }]), aloneReason: null, phone: '07700 900555', startedAt: addMinutes(now, -300), expectedFinishAt: addMinutes(now, -200), status: 'finished_safe', extensions: '[]', finishedAt: addMinutes(now, -210), reportedFinish: 'safe' })
      .execute();

    // An EDT AMHP on a long shift: started 15 hours ago, no plan yet.
    await trx.insertInto('safetyWorkingDays').values({ amhpId: p('edt'), kind: 'edt', startedAt: addMinutes(now, -15 * 60 - 10), endedAt: null, plans: '[]' }).execute();

    const claim = async (key: string, daysAgo: number, hours: number, reason: 'late_referral' | 'section_12_doctor' | 'bed_delay' | 'complex_assessment' | 'transport_delay' | 'other', status: 'submitted' | 'approved', compensation: 'toil' | 'payment' | null, decider: string | null) => {
      const end = addMinutes(now, -daysAgo * 24 * 60);
      await trx
        .insertInto('safetyHoursClaims')
        .values({
          amhpId: p(key),
          startAt: addMinutes(end, -hours * 60),
          endAt: end,
          reason,
          reasonDetail: null,
          referralId: null,
          referralReference: null,
          submittedAt: addMinutes(end, 60),
          status,
          compensation,
          decidedBy: decider ? p(decider) : null,
          decidedAt: decider ? addMinutes(end, 24 * 60) : null,
          declineReason: null,
        })
        .execute();
    };
    await claim('amhp', 2, 2.5, 'bed_delay', 'submitted', null, null);
    await claim('amhp', 9, 3, 'section_12_doctor', 'approved', 'toil', 'linemanager');
    await claim('amhp2', 4, 1.5, 'late_referral', 'submitted', null, null);
    await claim('amhp3', 12, 4, 'complex_assessment', 'approved', 'payment', 'manager');
    await claim('lead', 20, 2, 'transport_delay', 'approved', 'toil', 'manager');
    await claim('edt', 35, 3.5, 'bed_delay', 'approved', 'toil', 'edtManager');

    await trx
      .insertInto('safetyDebriefs')
      .values({ amhpId: p('amhp2'), requestedBy: p('lead'), requestedAt: addMinutes(now, -10 * 24 * 60), referralId: null, referralReference: 'AMHP-DEMO-0120', reason: 'Assessment ended in a restraint by police in the family home', status: 'requested' })
      .execute();
    await trx
      .insertInto('safetyDebriefs')
      .values({ amhpId: p('amhp'), requestedBy: p('amhp'), requestedAt: addMinutes(now, -2 * 24 * 60), referralId: null, referralReference: null, reason: 'Threats made during the assessment', status: 'requested' })
      .execute();
  });
}
