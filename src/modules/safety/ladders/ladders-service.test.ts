import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { adminContext, teamId } from '../../../../test/support/builders/staff-builders.js';
import { type SafetyCast, aLadder, aSafetyCast } from '../../../../test/support/builders/safety-builders.js';

describe('escalation ladders (base template)', () => {
  let t: TestServices;
  let cast: SafetyCast;
  const ladders = () => t.services.safety.ladders;

  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
    cast = await aSafetyCast(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  it('falls back to the team’s lead (or EDT manager), then an operational manager, until configured', async () => {
    const admin = await adminContext(t.services);
    const list = await ladders().ladders(admin);
    expect(list.map((l) => [l.teamName, l.configured, l.version])).toEqual([
      ['Northshire AMHP Service', false, 0],
      ['Northshire Emergency Duty Team', false, 0],
    ]);
    expect(list[0]!.policy).toMatchObject({ graceMinutes: 15, stepIntervalMinutes: 15, alarmStepIntervalMinutes: 5 });
    expect(list[0]!.policy.ladder.map((s) => [s.roleLabel, s.personLabel])).toEqual([
      ['AMHP Lead', 'Lee Lead'],
      ['AMHP operational manager', 'Olu Opsmanager'],
    ]);
    expect(list[1]!.policy.ladder.map((s) => [s.roleLabel, s.personLabel])).toEqual([
      ['EDT on-call manager', 'Ed Edtmanager'],
      ['AMHP operational manager', 'Olu Opsmanager'],
    ]);
  });

  it('an administrator sets a ladder; a stale version is refused with the current one', async () => {
    const saved = await aLadder('daytime').grace(0).interval(1).steps(['AMHP Lead', cast.lee], ['Service manager', undefined, '01632 960299']).build(t.services);
    expect(saved).toMatchObject({ configured: true, version: 1, policy: { graceMinutes: 0, stepIntervalMinutes: 1, ladder: [{ roleLabel: 'AMHP Lead', personId: cast.lee.id, personLabel: 'Lee Lead' }, { roleLabel: 'Service manager', personId: null, contactNumber: '01632 960299' }] } });
    const admin = await adminContext(t.services);
    const daytime = await teamId(t.services, 'daytime');
    const again = await ladders().putLadder(admin, daytime, { graceMinutes: 5, stepIntervalMinutes: 10, alarmStepIntervalMinutes: 2, steps: [{ roleLabel: 'AMHP Lead', contactNumber: '01632 960201' }], version: 1 });
    expect(again).toMatchObject({ version: 2, policy: { graceMinutes: 5 } });
    const stale = await ladders().putLadder(admin, daytime, { graceMinutes: 7, stepIntervalMinutes: 10, alarmStepIntervalMinutes: 2, steps: [{ roleLabel: 'AMHP Lead', contactNumber: '01632 960201' }], version: 1 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale).toMatchObject({ currentVersion: 2 });
    const firstTimeTwice = await ladders().putLadder(admin, daytime, { graceMinutes: 7, stepIntervalMinutes: 10, alarmStepIntervalMinutes: 2, steps: [{ roleLabel: 'AMHP Lead', contactNumber: '01632 960201' }], version: 0 }).catch((e: unknown) => e);
    expect(firstTimeTwice).toMatchObject({ status: 409, code: 'version_conflict', currentVersion: 2 });
  });

  it('refuses out-of-range timings, an empty ladder, a bad number and someone who is not on the staff list', async () => {
    const admin = await adminContext(t.services);
    const edt = await teamId(t.services, 'edt');
    const refused = await ladders()
      .putLadder(admin, edt, { graceMinutes: 500, stepIntervalMinutes: 0, alarmStepIntervalMinutes: 1, steps: [{ roleLabel: 'Manager', contactNumber: 'call me' }], version: 0 })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      fieldErrors: [
        { field: 'graceMinutes', message: 'Grace period must be a whole number of minutes from 0 to 120' },
        { field: 'stepIntervalMinutes', message: 'Time before escalating must be from 1 to 120 minutes' },
        { field: 'ladder.0.contactNumber', message: 'Enter a UK phone number, like 07700 900123' },
      ],
    });
    await expect(ladders().putLadder(admin, edt, { graceMinutes: 5, stepIntervalMinutes: 5, alarmStepIntervalMinutes: 5, steps: [], version: 0 })).rejects.toMatchObject({ fieldErrors: [{ field: 'ladder', message: 'Add at least one person to alert' }] });
    await expect(
      ladders().putLadder(admin, edt, { graceMinutes: 5, stepIntervalMinutes: 5, alarmStepIntervalMinutes: 5, steps: [{ roleLabel: 'X', personId: '00000000-0000-4000-8000-000000000000', contactNumber: '01632 960201' }], version: 0 }),
    ).rejects.toMatchObject({ fieldErrors: [{ field: 'ladder.0.personId' }] });
    await expect(ladders().ladder(admin, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(ladders().ladders(cast.lee.ctx)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
