import { describe, expect, it } from 'vitest';
import { planRegisterImport, type RegisterImportExisting } from './register-import.js';

const NONE: RegisterImportExisting = { entries: [], approvals: [], authorisations: [], training: [], supervision: [] };
const ENTRY = { row: 2, personId: 'p1', profession: 'social_worker' as const, registrationNumber: 'SW1' };

describe('planning a register import (pure)', () => {
  it('writes approvals before the authorisations that depend on them, whatever the row order, filling the end dates', () => {
    const plan = planRegisterImport(
      {
        entries: [ENTRY],
        records: [
          { kind: 'authorisation', row: 2, personId: 'p1', lssaId: 'west', startDate: '2025-04-01', endDate: null },
          { kind: 'approval', row: 3, personId: 'p1', lssaId: 'north', startDate: '2024-04-01', endDate: null },
        ],
      },
      NONE,
    );
    expect(plan.outcomes).toEqual([
      { row: 2, action: 'create', errors: [], endDate: '2029-03-31' },
      { row: 3, action: 'create', errors: [], endDate: '2029-03-31' },
    ]);
    expect(plan.toCreate.map((r) => [r.kind, r.row, r.approvalRow])).toEqual([
      ['approval', 3, undefined],
      ['authorisation', 2, 3],
    ]);
    expect(plan.newEntries).toEqual([ENTRY]);
  });

  it('matches records already on the register (unchanged), and refuses one that differs rather than rewriting it', () => {
    const existing: RegisterImportExisting = {
      ...NONE,
      entries: [
        { personId: 'p1', profession: 'social_worker', registrationNumber: 'SW1' },
        { personId: 'p2', profession: 'social_worker', registrationNumber: 'SW2' },
      ],
      approvals: [
        { id: 'a1', personId: 'p1', approvingLssaId: 'north', startDate: '2024-04-01', endDate: '2029-03-31', earlyEnd: null },
        { id: 'a2', personId: 'p2', approvingLssaId: 'north', startDate: '2024-04-01', endDate: '2029-03-31', earlyEnd: null },
      ],
      training: [{ personId: 'p1', date: '2025-04-03', title: 'Legal update', hours: 3, legalUpdate: true }],
    };
    const plan = planRegisterImport(
      {
        entries: [ENTRY],
        records: [
          { kind: 'approval', row: 2, personId: 'p1', lssaId: 'north', startDate: '2024-04-01', endDate: null },
          { kind: 'approval', row: 3, personId: 'p1', lssaId: 'north', startDate: '2024-04-01', endDate: null },
          { kind: 'approval', row: 5, personId: 'p2', lssaId: 'west', startDate: '2024-04-01', endDate: null },
          { kind: 'training', row: 4, personId: 'p1', date: '2025-04-03', title: 'LEGAL UPDATE', provider: '', hours: 3, legalUpdate: true, amhpSpecific: false },
        ],
      },
      existing,
    );
    expect(plan.outcomes.map((o) => [o.row, o.action, o.errors[0]?.field])).toEqual([
      [2, 'unchanged', undefined],
      [3, 'error', 'start_date'],
      [4, 'unchanged', undefined],
      [5, 'error', 'lssaId'],
    ]);
    expect(plan.newEntries).toEqual([]);
    expect(plan.toCreate).toEqual([]);
  });

  it('refuses records of someone not on the register and given no profession, and an authorisation with no approval in force', () => {
    const plan = planRegisterImport(
      {
        entries: [ENTRY],
        records: [
          { kind: 'training', row: 2, personId: 'p2', date: '2025-04-03', title: 'Legal update', provider: '', hours: 3, legalUpdate: true, amhpSpecific: false },
          { kind: 'authorisation', row: 3, personId: 'p1', lssaId: 'west', startDate: '2025-04-01', endDate: null },
          { kind: 'supervision', row: 4, personId: 'p1', supervisorId: 'p1', date: '2025-04-01', type: 'professional_1_1' },
        ],
      },
      NONE,
    );
    expect(plan.outcomes.map((o) => [o.row, o.errors.map((e) => e.field)])).toEqual([
      [2, ['profession']],
      [3, ['startDate']],
      [4, ['supervisorId']],
    ]);
    expect(plan.toCreate).toEqual([]);
  });
});
