import type { AllocationDecision, AttendeeRole } from '../../../src/modules/duty/allocation-sheet.js';
import type { SheetView } from '../../../src/modules/duty/allocation-sheet-service.js';
import type { HandoverView } from '../../../src/modules/duty/handover-service.js';
import type { HandoverItem, HandoverParty } from '../../../src/modules/duty/handover.js';
import type { ShiftView } from '../../../src/modules/duty/rota-service.js';
import { type IsoDate, instantOf } from '../../../src/platform/london-time.js';
import type { Services } from '../../../src/services.js';
import { TEST_TODAY } from '../test-clock.js';
import { aReferral } from './referral-builders.js';
import { anApprovedAmhp } from './register-builders.js';
import { aPerson, type TestPerson } from './staff-builders.js';

// Builders for the duty day: shifts on the rota, handovers, and an allocation sheet for a day.
// They act through the duty services as the people who would (a business support officer
// plans the rota, the AMHP Lead runs the morning meeting), so what they build passes the
// same rules a person's action would.


function once(make: (services: Services) => Promise<TestPerson>): (services: Services) => Promise<TestPerson> {
  const made = new WeakMap<Services, Promise<TestPerson>>();
  return (services) => {
    const existing = made.get(services);
    if (existing) return existing;
    const person = make(services);
    made.set(services, person);
    return person;
  };
}

/** The business support officer who plans the rota and takes referrals in the builders. */
export const rotaPlanner = once((services) => aPerson('Bea Support').withRoles('business_support').inTeam('daytime').build(services));

/** The AMHP Lead who runs the morning meeting in the builders. */
export const dutyLead = once((services) => aPerson('Lena Lead').withRoles('amhp_lead').inTeam('daytime').build(services));

/** Puts a person with the AMHP role on the register with a five-year Northshire approval from `from`. */
export async function approveForTest(services: Services, person: { id: string }, options: { from?: IsoDate } = {}): Promise<void> {
  await anApprovedAmhp(services, person, { lssa: 'northshire', from: options.from ?? '2025-01-01' });
}

/** A person with the AMHP role (and any others), approved, in a team. */
export async function approvedAmhpForTest(services: Services, name: string, options: { team?: 'daytime' | 'edt'; alsoRoles?: Array<'edt_officer' | 'amhp_lead'> } = {}): Promise<TestPerson> {
  const person = await aPerson(name)
    .withRoles('amhp', ...(options.alsoRoles ?? []))
    .inTeam(options.team ?? 'daytime')
    .build(services);
  await approveForTest(services, person);
  return person;
}

export interface TestReferral {
  id: string;
  reference: string;
  version: number;
}

/**
 * A referral built with `aReferral()` (referral-builders.ts), received 30 minutes ago unless
 * said; optionally decided (proceed unless said), allocated to an AMHP, or closed.
 */
export async function referralForTest(
  services: Services,
  options: { receivedAt?: string; decidedBy?: TestPerson; notProceeding?: boolean; allocatedTo?: TestPerson; closed?: boolean } = {},
): Promise<TestReferral> {
  let builder = aReferral().received(options.receivedAt ?? new Date(services.clock.now().getTime() - 30 * 60_000));
  const decider = options.decidedBy ?? (options.allocatedTo || options.closed ? await dutyLead(services) : undefined);
  if (decider && !options.notProceeding) builder = builder.decided(decider);
  if (options.allocatedTo) builder = builder.allocatedTo(options.allocatedTo);
  const built = await builder.build(services);
  let version = built.version;
  if (decider && options.notProceeding) {
    version = (await services.referrals.decide(decider.ctx, built.id, { decision: 'not_proceed', alternative: 'crisis_team_home_treatment', rationale: 'Crisis team can visit today', version })).version;
  }
  if (options.closed) {
    const taker = await rotaPlanner(services);
    version = (await services.referrals.close(taker.ctx, built.id, { version })).version;
  }
  return { id: built.id, reference: built.reference, version };
}

/** A shift on the rota: `await aShift(ava).on('2026-03-10').edt().build(services)`. */
export function aShift(person: { id: string }) {
  const spec: { date: IsoDate; kind: 'daytime' | 'edt'; hours: { start: Date; end: Date } | null } = { date: TEST_TODAY, kind: 'daytime', hours: null };
  const builder = {
    on(date: IsoDate) {
      spec.date = date;
      return builder;
    },
    daytime() {
      spec.kind = 'daytime';
      return builder;
    },
    edt() {
      spec.kind = 'edt';
      return builder;
    },
    /** Hours other than the usual ones, by the one time rule ('2026-03-10T12:00' is London time). */
    hours(startsAt: string, endsAt: string) {
      spec.hours = { start: instantOf(startsAt), end: instantOf(endsAt) };
      return builder;
    },
    async build(services: Services): Promise<ShiftView> {
      const planner = await rotaPlanner(services);
      return services.duty.rota.planShift(planner.ctx, { personId: person.id, date: spec.date, kind: spec.kind, hours: spec.hours });
    },
  };
  return builder;
}

const TEAM = (team: 'daytime' | 'edt'): HandoverParty => ({ kind: 'team', team });

/** A handover sent now: `await aHandover(referral.id).from('daytime').to('edt').sentBy(ava).build(services)`. */
export function aHandover(...referralIds: string[]) {
  const spec: { from: HandoverParty; to: HandoverParty; sentBy: TestPerson | null; warrantReason: string | null; documents: string[] } = {
    from: TEAM('daytime'),
    to: TEAM('edt'),
    sentBy: null,
    warrantReason: null,
    documents: ['Referral form'],
  };
  const builder = {
    from(team: 'daytime' | 'edt') {
      spec.from = TEAM(team);
      return builder;
    },
    to(team: 'daytime' | 'edt') {
      spec.to = TEAM(team);
      return builder;
    },
    toService(name: string) {
      spec.to = { kind: 'other-service', name };
      return builder;
    },
    sentBy(person: TestPerson) {
      spec.sentBy = person;
      return builder;
    },
    withWarrant(reason: string) {
      spec.warrantReason = reason;
      return builder;
    },
    async build(services: Services): Promise<HandoverView & { warnings: string[] }> {
      const sender = spec.sentBy ?? (await rotaPlanner(services));
      const items: HandoverItem[] = referralIds.map((referralId) => ({
        referralId,
        done: 'Referral reviewed; section 12 doctor booked',
        outstanding: 'Interview and application',
        contingency: 'Crisis team to visit if the assessment cannot go ahead',
        warrantApplication: spec.warrantReason !== null,
        warrantReason: spec.warrantReason,
      }));
      return services.duty.handovers.send(sender.ctx, { from: spec.from, to: spec.to, items, documentsSent: spec.documents });
    },
  };
  return builder;
}

/**
 * The allocation sheet for a day, as the morning meeting leaves it:
 * `await anAllocationSheet('2026-03-10').attendedBy(lena, 'amhp-lead').decide(r.id, { kind: 'not-allocated', reason: '…' }).finalised().build(services)`.
 */
export function anAllocationSheet(date: IsoDate = TEST_TODAY) {
  const spec: { attendees: Array<{ person: { id: string }; role: AttendeeRole }>; decisions: Array<{ referralId: string; decision: AllocationDecision; plan: string | null }>; challenges: string | undefined; finalised: boolean; lead: TestPerson | null } = {
    attendees: [],
    decisions: [],
    challenges: undefined,
    finalised: false,
    lead: null,
  };
  const builder = {
    attendedBy(person: { id: string }, role: AttendeeRole) {
      spec.attendees.push({ person, role });
      return builder;
    },
    withChallenges(text: string) {
      spec.challenges = text;
      return builder;
    },
    decide(referralId: string, decision: AllocationDecision, plan: string | null = null) {
      spec.decisions.push({ referralId, decision, plan });
      return builder;
    },
    /** The AMHP Lead who holds the meeting (a built-in one unless given). */
    heldBy(lead: TestPerson) {
      spec.lead = lead;
      return builder;
    },
    finalised() {
      spec.finalised = true;
      return builder;
    },
    async build(services: Services): Promise<SheetView> {
      const lead = spec.lead ?? (await dutyLead(services));
      let sheet = await services.duty.sheets.load(lead.ctx, date);
      if (spec.attendees.length > 0 || spec.challenges !== undefined) {
        sheet = (await services.duty.sheets.recordAttendance(lead.ctx, date, { attendees: spec.attendees.map((a) => ({ personId: a.person.id, role: a.role })), challenges: spec.challenges, version: sheet.version })).view.sheet;
      }
      for (const d of spec.decisions) {
        sheet = (await services.duty.sheets.decide(lead.ctx, date, { referralId: d.referralId, decision: d.decision, plan: d.plan, version: sheet.version, referralVersion: undefined })).view.sheet;
      }
      if (spec.finalised) await services.duty.sheets.finalise(lead.ctx, date, { version: sheet.version });
      return services.duty.sheets.view(lead.ctx, date, { audit: false });
    },
  };
  return builder;
}
