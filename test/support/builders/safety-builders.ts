/**
 * Builders for the safety module's tests.
 *
 * - Pure domain values (no database): `aVisit`, `newVisitInput`, `aPolicy`, `LADDER`, `aClaim`,
 *   `at`, and `refusalOf` to read a refused Result. Their dates are in March 2025.
 * - Records built through the safety services, on the base template at the test date:
 *   `aSafetyCast` (the people safety needs), `aLadder`, `aVisitOut`, `withCodes`,
 *   `aWorkingDay`, `anHoursClaim`, `aDebriefRequest`.
 */
import type { ServiceContext } from '../../../src/platform/audit.js';
import { addMinutes } from '../../../src/platform/london-time.js';
import type { Result } from '../../../src/platform/result.js';
import type { Services } from '../../../src/services.js';
import { type AdditionalHoursClaim, type AdditionalHoursReason } from '../../../src/modules/safety/hours/additional-hours.js';
import type { ShiftKind } from '../../../src/modules/safety/hours/long-shift.js';
import { type EscalationPolicy, type LadderStep, escalationPolicy } from '../../../src/modules/safety/ladders/overdue-escalation.js';
import { type Companion, type NewVisitInput, type Visit, startVisit } from '../../../src/modules/safety/visits/visit.js';
import { type TestPerson, aPerson, adminContext, teamId } from './staff-builders.js';
import type { TeamKey } from '../base-data.js';

// ── Pure domain values ─────────────────────────────────────────────────────────────────────────

export const at = (iso: string): Date => new Date(iso);

export function newVisitInput(overrides: Partial<NewVisitInput> = {}): NewVisitInput {
  return {
    id: 'visit-1',
    amhpId: 'amhp-ava',
    place: '14 Example Road, Anytown',
    referralId: 'ref-100',
    companions: [{ kind: 'colleague', name: 'Sam Colleague' }],
    phone: '07700 900123',
    expectedFinishAt: at('2025-03-10T12:00:00Z'),
    ...overrides,
  };
}

/** A visit started at 10:00 UTC on 10 March 2025, expected to finish at 12:00. */
export function aVisit(overrides: Partial<NewVisitInput> = {}, now = at('2025-03-10T10:00:00Z')): Visit {
  const result = startVisit(newVisitInput(overrides), now);
  if (!result.ok) throw new Error(`bad test visit: ${JSON.stringify(result.refusal)}`);
  return result.value;
}

export const LADDER: LadderStep[] = [
  { roleLabel: 'On-call manager', personLabel: 'Pat Oncall', contactNumber: '01632 960001' },
  { roleLabel: 'Team manager', personLabel: null, contactNumber: '01632 960002' },
  { roleLabel: 'Head of service', personLabel: 'Robin Head', contactNumber: '01632 960003' },
];

export function aPolicy(overrides: Partial<Omit<EscalationPolicy, 'ladder'>> = {}, ladder = LADDER): EscalationPolicy {
  return escalationPolicy(ladder, overrides);
}

export function aClaim(overrides: Partial<AdditionalHoursClaim> = {}): AdditionalHoursClaim {
  return {
    id: 'claim-1',
    amhpId: 'amhp-ava',
    startAt: at('2025-03-10T17:00:00Z'),
    endAt: at('2025-03-10T19:30:00Z'),
    reason: 'bed_delay',
    reasonDetail: null,
    referralId: null,
    submittedAt: at('2025-03-11T09:00:00Z'),
    status: 'submitted',
    compensation: null,
    decidedBy: null,
    decidedAt: null,
    decisionRecordedAt: null,
    declineReason: null,
    ...overrides,
  };
}

/**
 * A refused Result as tests compare it: its kind, a rule's or state's code, and its messages as
 * `{ field, message }` (field errors for `invalid`, the failures of a rule, `{ message }` otherwise).
 * Undefined when the Result was ok.
 */
export function refusalOf(result: Result<unknown>): { kind: string; code?: string; errors: Array<{ field?: string; message: string }> } | undefined {
  if (result.ok) return undefined;
  const refusal = result.refusal;
  switch (refusal.kind) {
    case 'invalid':
      return { kind: 'invalid', errors: refusal.fieldErrors.map((e) => ({ field: e.field, message: e.message })) };
    case 'rule':
      return { kind: 'rule', code: refusal.code, errors: refusal.failures.map((f) => ({ ...(f.field ? { field: f.field } : {}), message: f.message })) };
    case 'state':
      return { kind: 'state', code: refusal.code, errors: [{ message: refusal.message }] };
    case 'forbidden':
      return { kind: 'forbidden', errors: [{ message: refusal.message }] };
    case 'conflict':
      return { kind: 'conflict', errors: [{ message: refusal.message ?? '' }] };
    case 'not_found':
      return { kind: 'not_found', errors: [{ message: refusal.what }] };
  }
}

/** The value of an ok Result, or the test fails saying why it was refused. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, was refused: ${JSON.stringify(result.refusal)}`);
  return result.value;
}

// ── People ─────────────────────────────────────────────────────────────────────────────────────

/** The people safety tests need, on the base template. */
export interface SafetyCast {
  /** Daytime AMHP, line-managed by `lina`. */
  ava: TestPerson;
  /** EDT AMHP, line-managed by `lina`. */
  eli: TestPerson;
  /** Daytime AMHP Lead. */
  lee: TestPerson;
  /** EDT on-call manager. */
  ed: TestPerson;
  /** AMHP operational manager. */
  olu: TestPerson;
  /** Line manager of Ava and Eli. */
  lina: TestPerson;
}

export async function aSafetyCast(services: Services): Promise<SafetyCast> {
  const lina = await aPerson('Lina Linemanager').withRoles('line_manager').inTeam(null).build(services);
  const lee = await aPerson('Lee Lead').withRoles('amhp_lead').inTeam('daytime').build(services);
  const ed = await aPerson('Ed Edtmanager').withRoles('edt_manager').inTeam('edt').build(services);
  const olu = await aPerson('Olu Opsmanager').withRoles('operational_manager').inTeam(null).build(services);
  const ava = await aPerson('Ava Amhp').withRoles('amhp').inTeam('daytime').managedBy(lina).build(services);
  const eli = await aPerson('Eli Edt').withRoles('amhp').inTeam('edt').managedBy(lina).build(services);
  return { ava, eli, lee, ed, olu, lina };
}

// ── Records ────────────────────────────────────────────────────────────────────────────────────

/**
 * A team's escalation ladder, set as an administrator would:
 * `await aLadder('daytime').grace(0).interval(1).steps(['AMHP Lead', lee], ['Service manager']).build(services)`.
 */
export function aLadder(team: TeamKey) {
  const spec = { graceMinutes: 15, stepIntervalMinutes: 15, alarmStepIntervalMinutes: 5, steps: [] as Array<{ roleLabel: string; personId?: string; contactNumber: string }> };
  const builder = {
    grace(minutes: number) {
      spec.graceMinutes = minutes;
      return builder;
    },
    interval(minutes: number) {
      spec.stepIntervalMinutes = minutes;
      return builder;
    },
    alarmInterval(minutes: number) {
      spec.alarmStepIntervalMinutes = minutes;
      return builder;
    },
    /** Each step: a role, optionally the person (alerted in the app and by e-mail), and a number. */
    steps(...steps: Array<[roleLabel: string, person?: { id: string }, contactNumber?: string]>) {
      spec.steps = steps.map(([roleLabel, person, contactNumber], i) => ({ roleLabel, ...(person ? { personId: person.id } : {}), contactNumber: contactNumber ?? `01632 96020${i + 1}` }));
      return builder;
    },
    async build(services: Services) {
      const admin = await adminContext(services);
      const id = await teamId(services, team);
      const current = await services.safety.ladders.ladder(admin, id);
      return services.safety.ladders.putLadder(admin, id, { ...spec, version: current.version });
    },
  };
  return builder;
}

/**
 * An AMHP recorded as out, through the visits service, as of the services' clock:
 * `await aVisitOut(ava).finishingIn(60).alone('Ward with staff present').build(services)`.
 */
export function aVisitOut(amhp: { ctx: ServiceContext }) {
  const spec = {
    place: '9 Example Street, Brackenford',
    companions: [{ kind: 'colleague', name: 'Sam Colleague' }] as Companion[],
    aloneReason: undefined as string | undefined,
    phone: '07700 900123',
    finishInMinutes: 60,
    referral: undefined as string | undefined,
  };
  const builder = {
    to(place: string) {
      spec.place = place;
      return builder;
    },
    finishingIn(minutes: number) {
      spec.finishInMinutes = minutes;
      return builder;
    },
    alone(reason: string) {
      spec.companions = [];
      spec.aloneReason = reason;
      return builder;
    },
    with(...companions: Companion[]) {
      spec.companions = companions;
      spec.aloneReason = undefined;
      return builder;
    },
    forReferral(idOrReference: string) {
      spec.referral = idOrReference;
      return builder;
    },
    async build(services: Services) {
      return services.safety.visits.startVisit(amhp.ctx, {
        place: spec.place,
        companions: spec.companions,
        aloneReason: spec.aloneReason,
        phone: spec.phone,
        referral: spec.referral,
        expectedFinishAt: addMinutes(services.clock.now(), spec.finishInMinutes),
      });
    },
  };
  return builder;
}

/** The AMHP's check-in code and duress code. */
export async function withCodes(services: Services, amhp: { ctx: ServiceContext }, checkinCode: string, duressCode: string) {
  return services.safety.codes.setCodes(amhp.ctx, { checkinCode, checkinConfirmation: checkinCode, duressCode, duressConfirmation: duressCode });
}

/** A working day in progress: `await aWorkingDay(eli).edt().startedMinutesAgo(60).build(services)`. */
export function aWorkingDay(amhp: { ctx: ServiceContext }) {
  const spec = { kind: 'daytime' as ShiftKind, minutesAgo: 0 };
  const builder = {
    edt() {
      spec.kind = 'edt';
      return builder;
    },
    startedMinutesAgo(minutes: number) {
      spec.minutesAgo = minutes;
      return builder;
    },
    async build(services: Services) {
      return services.safety.workingDays.startDay(amhp.ctx, { kind: spec.kind, startedAt: addMinutes(services.clock.now(), -spec.minutesAgo) });
    },
  };
  return builder;
}

/**
 * An additional hours claim, worked before the services' clock:
 * `await anHoursClaim(ava).from(-300).to(-150).approvedAsToilBy(lina).build(services)` (minutes from now).
 */
export function anHoursClaim(amhp: { ctx: ServiceContext }) {
  const spec = { fromMinutes: -5 * 60, toMinutes: -3 * 60, reason: 'bed_delay' as AdditionalHoursReason, reasonDetail: undefined as string | undefined, approver: undefined as { ctx: ServiceContext } | undefined, compensation: 'toil' as 'toil' | 'payment' };
  const builder = {
    from(minutesFromNow: number) {
      spec.fromMinutes = minutesFromNow;
      return builder;
    },
    to(minutesFromNow: number) {
      spec.toMinutes = minutesFromNow;
      return builder;
    },
    because(reason: AdditionalHoursReason, detail?: string) {
      spec.reason = reason;
      spec.reasonDetail = detail;
      return builder;
    },
    approvedAsToilBy(manager: { ctx: ServiceContext }) {
      spec.approver = manager;
      spec.compensation = 'toil';
      return builder;
    },
    approvedForPaymentBy(manager: { ctx: ServiceContext }) {
      spec.approver = manager;
      spec.compensation = 'payment';
      return builder;
    },
    async build(services: Services) {
      const now = services.clock.now();
      const claim = await services.safety.hours.submitClaim(amhp.ctx, { startAt: addMinutes(now, spec.fromMinutes), endAt: addMinutes(now, spec.toMinutes), reason: spec.reason, reasonDetail: spec.reasonDetail });
      if (!spec.approver) return claim;
      return services.safety.hours.decideClaim(spec.approver.ctx, claim.id, { outcome: 'approve', compensation: spec.compensation });
    },
  };
  return builder;
}

/** A debrief request: by the AMHP for themselves, or `.requestedBy(lead)` on their behalf. */
export function aDebriefRequest(amhp: TestPerson) {
  const spec = { by: amhp as TestPerson, reason: 'Difficult assessment' };
  const builder = {
    requestedBy(person: TestPerson) {
      spec.by = person;
      return builder;
    },
    about(reason: string) {
      spec.reason = reason;
      return builder;
    },
    async build(services: Services) {
      return services.safety.debriefs.requestDebrief(spec.by.ctx, { amhpId: spec.by.id === amhp.id ? undefined : amhp.id, reason: spec.reason });
    },
  };
  return builder;
}
