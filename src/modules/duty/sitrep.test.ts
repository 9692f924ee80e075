import { describe, expect, it } from 'vitest';
import { createHandover, DAYTIME, EDT } from './handover.js';
import { planShift, recordSickness, standardShiftTimes } from './rota.js';
import type { DutyShift } from './rota.js';
import { DEFAULT_SERVICE_HOURS } from './service-hours.js';
import {
  buildSitrep,
  delaysOfAssessment,
  openHandoversForSitrep,
  renderSitrepText,
  SITREP_LINE_WIDTH,
  staffingFromRota,
  wrapLine,
} from './sitrep.js';
import type { SitrepInput } from './sitrep.js';

const config = DEFAULT_SERVICE_HOURS;
const bankHolidays = new Set<string>();
const names: Record<string, string> = {
  tomasz: 'Tomasz Nowak',
  aisha: 'Aisha Bello',
  priya: 'Priya Shah',
  marta: 'Marta Silva',
};
const nameOf = (id: string) => names[id] ?? id;

function rota(): { shifts: DutyShift[]; changes: ReturnType<typeof recordSickness> } {
  let shifts: DutyShift[] = [];
  for (const [id, personId, kind] of [
    ['s1', 'tomasz', 'daytime'],
    ['s2', 'priya', 'daytime'],
    ['s3', 'marta', 'edt'],
  ] as const) {
    const times = standardShiftTimes('2025-03-24', kind, config, bankHolidays);
    if (!times) throw new Error('no times');
    const result = planShift(shifts, { id, personId, kind, date: '2025-03-24', ...times }, () => ({ eligible: true }));
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    shifts = result.value.shifts;
  }
  const changes = recordSickness(
    shifts,
    {
      shiftId: 's2',
      reportedAt: new Date('2025-03-24T07:40:00Z'),
      recordedBy: 'sam',
      decidedBy: 'ops',
      backup: { personId: 'aisha', shiftId: 'cover' },
    },
    () => ({ eligible: true }),
  );
  return { shifts, changes };
}

function input(): SitrepInput {
  const { changes } = rota();
  if (!changes.ok) throw new Error(JSON.stringify(changes.refusal));
  const handover = createHandover({
    id: 'h1',
    from: DAYTIME,
    to: EDT,
    sentBy: 'tomasz',
    sentAt: new Date('2025-03-24T16:50:00Z'),
    items: [
      {
        referralId: 'r2',
        done: 'x',
        outstanding: 'y',
        contingency: 'z',
        warrantApplication: false,
        warrantReason: null,
      },
    ],
    documentsSent: [],
  });
  if (!handover.ok) throw new Error(JSON.stringify(handover.refusal));
  return {
    date: '2025-03-24',
    generatedAt: new Date('2025-03-24T17:45:00Z'),
    serviceName: 'Daytime AMHP Service',
    received: [
      { referralId: 'r2', label: 'AMHP-2025-0142', receivedAt: new Date('2025-03-24T11:20:00Z'), source: 'GP' },
      { referralId: 'r1', label: 'AMHP-2025-0141', receivedAt: new Date('2025-03-24T08:05:00Z'), source: null },
    ],
    assessments: [
      {
        referralId: 'r1',
        label: 'AMHP-2025-0141',
        completedAt: new Date('2025-03-24T15:00:00Z'),
        outcome: 'Detained under section 2',
      },
      {
        referralId: 'r0',
        label: 'AMHP-2025-0139',
        completedAt: new Date('2025-03-24T12:00:00Z'),
        outcome: 'Home treatment (CRHT)',
      },
      {
        referralId: 'r9',
        label: 'AMHP-2025-0137',
        completedAt: new Date('2025-03-24T10:00:00Z'),
        outcome: 'Detained under section 2',
      },
    ],
    pending: [
      {
        referralId: 'r2',
        label: 'AMHP-2025-0142',
        receivedAt: new Date('2025-03-24T11:20:00Z'),
        stage: 'Awaiting bed',
        allocatedTo: 'Tomasz Nowak',
      },
      {
        referralId: 'r8',
        label: 'AMHP-2025-0130',
        receivedAt: new Date('2025-03-21T14:00:00Z'),
        stage: 'Awaiting information',
        allocatedTo: null,
      },
    ],
    delays: [
      { referralId: 'r2', cause: 'Bed availability', minutes: null },
      { referralId: 'r8', cause: 'Section 12 doctor availability', minutes: null },
      { referralId: 'r1', cause: 'Bed availability', minutes: null },
    ],
    staffing: staffingFromRota(changes.value.shifts, [changes.value.change], '2025-03-24', nameOf),
    openHandovers: openHandoversForSitrep([handover.value], new Date('2025-03-24T17:45:00Z'), config, bankHolidays),
  };
}

describe('the SITREP as data', () => {
  const sitrep = buildSitrep(input());

  it('counts outcomes and delays by cause, most frequent first', () => {
    expect(sitrep.outcomes).toEqual([
      { label: 'Detained under section 2', count: 2 },
      { label: 'Home treatment (CRHT)', count: 1 },
    ]);
    expect(sitrep.delaysByCause).toEqual([
      { label: 'Bed availability', count: 2, minutes: 0 },
      { label: 'Section 12 doctor availability', count: 1, minutes: 0 },
    ]);
  });

  it('totals what a manager scans first', () => {
    expect(sitrep.totals).toEqual({
      received: 2,
      assessments: 3,
      pending: 2,
      unallocatedPending: 1,
      delays: 3,
      openHandovers: 1,
      overdueHandovers: 1,
    });
  });

  it('takes staffing from the rota: on duty, sick, and the back-up used', () => {
    expect(sitrep.staffing).toEqual({
      onDuty: [
        { name: 'Aisha Bello', team: 'daytime' },
        { name: 'Tomasz Nowak', team: 'daytime' },
        { name: 'Marta Silva', team: 'edt' },
      ],
      sick: [{ name: 'Priya Shah', team: 'daytime' }],
      backupsUsed: [{ name: 'Aisha Bello', coveringFor: 'Priya Shah' }],
    });
  });

  it('lists referrals in the order they arrived', () => {
    expect(sitrep.received.map((r) => r.referralId)).toEqual(['r1', 'r2']);
    expect(sitrep.pending.map((r) => r.referralId)).toEqual(['r8', 'r2']);
  });
});

describe('the SITREP as plain text for an e-mail', () => {
  const text = renderSitrepText(buildSitrep(input()));

  it('reads as expected', () => {
    expect(text).toBe(
      [
        'Daily SITREP: Daytime AMHP Service',
        'Monday 24 March 2025',
        'Produced Mon 24 Mar 17:45',
        '',
        'SUMMARY',
        '-------',
        'Referrals received:      2',
        'Assessments completed:   3',
        'Work pending:            2 (1 unallocated)',
        'Delays recorded:         3',
        'Open handovers:          1 (1 overdue)',
        '',
        'REFERRALS RECEIVED: 2',
        '---------------------',
        '- 08:05 AMHP-2025-0141',
        '- 11:20 AMHP-2025-0142 from GP',
        '',
        'ASSESSMENTS AND OUTCOMES: 3',
        '---------------------------',
        '- Detained under section 2: 2',
        '- Home treatment (CRHT): 1',
        '',
        '- 10:00 AMHP-2025-0137: Detained under section 2',
        '- 12:00 AMHP-2025-0139: Home treatment (CRHT)',
        '- 15:00 AMHP-2025-0141: Detained under section 2',
        '',
        'WORK PENDING: 2',
        '---------------',
        '- AMHP-2025-0130, received Fri 21 Mar 14:00: Awaiting information; not allocated',
        '- AMHP-2025-0142, received Mon 24 Mar 11:20: Awaiting bed; allocated to Tomasz',
        '  Nowak',
        '',
        'DELAYS BY CAUSE: 3',
        '------------------',
        '- Bed availability: 2',
        '- Section 12 doctor availability: 1',
        '',
        'STAFFING',
        '--------',
        'On duty (daytime): Aisha Bello, Tomasz Nowak',
        'On duty (EDT): Marta Silva',
        'Sick: Priya Shah (daytime)',
        'Back-up used: Aisha Bello for Priya Shah',
        '',
        'OPEN HANDOVERS: 1',
        '-----------------',
        '- OVERDUE: Daytime AMHP service to EDT, sent Mon 24 Mar 16:50, not yet accepted',
        '  (1 referral)',
        '',
      ].join('\n'),
    );
  });

  it('keeps every line within 80 characters', () => {
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(SITREP_LINE_WIDTH);
  });

  it('says None for empty sections rather than leaving them blank', () => {
    const empty = renderSitrepText(
      buildSitrep({
        ...input(),
        received: [],
        assessments: [],
        pending: [],
        delays: [],
        openHandovers: [],
        staffing: { onDuty: [], sick: [], backupsUsed: [] },
      }),
    );
    expect(empty).toContain('REFERRALS RECEIVED: 0\n---------------------\nNone');
    expect(empty).toContain('Sick: none');
    expect(empty.match(/^None$/gm)).toHaveLength(5);
  });

  it('is the same text every time for the same data', () => {
    expect(renderSitrepText(buildSitrep(input()))).toBe(text);
  });
});

describe('wrapping lines', () => {
  it('wraps on spaces with a hanging indent', () => {
    expect(wrapLine('one two three four', 10, '- ', '  ')).toEqual(['- one two', '  three', '  four']);
  });

  it('breaks a word longer than the line', () => {
    const lines = wrapLine('x'.repeat(25), 10, '', '');
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('keeps an empty line empty', () => {
    expect(wrapLine('', 10)).toEqual(['']);
  });
});

describe('delays of one assessment (issue 12)', () => {
  it('counts every derived wait under its cause, and the recorded cause only when no wait of it was derived', () => {
    expect(delaysOfAssessment('r1', [{ cause: 'Section 12 doctor', minutes: 75 }, { cause: 'Bed', minutes: 210 }], 'Section 12 doctor')).toEqual([
      { referralId: 'r1', cause: 'Section 12 doctor', minutes: 75 },
      { referralId: 'r1', cause: 'Bed', minutes: 210 },
    ]);
    expect(delaysOfAssessment('r2', [{ cause: 'Section 12 doctor', minutes: 20 }, { cause: 'Section 12 doctor', minutes: 40 }], 'Police')).toEqual([
      { referralId: 'r2', cause: 'Section 12 doctor', minutes: 60 },
      { referralId: 'r2', cause: 'Police', minutes: null },
    ]);
    expect(delaysOfAssessment('r3', [], null)).toEqual([]);
  });
});
