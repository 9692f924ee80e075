import type { IntakeCommand } from '../../../src/modules/referrals/intake/referral-schemas.js';
import { instantOf } from '../../../src/platform/time/parse.js';
import type { Services } from '../../../src/services.js';
import { TEST_NOW } from '../test-clock.js';
import { aReferral } from './referral-builders.js';
import { anApprovedAmhp as approveOnRegister, aSuspension } from './register-builders.js';
import { aPerson, type TestPerson } from './staff-builders.js';
import { nextNumber } from './numbering.js';

/**
 * Builders for assessment tests, on the base template: an AMHP approved on the register, and a
 * referral taken, decided and allocated through the referral service as people would.
 *
 *   const ava = await anApprovedAmhp('Ava Amhp').build(services);
 *   const referral = await anAllocatedReferral().allocatedTo(ava).underSection136('2026-03-09T22:00').build(services);
 *
 * Until the intake half publishes test/support/builders/referral-builders.ts, the referral is
 * built here through ReferralService (create → decide → allocate); the coordinator merges the two.
 */

const leads = new WeakMap<Services, Promise<TestPerson>>();

/** The AMHP Lead who decides on and allocates the test referrals (one per services instance). */
export function theLead(services: Services): Promise<TestPerson> {
  let lead = leads.get(services);
  if (!lead) {
    lead = aPerson('Lena Lead').withRoles('amhp_lead').inTeam('daytime').build(services);
    leads.set(services, lead);
  }
  return lead;
}

/** An AMHP whose approval by Northshire is in force on the test date (R-GEN-01 passes). */
export function anApprovedAmhp(name?: string) {
  const spec = { name, approvedFrom: '2024-01-01', jobTitle: 'Senior social worker (AMHP)', suspendedFrom: null as string | null };
  const builder = {
    approvedFrom(date: string) {
      spec.approvedFrom = date;
      return builder;
    },
    withJobTitle(jobTitle: string) {
      spec.jobTitle = jobTitle;
      return builder;
    },
    suspendedFrom(date: string) {
      spec.suspendedFrom = date;
      return builder;
    },
    async build(services: Services): Promise<TestPerson> {
      const person = await aPerson(spec.name).withRoles('amhp').inTeam('daytime').withJobTitle(spec.jobTitle).build(services);
      const approved = await approveOnRegister(services, person, { lssa: 'northshire', from: spec.approvedFrom });
      if (spec.suspendedFrom) await aSuspension(services, approved, { from: spec.suspendedFrom, reason: 'Test suspension' });
      return person;
    },
  };
  return builder;
}

export interface TestReferral {
  id: string;
  reference: string;
  name: string;
}

/** A referral for a new person, decided "proceed" and allocated: ready for its assessment. */
export function anAllocatedReferral() {
  const n = nextNumber('assessment');
  const spec = {
    givenName: 'Alex',
    familyName: `Testperson${n}`,
    dateOfBirth: '1985-06-15' as string | null,
    receivedAt: new Date(TEST_NOW.getTime() - 60 * 60_000),
    legalStatus: 'community',
    legalStatusSince: null as Date | null,
    sourceType: 'gp',
    amhp: null as TestPerson | null,
  };
  const builder = {
    named(givenName: string, familyName: string) {
      spec.givenName = givenName;
      spec.familyName = familyName;
      return builder;
    },
    bornOn(date: string | null) {
      spec.dateOfBirth = date;
      return builder;
    },
    /** London wall-clock or RFC 3339, by the one time rule. */
    receivedAt(at: string) {
      spec.receivedAt = instantOf(at);
      return builder;
    },
    underSection136(since: string) {
      spec.legalStatus = 's136';
      spec.legalStatusSince = instantOf(since);
      return builder;
    },
    fromTheNearestRelative() {
      spec.sourceType = 'nearest_relative';
      return builder;
    },
    allocatedTo(amhp: TestPerson) {
      spec.amhp = amhp;
      return builder;
    },
    async build(services: Services): Promise<TestReferral> {
      if (!spec.amhp) throw new Error('anAllocatedReferral().allocatedTo(amhp) is needed');
      let referral = aReferral({ sourceType: spec.sourceType as IntakeCommand['sourceType'], legalStatus: spec.legalStatus as IntakeCommand['legalStatus'], reason: 'Deteriorating mental health' })
        .forPerson({ givenName: spec.givenName, familyName: spec.familyName, ...(spec.dateOfBirth ? { dateOfBirth: spec.dateOfBirth } : {}) })
        .received(spec.receivedAt);
      if (spec.legalStatusSince) referral = referral.underSection136(spec.legalStatusSince);
      const { id, reference } = await referral.decided(await theLead(services)).allocatedTo(spec.amhp).build(services);
      return { id, reference, name: `${spec.givenName} ${spec.familyName}` };
    },
  };
  return builder;
}
