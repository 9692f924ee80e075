/**
 * Referrals for tests, built through the referrals service as people would take, decide and
 * allocate them, on the base template (test/support/base-data.ts, the test date):
 *
 *   const ref = await aReferral().build(services);              // received 10 minutes ago, Northshire
 *   const ref = await aReferral({ urgency: 'emergency' })       // any IntakeCommand field
 *     .forPerson({ givenName: 'Sam', familyName: 'Okafor', dateOfBirth: '1990-01-02', nhsNumber: '9434765919' })
 *     .received('2026-03-10T08:45')                             // an instant, or London wall-clock time
 *     .underSection136('2026-03-10T08:30')                      // s136 since arrival at the place of safety
 *     .decided(lead)                                            // a decision to proceed (a new AMHP Lead if no one given)
 *     .allocatedTo(ava)                                         // an AMHP, approved on the register here if need be
 *     .build(services);                                         // → { id, reference, version }
 *
 * People are `TestPerson`s from staff-builders.ts. The referral is taken by a business support
 * officer the builder adds once per services (`referralTaker(services)`). Each referral gets a
 * person of its own (unique family name, no NHS number), so builds never trip the duplicate check
 * unless a test asks for the same person twice.
 */
import type { IntakeCommand } from '../../../src/modules/referrals/intake/referral-schemas.js';
import { londonDate } from '../../../src/platform/london-time.js';
import { instantOf } from '../../../src/platform/time/parse.js';
import type { Services } from '../../../src/services.js';
import type { OrganisationKey } from '../base-data.js';
import { anApprovedAmhp } from './register-builders.js';
import { aPerson, organisationId, type TestPerson } from './staff-builders.js';
import { nextNumber } from './numbering.js';

export interface BuiltReferral {
  id: string;
  reference: string;
  version: number;
}

type When = Date | string;
const at = (when: When): Date => (typeof when === 'string' ? instantOf(when) : when);

const takers = new WeakMap<Services, Promise<TestPerson>>();
const leads = new WeakMap<Services, Promise<TestPerson>>();

/** The business support officer who takes the builders' referrals (one per services). */
export function referralTaker(services: Services): Promise<TestPerson> {
  let taker = takers.get(services);
  if (!taker) {
    taker = aPerson('Bea Support').withRoles('business_support').build(services);
    takers.set(services, taker);
  }
  return taker;
}

/** The AMHP Lead who decides when `.decided()` names no one (one per services). */
export function referralLead(services: Services): Promise<TestPerson> {
  let lead = leads.get(services);
  if (!lead) {
    lead = aPerson('Lee Lead').withRoles('amhp_lead').build(services);
    leads.set(services, lead);
  }
  return lead;
}

/**
 * Makes sure an AMHP may act today: unless they already may, puts them on the register with a
 * Northshire approval from two years ago (`anApprovedAmhp`, register-builders.ts).
 */
export async function approveForTest(services: Services, amhp: TestPerson): Promise<void> {
  if (!amhp.actor.roles.includes('amhp')) throw new Error(`approveForTest: ${amhp.name} does not hold the AMHP role (aPerson(…).withRoles('amhp', …))`);
  const today = londonDate(services.clock.now());
  if ((await services.eligibility.mayAct(amhp.id, null, today)).eligible) return;
  const twoYearsAgo = `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`;
  await anApprovedAmhp(services, amhp, { lssa: 'northshire', from: twoYearsAgo.endsWith('02-29') ? twoYearsAgo.replace('02-29', '02-28') : twoYearsAgo });
}

export function aReferral(overrides: Partial<IntakeCommand> = {}) {
  const n = nextNumber('referral');
  const spec: {
    command: Partial<IntakeCommand>;
    receivedAt: When | null;
    council: OrganisationKey | null;
    decidedBy: TestPerson | 'lead' | null;
    amhp: TestPerson | null;
  } = { command: overrides, receivedAt: null, council: 'northshire', decidedBy: null, amhp: null };

  const builder = {
    /** When the referral arrived (default: ten minutes before the services' clock). */
    received(when: When) {
      spec.receivedAt = when;
      return builder;
    },
    /** The person referred (default: a person of its own, born 1990-05-05, no NHS number). */
    forPerson(person: { givenName?: string; familyName?: string; dateOfBirth?: string; nhsNumber?: string }) {
      spec.command = { ...spec.command, ...person };
      return builder;
    },
    /** Detained under s136 since arriving at the place of safety. */
    underSection136(since: When) {
      spec.command = { ...spec.command, legalStatus: 's136', legalStatusSince: at(since), currentLocation: 'Place of safety', urgency: 'emergency', sourceType: 'police' };
      return builder;
    },
    /** The council area the person lives in (default Northshire); null for out of area or not known. */
    inCouncil(council: OrganisationKey | null) {
      spec.council = council;
      return builder;
    },
    /** The Lead's signed decision to proceed (by `by`, or the builders' AMHP Lead). */
    decided(by?: TestPerson) {
      spec.decidedBy = by ?? 'lead';
      return builder;
    },
    /** Allocated to this AMHP (decided first if not said), who is approved on the register if need be. */
    allocatedTo(amhp: TestPerson) {
      spec.amhp = amhp;
      spec.decidedBy ??= 'lead';
      return builder;
    },
    async build(services: Services): Promise<BuiltReferral> {
      const taker = await referralTaker(services);
      const now = services.clock.now();
      const command: IntakeCommand = {
        receivedAt: spec.receivedAt ? at(spec.receivedAt) : new Date(now.getTime() - 10 * 60_000),
        receivedVia: 'phone',
        sourceType: 'gp',
        referrerName: 'Dr Rhiannon Test',
        referrerContact: '01632 960000',
        givenName: 'Robin',
        familyName: `Testperson${n}`,
        dateOfBirth: '1990-05-05',
        gender: 'not_known',
        interpreterNeeded: false,
        currentLocation: 'Home address',
        legalStatus: 'community',
        reason: 'Increasingly unwell; the GP asks for a Mental Health Act assessment.',
        urgency: 'urgent',
        confirmNotDuplicate: false,
        ...(spec.council ? { lssaId: await organisationId(services, spec.council) } : {}),
        ...spec.command,
      };
      const created = await services.referrals.create(taker.ctx, command);
      let { version } = created;
      if (spec.decidedBy) {
        const lead = spec.decidedBy === 'lead' ? await referralLead(services) : spec.decidedBy;
        version = (await services.referrals.decide(lead.ctx, created.id, { decision: 'proceed', rationale: 'Needs a Mental Health Act assessment', version })).version;
        if (spec.amhp) {
          await approveForTest(services, spec.amhp);
          // Whoever may decide may allocate; the reviewer assessing needs a reason (§2.9).
          const overrideReason = spec.amhp.id === lead.id ? 'No other AMHP is on duty (test)' : undefined;
          version = (await services.referrals.allocate(lead.ctx, created.id, { amhpId: spec.amhp.id, version, ...(overrideReason ? { overrideReason } : {}) })).version;
        }
      }
      return { id: created.id, reference: created.reference, version };
    },
  };
  return builder;
}
