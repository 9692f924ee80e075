/**
 * Demo story for the standards toolkit (fictional): Brackenford's baseline evaluation a year
 * ago, closed, with all 28 standards agreed (daytime and EDT differ on lone working and on
 * 24-hour support), its development plan (some actions done, some overdue), and the repeat
 * evaluation now in its meeting, started from the baseline.
 */
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { addDays, londonDate } from '../../platform/london-time.js';
import type { DemoIds } from '../../platform/module.js';
import type { Actor } from '../../platform/roles.js';
import type { ParticipantPerspective } from './evaluation.js';
import { STANDARD_NUMBERS, type StandardNumber } from './standards-catalogue.js';
import type { StandardsStaff } from './standards-ports.js';
import type { Effectiveness, ExtentMet, RiskLevel } from './standards-scales.js';
import type { StandardsService } from './standards-service.js';

/** What the demo story is told with: the module's services, the people, and the clock. */
export interface StandardsDemoDeps {
  standards: StandardsService;
  staff: StandardsStaff;
  clock: Clock;
}

interface DemoJudgement {
  extent?: ExtentMet;
  parts?: [ExtentMet, ExtentMet, string];
  effectiveness: Effectiveness;
  risk: [RiskLevel, RiskLevel, RiskLevel];
  evidence?: string;
  plan?: string;
}

const BASELINE: Partial<Record<StandardNumber, DemoJudgement>> = {
  '1.1': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['medium', 'medium', 'high'], evidence: 'Quarterly AMHP activity report to the DASS (not to the trust board)', plan: 'Add AMHP activity to the trust board quarterly report' },
  '1.2': { extent: 'met', effectiveness: 'effective', risk: ['low', 'low', 'low'], evidence: 'AMHP Lead attends the national AMHP Leads Network' },
  '1.3': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['high', 'medium', 'medium'], evidence: 'AMHP register kept on a spreadsheet by the Lead AMHP', plan: 'Workforce plan for AMHP succession' },
  '2.1': { parts: ['met', 'partly_met', 'EDT AMHPs have no out-of-hours legal advice line'], effectiveness: 'partly_effective', risk: ['high', 'high', 'medium'], evidence: '24-hour support protocol (daytime only names a manager)', plan: 'Agree out-of-hours legal advice with the council legal team' },
  '2.2': { extent: 'not_met', effectiveness: 'not_effective', risk: ['medium', 'high', 'high'], evidence: 'Activity data collected on paper forms by EDT', plan: 'One activity record across 24 hours' },
  '2.5': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['high', 'high', 'medium'], evidence: 'Escalation plan for high demand (draft)' },
  '3.4': { extent: 'not_met', effectiveness: 'not_effective', risk: ['medium', 'medium', 'high'], evidence: 'Workforce profile not compared with the community served', plan: 'Compare the AMHP workforce profile with census data' },
  '4.1': { parts: ['met', 'not_met', 'EDT AMHPs still attend some assessments alone at night'], effectiveness: 'partly_effective', risk: ['high', 'high', 'high'], evidence: 'Lone working policy 2023', plan: 'No AMHP attends alone: second worker on call for EDT' },
  '4.2': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['medium', 'medium', 'low'], evidence: 'TOIL policy (does not cover overtime past midnight)' },
  '4.4': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['high', 'medium', 'medium'], evidence: 'Supervision policy; debriefs happen informally', plan: 'Structured debrief after every detention' },
  '5.4': { extent: 'not_met', effectiveness: 'not_effective', risk: ['medium', 'high', 'medium'], evidence: 'All current AMHPs are social workers', plan: 'Open AMHP training to nurses and OTs' },
  '6.2': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['medium', 'medium', 'medium'], evidence: 'Leaflet for people assessed (English only)' },
};

/** In the repeat, some standards have moved: 4.1 now met by both parts, 2.2 partly met, 5.4 worse on risk. */
const REPEAT: Partial<Record<StandardNumber, DemoJudgement>> = {
  '1.1': { extent: 'met', effectiveness: 'effective', risk: ['low', 'low', 'medium'] },
  '1.2': { extent: 'met', effectiveness: 'effective', risk: ['low', 'low', 'low'] },
  '1.3': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['high', 'high', 'medium'] },
  '1.4': { extent: 'met', effectiveness: 'effective', risk: ['low', 'low', 'low'] },
  '2.1': { parts: ['met', 'met', 'Legal advice line now covers nights'], effectiveness: 'effective', risk: ['low', 'low', 'low'] },
  '2.2': { extent: 'partly_met', effectiveness: 'partly_effective', risk: ['medium', 'medium', 'medium'] },
  '4.1': { parts: ['met', 'met', 'Second worker on call for EDT since spring'], effectiveness: 'effective', risk: ['medium', 'low', 'low'] },
};

const DEFAULT: DemoJudgement = { extent: 'met', effectiveness: 'effective', risk: ['low', 'low', 'low'] };

async function actorFor(staff: StandardsStaff, personId: string | undefined): Promise<ServiceContext | null> {
  if (!personId) return null;
  const person = await staff.findPerson(personId);
  if (!person) return null;
  const actor: Actor = { personId: person.id, name: person.name, email: person.email, roles: person.roles, organisationId: person.employingOrganisationId, teamId: person.teamId };
  return { actor, requestId: 'demo-seed' };
}

async function record(standards: StandardsService, ctx: ServiceContext, evaluationId: string, number: StandardNumber, judgement: DemoJudgement, withEvidence: boolean): Promise<void> {
  const current = await standards.records.get(ctx, evaluationId, number);
  await standards.records.save(ctx, evaluationId, number, {
    expectedVersion: current.version,
    extentMet: judgement.parts ? null : (judgement.extent ?? null),
    partPositions: judgement.parts
      ? [
          { partKey: 'daytime', extentMet: judgement.parts[0], note: judgement.parts[0] === 'met' ? '' : judgement.parts[2] },
          { partKey: 'edt', extentMet: judgement.parts[1], note: judgement.parts[1] === 'met' ? '' : judgement.parts[2] },
        ]
      : [],
    ...(withEvidence
      ? { evidence: judgement.evidence ? [{ kind: 'policy' as const, description: judgement.evidence, whereToFind: 'AMHP service shared drive' }] : [{ kind: 'practice_example' as const, description: 'Examples given by AMHPs in the meeting', whereToFind: '' }] }
      : {}),
    effectiveness: judgement.effectiveness,
    planNotes: judgement.plan ?? '',
    risk: { amhps: judgement.risk[0], service: judgement.risk[1], organisation: judgement.risk[2] },
    agreedByGroup: true,
  });
}

export async function seedStandardsDemo({ standards, staff, clock }: StandardsDemoDeps, ids: DemoIds): Promise<void> {
  const chair = await actorFor(staff, ids.people.manager);
  const service = ids.organisations.brackenford;
  if (!chair || !service) return;
  const today = londonDate(clock.now());
  const baselineDate = addDays(today, -365);
  const p = ids.people;
  const demoParticipants: Array<{ personId: string | undefined; represents: ParticipantPerspective[]; attending: boolean }> = [
    { personId: p.amhp, represents: ['daytime'], attending: true },
    { personId: p.edt, represents: ['out_of_hours'], attending: true },
    { personId: p.edtManager, represents: ['management', 'out_of_hours'], attending: true },
    { personId: p.leadAmhp, represents: ['management'], attending: true },
    { personId: p.director, represents: ['council'], attending: false },
  ];
  const participants = demoParticipants.flatMap((x) => (x.personId ? [{ ...x, personId: x.personId }] : []));

  const baseline = await standards.setup.create(chair, {
    serviceId: service,
    evaluationDate: baselineDate,
    chairPersonId: chair.actor.personId,
    noteTakerPersonId: p.lead,
    participants,
  });
  const baselineId = baseline.evaluation.id;
  await standards.evaluations.transition(chair, baselineId, { event: 'start_meeting' });
  for (const number of STANDARD_NUMBERS) await record(standards, chair, baselineId, number, BASELINE[number] ?? DEFAULT, true);
  const actions: Array<[StandardNumber, string, string, number, 'done' | 'in_progress' | null]> = [
    ['4.1', 'Second AMHP or EDT worker on call for every out-of-hours assessment', 'EDT service manager', 120, 'done'],
    ['2.1', 'Out-of-hours legal advice agreed with the council legal team', 'Head of legal services', 90, 'done'],
    ['2.2', 'Single AMHP activity record across daytime and EDT', 'AMHP operational manager', 180, 'in_progress'],
    ['1.3', 'AMHP workforce and succession plan to the DASS', 'Lead AMHP', 150, null],
    ['5.4', 'Open AMHP training to nurses and occupational therapists', 'Principal social worker', 270, 'in_progress'],
    ['3.4', 'Compare the AMHP workforce profile with the community served', 'AMHP Lead', 200, null],
    ['4.4', 'Structured debrief offered after every detention', 'AMHP Lead', 420, null],
    ['1.1', 'AMHP activity in the trust board quarterly report', 'AMHP operational manager', 60, 'done'],
  ];
  const actionIds: string[] = [];
  for (const [number, description, owner, days] of actions) {
    actionIds.push((await standards.records.addAction(chair, baselineId, { standardNumber: number, description, owner, targetDate: addDays(baselineDate, days) })).id);
  }
  await standards.evaluations.transition(chair, baselineId, { event: 'circulate' });
  const amhp = await actorFor(staff, p.amhp);
  if (amhp) await standards.evaluations.addComment(amhp, baselineId, { standardNumber: '4.1', text: 'Agree with the EDT position: night visits alone still happen about once a month.' });
  await standards.evaluations.transition(chair, baselineId, { event: 'close' });
  for (const [i, [, , , , status]] of actions.entries()) {
    const id = actionIds[i];
    if (!id || status === null) continue;
    await standards.plan.changeStatus(chair, id, { status: 'in_progress', note: '' });
    await standards.plan.addNote(chair, id, { note: 'Discussed at the AMHP governance meeting; work under way.' });
    if (status === 'done') await standards.plan.changeStatus(chair, id, { status: 'done', note: 'Confirmed at the governance meeting' });
  }

  // The repeat: in its meeting now, started from the baseline (evidence and open actions carried forward).
  const repeat = await standards.setup.create(chair, {
    serviceId: service,
    evaluationDate: today,
    chairPersonId: chair.actor.personId,
    noteTakerPersonId: p.lead,
    participants,
    baselineEvaluationId: baselineId,
  });
  const repeatId = repeat.evaluation.id;
  const edt = await actorFor(staff, p.edt);
  if (edt) await standards.setup.addEarlyThought(edt, repeatId, { standardNumber: '4.1', text: 'Second worker on call has made nights much safer.', gatheredFrom: 'Two EDT AMHPs on leave on the day' });
  await standards.evaluations.transition(chair, repeatId, { event: 'start_meeting' });
  for (const [number, judgement] of Object.entries(REPEAT) as Array<[StandardNumber, DemoJudgement]>) {
    await record(standards, chair, repeatId, number, judgement, false);
  }
}
