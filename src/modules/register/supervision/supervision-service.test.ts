import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, adminContext } from '../../../../test/support/builders/staff-builders.js';
import { aSupervisionRecord, anApprovedAmhp, messagesOf, refusedWith } from '../../../../test/support/builders/register-builders.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';

describe('supervision: records signed by both parties, disputes, contracts and the quarterly audit', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
  });
  afterAll(async () => t.close());
  const supervision = () => t.services.register.supervision;

  it('is signed by the two parties only; a dispute withdraws signatures until mediation settles it', async () => {
    const admin = await adminContext(t.services);
    const ava = await aPerson('Ava Amhp').withoutPassword().build(t.services);
    const mo = await aPerson('Mo Supervisor').withRoles('amhp_lead').withoutPassword().build(t.services);
    const outsider = await aPerson('Oz Other').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2025-04-01' });
    const record = await aSupervisionRecord(t.services, ava, mo, { date: '2026-03-05' });
    expect(record).toMatchObject({ state: 'awaiting_signatures', signatures: [], version: 1 });

    expect(messagesOf(await refusedWith(supervision().sign(outsider.ctx, record.id)))).toBe('not_a_party: Only the AMHP and their supervisor can sign this supervision record');
    expect(await supervision().sign(mo.ctx, record.id)).toMatchObject({ state: 'awaiting_signatures', version: 2 });
    const disputed = await supervision().dispute(ava.ctx, record.id, { note: 'Case 2 was not discussed' });
    expect(disputed).toMatchObject({ state: 'disputed', signatures: [], dispute: { raisedBy: ava.id, note: 'Case 2 was not discussed', resolvedAt: null } });
    expect(messagesOf(await refusedWith(supervision().sign(mo.ctx, record.id)))).toMatch(/^disputed: This record is disputed/);
    expect(await refusedWith(supervision().resolve(ava.ctx, record.id, { resolution: 'x' }))).toMatchObject({ status: 403 });
    // Mediation changes the record: the Lead AMHP only (not an administrator, not the supervisor, a party to it).
    expect(await refusedWith(supervision().resolve(admin, record.id, { resolution: 'x' }))).toMatchObject({ status: 403 });
    expect(await refusedWith(supervision().resolve(mo.ctx, record.id, { resolution: 'x' }))).toMatchObject({ status: 403 });
    const keeper = await aPerson('Kit Keeper').withRoles('lead_amhp').withoutPassword().build(t.services);
    await supervision().resolve(keeper.ctx, record.id, { resolution: 'Record corrected at mediation' });
    await supervision().sign(mo.ctx, record.id);
    expect(await supervision().sign(ava.ctx, record.id)).toMatchObject({ state: 'signed', version: 6 });
  });

  it('refuses a director or business support naming themselves as supervisor, so they can never sign as a party', async () => {
    const cai = await aPerson('Cai Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, cai, { lssa: 'northshire', from: '2025-04-01' });
    const director = await aPerson('Della Director').withRoles('governance_viewer').withoutPassword().build(t.services);
    const office = await aPerson('Obi Office').withRoles('business_support').withoutPassword().build(t.services);
    for (const self of [director, office]) {
      const refusal = await refusedWith(supervision().addSupervision(self.ctx, cai.id, { supervisorId: self.id, date: '2026-03-05', type: 'professional_1_1', casesDiscussed: ['a', 'b'] }));
      expect(refusal).toMatchObject({ status: 400 });
      expect(messagesOf(refusal)).toContain('a director, business support or an administrator cannot supervise');
    }
    // The Lead AMHP cannot name them either; the AMHP may not write the record at all.
    const keeper = await aPerson('Kim Keeper').withRoles('lead_amhp').withoutPassword().build(t.services);
    expect(messagesOf(await refusedWith(supervision().addSupervision(keeper.ctx, cai.id, { supervisorId: director.id, date: '2026-03-05', type: 'professional_1_1', casesDiscussed: ['a', 'b'] })))).toContain('cannot supervise');
    expect(await refusedWith(supervision().addSupervision(cai.ctx, cai.id, { supervisorId: director.id, date: '2026-03-05', type: 'professional_1_1', casesDiscussed: ['a', 'b'] }))).toMatchObject({ status: 403 });
  });

  it('needs two cases or a topic, and a supervisor who is someone else', async () => {
    const bea = await aPerson('Bea Amhp').withoutPassword().build(t.services);
    const mo = await aPerson('Mo Supervisor').withRoles('amhp_lead').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, bea, { lssa: 'northshire', from: '2025-04-01' });
    const oneCase = await refusedWith(supervision().addSupervision(mo.ctx, bea.id, { supervisorId: mo.id, date: '2026-03-05', type: 'group', casesDiscussed: ['one'] }));
    expect(messagesOf(oneCase)).toMatch(/cases_or_topic_required/);
    expect(messagesOf(await refusedWith(supervision().addSupervision(bea.ctx, bea.id, { supervisorId: bea.id, date: '2026-03-05', type: 'group', casesDiscussed: [], topic: 'Case law' })))).toMatch(/self_supervision/);
    expect(messagesOf(await refusedWith(supervision().addSupervision(mo.ctx, bea.id, { supervisorId: mo.id, date: '2026-03-11', type: 'group', casesDiscussed: [], topic: 'Case law' })))).toMatch(/future_date/);
    expect(await supervision().addSupervision(mo.ctx, bea.id, { supervisorId: mo.id, date: '2026-03-05', type: 'group', casesDiscussed: [], topic: 'Case law update' })).toMatchObject({ topic: 'Case law update' });
  });

  it('is written by the supervisor it names or the Lead AMHP only; the supervisee reads and signs it', async () => {
    const admin = await adminContext(t.services);
    const fay = await aPerson('Fay Supervisee').withoutPassword().build(t.services);
    const sam = await aPerson('Sam Supervisor').withoutPassword().build(t.services);
    const keeper = await aPerson('Kit Keeper').withRoles('lead_amhp').withoutPassword().build(t.services);
    const director = await aPerson('Dot Director').withRoles('governance_viewer').withoutPassword().build(t.services);
    const office = await aPerson('Ola Office').withRoles('business_support').withoutPassword().build(t.services);
    const manager = await aPerson('Mel Manager').withRoles('line_manager').withoutPassword().build(t.services);
    const ops = await aPerson('Oli Ops').withRoles('operational_manager').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, fay, { lssa: 'northshire', from: '2025-04-01' });
    const session = { supervisorId: sam.id, date: '2026-03-05', type: 'professional_1_1' as const, casesDiscussed: ['Case ref 1', 'Case ref 2'] };
    const recordsOfFay = async () => {
      const view = await t.services.register.people.view(admin, fay.id, { audit: false });
      return view.onRegister ? view.supervisionRecords : [];
    };

    // The supervisee, a director, business support, a line manager, an operational manager and an administrator who are not the supervisor: 403, nothing written.
    for (const writer of [fay.ctx, director.ctx, office.ctx, manager.ctx, ops.ctx, admin]) {
      const refusal = await refusedWith(supervision().addSupervision(writer, fay.id, session));
      expect(refusal).toMatchObject({ status: 403 });
      expect(refusal.message).toBe('Only the supervisor named on the record or the Lead AMHP can write a supervision record: the AMHP signs it or disputes it');
    }
    expect(await recordsOfFay()).toEqual([]);

    // The supervisor named on it, and the Lead AMHP (for anyone), may.
    const bySupervisor = await supervision().addSupervision(sam.ctx, fay.id, session);
    expect(bySupervisor).toMatchObject({ superviseeId: fay.id, supervisorId: sam.id, state: 'awaiting_signatures' });
    const byLead = await supervision().addSupervision(keeper.ctx, fay.id, { ...session, date: '2026-02-05' });
    expect(byLead).toMatchObject({ supervisorId: sam.id, state: 'awaiting_signatures' });
    expect((await recordsOfFay()).map((r) => r.id).sort()).toEqual([bySupervisor.id, byLead.id].sort());

    // The supervisee reads her own records and signs them; so does the supervisor.
    const own = await t.services.register.people.view(fay.ctx, fay.id, { audit: false });
    expect(own.onRegister && own.supervisionRecords.map((r) => r.id)).toContain(bySupervisor.id);
    expect(await supervision().sign(fay.ctx, bySupervisor.id)).toMatchObject({ signatures: [{ personId: fay.id }] });
    expect(await supervision().sign(sam.ctx, bySupervisor.id)).toMatchObject({ state: 'signed' });
  });

  it('renews the contract on a change of supervisor and sets the working arrangement', async () => {
    const admin = await adminContext(t.services);
    const cai = await aPerson('Cai Amhp').withoutPassword().build(t.services);
    const mo = await aPerson('Mo Supervisor').withRoles('amhp_lead').withoutPassword().build(t.services);
    const nia = await aPerson('Nia Supervisor').withRoles('operational_manager').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, cai, { lssa: 'northshire', from: '2025-04-01' });
    const first = await supervision().addContract(admin, cai.id, { supervisorId: mo.id, arrangement: 'rota', startDate: '2025-05-01' });
    expect(messagesOf(await refusedWith(supervision().addContract(admin, cai.id, { supervisorId: mo.id, arrangement: 'rota', startDate: '2025-09-01' })))).toMatch(/same_supervisor/);
    const second = await supervision().addContract(admin, cai.id, { supervisorId: nia.id, arrangement: 'edt', startDate: '2025-09-01' });
    expect(second).toMatchObject({ supervisorId: nia.id, arrangement: 'edt', startDate: '2025-09-01', endDate: null });
    const view = await t.services.register.people.view(admin, cai.id, { audit: false });
    expect(view.onRegister && view.contracts.map((c) => [c.id, c.endDate])).toEqual([
      [first.id, '2025-08-31'],
      [second.id, null],
    ]);
    expect(view.onRegister && view.entry.arrangement).toBe('edt');
    expect(messagesOf(await refusedWith(supervision().reviewContract(admin, cai.id, second.id, { reviewedOn: '2025-08-01' })))).toBe('reviewedOn: The review cannot be before the contract started');
    expect(await supervision().reviewContract(admin, cai.id, second.id, { reviewedOn: '2026-03-01' })).toMatchObject({ reviewDates: ['2026-03-01'], version: 2 });
  });

  it('audits the quarter: frequency against the arrangement, unsigned and disputed records', async () => {
    const admin = await adminContext(t.services);
    const dee = await aPerson('Dee Amhp').withoutPassword().build(t.services);
    const mo = await aPerson('Mo Supervisor').withRoles('amhp_lead').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, dee, { lssa: 'northshire', from: '2025-04-01' });
    const record = await aSupervisionRecord(t.services, dee, mo, { date: '2026-01-15' });
    await supervision().dispute(dee.ctx, record.id, { note: 'Not what we agreed' });
    const audit = await t.services.register.supervisionAudit.audit(admin);
    expect(audit.quarter).toMatchObject({ label: 'Q4 2025/26', startDate: '2026-01-01', endDate: '2026-03-31' });
    const row = audit.rows.find((r) => r.amhpId === dee.id);
    // Rota: at least 3 a year, pro rata (3 expected by 10 March); one held.
    expect(row).toMatchObject({ name: 'Dee Amhp', arrangement: 'rota', countInPeriod: 1, countInReportingYear: 1, unsignedCount: 1, disputedCount: 1, compliant: false });
    expect(row?.problems).toEqual(['1 of 3 supervisions expected by 10 March 2026 (at least 3 in the reporting year 2025/26)']);
    const earlier = await t.services.register.supervisionAudit.audit(admin, '2025-11-01');
    expect(earlier.quarter.label).toBe('Q3 2025/26');
    expect(earlier.nextStart).toBe('2026-01-01');
  });
});
