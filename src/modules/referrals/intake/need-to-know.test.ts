import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../platform/roles.js';
import { editAccess, grantExpiry, readAccess, reasonProblem } from './need-to-know.js';

function actor(personId: string, ...roles: Role[]): Actor {
  return { personId, name: personId, email: `${personId}@example.org`, roles, organisationId: 'org', teamId: null };
}

describe('need-to-know rules', () => {
  const ana = actor('ana', 'amhp');
  const edt = actor('eve', 'edt_officer');
  const lead = actor('lou', 'amhp_lead');
  const support = actor('sam', 'business_support');

  it('lets an AMHP or EDT officer read the open queue and their own referrals, and nothing closed of anyone else', () => {
    expect(readAccess(ana, { status: 'received', allocatedAmhpId: null }, false)).toEqual({ may: true, because: 'open_queue' });
    expect(readAccess(edt, { status: 'in_assessment', allocatedAmhpId: 'ben' }, false)).toEqual({ may: true, because: 'open_queue' });
    expect(readAccess(ana, { status: 'closed', allocatedAmhpId: 'ana' }, false)).toEqual({ may: true, because: 'allocated' });
    expect(readAccess(ana, { status: 'closed', allocatedAmhpId: 'ben' }, false).may).toBe(false);
    expect(readAccess(ana, { status: 'withdrawn', allocatedAmhpId: null }, false).may).toBe(false);
    expect(readAccess(ana, { status: 'closed', allocatedAmhpId: 'ben' }, true)).toEqual({ may: true, because: 'reason_given' });
  });

  it('lets the people who run the queue read every referral', () => {
    for (const person of [lead, support, actor('oli', 'operational_manager'), actor('ed', 'edt_manager'), actor('both', 'amhp', 'amhp_lead')]) {
      expect(readAccess(person, { status: 'closed', allocatedAmhpId: 'ben' }, false)).toEqual({ may: true, because: 'service_wide' });
    }
  });

  it('lets only the allocated AMHP edit, and offers a Lead (not another AMHP) the take-over', () => {
    expect(editAccess(ana, { status: 'in_assessment', allocatedAmhpId: 'ana' }, false)).toEqual({ may: true });
    expect(editAccess(ana, { status: 'in_assessment', allocatedAmhpId: 'ben' }, false)).toMatchObject({ may: false, takeOverPossible: false });
    expect(editAccess(lead, { status: 'in_assessment', allocatedAmhpId: 'ben' }, false)).toMatchObject({ may: false, takeOverPossible: true });
    expect(editAccess(lead, { status: 'in_assessment', allocatedAmhpId: 'ben' }, true)).toEqual({ may: true });
    expect(editAccess(actor('ed', 'edt_manager'), { status: 'allocated', allocatedAmhpId: 'ben' }, false)).toMatchObject({ takeOverPossible: true });
  });

  it('asks for a reason a reviewer can judge, and opens the record for 12 hours', () => {
    expect(reasonProblem('   ')).toBe('Enter why you need to open this record');
    expect(reasonProblem('need it')).toMatch(/at least 10 characters/);
    expect(reasonProblem('x'.repeat(1001))).toMatch(/1000 characters or fewer/);
    expect(reasonProblem('Re-referred tonight: need the last risks')).toBeNull();
    expect(grantExpiry(new Date('2026-03-28T23:30:00Z')).toISOString()).toBe('2026-03-29T11:30:00.000Z');
  });
});
