import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_HOURS,
  isWorkingDay,
  nextServiceStart,
  nextWorkingDay,
  parseServiceHoursConfig,
  previousWorkingDay,
  responsibleTeamAt,
} from './service-hours.js';

const config = DEFAULT_SERVICE_HOURS;
// England & Wales 2025: Good Friday, Easter Monday, early May, Christmas, Boxing Day.
const bankHolidays = new Set(['2025-04-18', '2025-04-21', '2025-05-05', '2025-12-25', '2025-12-26']);
const at = (iso: string) => responsibleTeamAt(new Date(iso), config, bankHolidays);

describe('who is responsible, Monday to Thursday (winter, GMT)', () => {
  it('is EDT until 09:00, then the daytime service', () => {
    expect(at('2025-03-24T08:59:00Z').team).toBe('edt');
    expect(at('2025-03-24T09:00:00Z').team).toBe('daytime');
  });

  it('is the daytime service until 17:00, then EDT for everything', () => {
    expect(at('2025-03-24T16:59:00Z').team).toBe('daytime');
    const five = at('2025-03-24T17:00:00Z');
    expect(five.team).toBe('edt');
    expect(five.mhaWorkTeam).toBe('edt');
    expect(five.mhaWorkCovered).toBe(true);
  });

  it('reports the London date and time it decided on', () => {
    expect(at('2025-03-27T12:00:00Z')).toMatchObject({ localDate: '2025-03-27', localTime: '12:00' });
  });
});

describe('who is responsible on a Friday', () => {
  it('is the daytime service at 15:59 with EDT still closed', () => {
    expect(at('2025-03-28T15:59:00Z')).toMatchObject({ team: 'daytime', edtAlsoOpen: false });
  });

  it('from 16:00 EDT is also open, but the daytime service keeps MHA work until 16:30', () => {
    expect(at('2025-03-28T16:00:00Z')).toMatchObject({
      team: 'daytime',
      mhaWorkTeam: 'daytime',
      edtAlsoOpen: true,
    });
    expect(at('2025-03-28T16:29:00Z').team).toBe('daytime');
  });

  it('between 16:30 and 17:00 EDT is responsible but not yet taking MHA work', () => {
    const gap = at('2025-03-28T16:30:00Z');
    expect(gap).toMatchObject({ team: 'edt', mhaWorkTeam: null, mhaWorkCovered: false });
    expect(at('2025-03-28T16:59:00Z').mhaWorkCovered).toBe(false);
  });

  it('from 17:00 EDT takes MHA work through the weekend to 09:00 Monday', () => {
    expect(at('2025-03-28T17:00:00Z')).toMatchObject({ team: 'edt', mhaWorkCovered: true });
    expect(at('2025-03-29T12:00:00Z').team).toBe('edt');
    expect(at('2025-03-30T23:00:00Z').team).toBe('edt');
    // Monday 31 March is in BST: 09:00 London is 08:00 UTC.
    expect(at('2025-03-31T07:59:00Z').team).toBe('edt');
    expect(at('2025-03-31T08:00:00Z').team).toBe('daytime');
  });

  it('uses the same London clock times in summer', () => {
    expect(at('2025-07-04T15:29:00Z').team).toBe('daytime');
    expect(at('2025-07-04T15:30:00Z').mhaWorkCovered).toBe(false);
    expect(at('2025-07-04T16:00:00Z').mhaWorkCovered).toBe(true);
  });
});

describe('clock changes', () => {
  it('after the autumn change 09:00 London is 09:00 UTC again', () => {
    expect(at('2025-10-24T15:59:00Z').team).toBe('edt'); // Friday 16:59 BST
    expect(at('2025-10-27T08:30:00Z').team).toBe('edt'); // Monday 08:30 GMT
    expect(at('2025-10-27T09:00:00Z').team).toBe('daytime');
  });

  it('on the Sunday of each change EDT is responsible all day', () => {
    expect(at('2025-03-30T01:30:00Z').team).toBe('edt');
    expect(at('2025-10-26T01:30:00Z').team).toBe('edt');
  });
});

describe('bank holidays go to EDT', () => {
  it('covers Good Friday and Easter Monday entirely with EDT', () => {
    expect(at('2025-04-18T10:00:00Z')).toMatchObject({ team: 'edt', mhaWorkCovered: true, edtAlsoOpen: false });
    expect(at('2025-04-21T13:00:00Z').team).toBe('edt');
    expect(at('2025-04-22T08:00:00Z').team).toBe('daytime');
  });

  it('leaves bank holidays alone if the administrator switches that off', () => {
    const keepOpen = { ...config, bankHolidaysToEdt: false };
    expect(responsibleTeamAt(new Date('2025-04-21T10:00:00Z'), keepOpen, bankHolidays).team).toBe('daytime');
  });
});

describe('working days', () => {
  it('skips weekends and bank holidays', () => {
    expect(isWorkingDay('2025-04-17', config, bankHolidays)).toBe(true);
    expect(isWorkingDay('2025-04-18', config, bankHolidays)).toBe(false);
    expect(previousWorkingDay('2025-04-22', config, bankHolidays)).toBe('2025-04-17');
    expect(nextWorkingDay('2025-04-17', config, bankHolidays)).toBe('2025-04-22');
    expect(previousWorkingDay('2025-12-29', config, bankHolidays)).toBe('2025-12-24');
  });

  it('crosses month and year boundaries', () => {
    expect(previousWorkingDay('2025-12-01', config, bankHolidays)).toBe('2025-11-28');
    expect(nextWorkingDay('2025-12-31', config, bankHolidays)).toBe('2026-01-01');
  });

  it('gives up rather than loop when nothing is a working day', () => {
    const closed = {
      ...config,
      days: Object.fromEntries(Object.keys(config.days).map((d) => [d, { daytime: null }])),
    } as typeof config;
    expect(previousWorkingDay('2025-01-10', closed, bankHolidays)).toBeNull();
    expect(nextServiceStart('daytime', new Date('2025-01-10T12:00:00Z'), closed, bankHolidays)).toBeNull();
  });
});

describe('next start of a service', () => {
  const next = (team: 'daytime' | 'edt', iso: string, work: 'mha' | 'general' = 'mha') =>
    nextServiceStart(team, new Date(iso), config, bankHolidays, work)?.toISOString();

  it('EDT starts at 17:00 on a weekday evening', () => {
    expect(next('edt', '2025-03-24T16:50:00Z')).toBe('2025-03-24T17:00:00.000Z');
  });

  it('a start exactly now counts as the next start', () => {
    expect(next('edt', '2025-03-24T17:00:00Z')).toBe('2025-03-24T17:00:00.000Z');
  });

  it('EDT starts MHA work at 17:00 on Friday, general work at 16:00', () => {
    expect(next('edt', '2025-03-28T15:00:00Z')).toBe('2025-03-28T17:00:00.000Z');
    expect(next('edt', '2025-03-28T15:00:00Z', 'general')).toBe('2025-03-28T16:00:00.000Z');
  });

  it('the daytime service next starts on Monday 09:00 BST after the spring change', () => {
    expect(next('daytime', '2025-03-28T17:00:00Z')).toBe('2025-03-31T08:00:00.000Z');
  });

  it('the daytime service starts after the Easter bank holidays', () => {
    expect(next('daytime', '2025-04-17T16:00:00Z')).toBe('2025-04-22T08:00:00.000Z');
  });

  it('EDT after the autumn change starts at 17:00 GMT', () => {
    expect(next('edt', '2025-10-25T12:00:00Z')).toBe('2025-10-27T17:00:00.000Z');
  });
});

describe('configuration', () => {
  it('accepts the default hours', () => {
    expect(parseServiceHoursConfig(config).success).toBe(true);
  });

  it('refuses a daytime service that closes before it opens', () => {
    const bad = {
      ...config,
      days: { ...config.days, monday: { daytime: { opens: '17:00', closes: '09:00' } } },
    };
    const result = parseServiceHoursConfig(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('The daytime service must close after it opens');
  });

  it('refuses a time that is not a 24-hour clock time', () => {
    const bad = {
      ...config,
      days: { ...config.days, monday: { daytime: { opens: '9am', closes: '17:00' } } },
    };
    expect(parseServiceHoursConfig(bad).error?.issues[0]?.message).toMatch(/24-hour/);
  });

  it('refuses EDT taking MHA work before it opens', () => {
    const bad = {
      ...config,
      days: {
        ...config.days,
        friday: { daytime: { opens: '09:00', closes: '16:30' }, edtOpens: '16:00', edtMhaWorkFrom: '15:00' },
      },
    };
    expect(parseServiceHoursConfig(bad).error?.issues[0]?.message).toBe(
      'EDT cannot take Mental Health Act work before EDT opens',
    );
  });

  it('lets an administrator align Friday with the 17:00 close in the communication strategy', () => {
    const friday17 = parseServiceHoursConfig({
      ...config,
      days: { ...config.days, friday: { daytime: { opens: '09:00', closes: '17:00' }, edtOpens: '16:00' } },
    });
    expect(friday17.error).toBeUndefined();
    expect(responsibleTeamAt(new Date('2025-03-28T16:45:00Z'), friday17.data!, bankHolidays)).toMatchObject({
      team: 'daytime',
      mhaWorkCovered: true,
    });
  });
});
