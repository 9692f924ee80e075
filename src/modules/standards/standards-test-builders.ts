/**
 * Small builders for tests (unit now, service and browser journeys later): an evaluation and
 * standard records with traits, e.g. `aRecord('2.3').partlyMet().rated('high', 'medium', 'low').agreed().build()`.
 * Names and services are invented.
 */
import { emptyStandardRecord } from './evaluation.js';
import type { Evaluation, EvidenceItem, PartPosition, StandardRecord } from './evaluation.js';
import type { StandardNumber } from './standards-catalogue.js';
import { STANDARD_NUMBERS } from './standards-catalogue.js';
import type { Effectiveness, ExtentMet, RiskLevel } from './standards-scales.js';

export const AT = new Date('2025-03-04T10:00:00Z');

export function anEvaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    id: 'eval-1',
    serviceId: 'service-wessex',
    serviceName: 'Wessex Vale AMHP Service',
    evaluationDate: '2025-03-04',
    chair: { personId: 'p-chair', name: 'Morag Ellery' },
    noteTaker: { personId: 'p-notes', name: 'Dev Okafor' },
    participants: [
      { personId: 'p-day', name: 'Ines Marchetti', represents: ['daytime'], attending: true },
      { personId: 'p-edt', name: 'Tomasz Brennan', represents: ['out_of_hours'], attending: true },
    ],
    serviceParts: [
      { key: 'daytime', label: 'Daytime AMHP service' },
      { key: 'edt', label: 'Emergency Duty Team (out of hours)' },
    ],
    catalogueVersion: 'AMHP Hub paraphrase 1',
    baselineEvaluationId: null,
    status: 'in_meeting',
    history: [],
    ...overrides,
  };
}

class RecordBuilder {
  private record: StandardRecord;
  constructor(number: StandardNumber, evaluationId: string) {
    this.record = emptyStandardRecord(evaluationId, number);
  }
  extent(extentMet: ExtentMet): this {
    this.record.extentMet = extentMet;
    return this;
  }
  met(): this {
    return this.extent('met');
  }
  partlyMet(): this {
    return this.extent('partly_met');
  }
  notMet(): this {
    return this.extent('not_met');
  }
  parts(...positions: [string, ExtentMet][]): this {
    this.record.partPositions = positions.map(([partKey, extentMet]): PartPosition => ({
      partKey,
      extentMet,
      note: '',
    }));
    return this;
  }
  effectiveness(level: Effectiveness): this {
    this.record.effectiveness = level;
    return this;
  }
  rated(amhps: RiskLevel, service: RiskLevel, organisation: RiskLevel): this {
    this.record.risk = { amhps, service, organisation };
    this.record.effectiveness ??= 'partly_effective';
    return this;
  }
  evidence(...items: Partial<EvidenceItem>[]): this {
    this.record.evidence = items.map((item, i) => ({
      id: `ev-${this.record.standardNumber}-${i}`,
      kind: 'policy',
      description: 'Lone working policy',
      whereToFind: '',
      carriedForwardFrom: null,
      needsReview: false,
      ...item,
    }));
    return this;
  }
  agreed(): this {
    this.record.agreedByGroup = true;
    return this;
  }
  build(): StandardRecord {
    return { ...this.record };
  }
}

export function aRecord(number: StandardNumber, evaluationId = 'eval-1'): RecordBuilder {
  return new RecordBuilder(number, evaluationId);
}

/** All 28 standards completed: met, low risk; tweak individual ones with `overrides`. */
export function completedRecords(
  evaluationId = 'eval-1',
  overrides: Partial<Record<StandardNumber, StandardRecord>> = {},
): StandardRecord[] {
  return STANDARD_NUMBERS.map(
    (n) =>
      overrides[n] ??
      aRecord(n, evaluationId)
        .met()
        .effectiveness('effective')
        .rated('low', 'low', 'low')
        .agreed()
        .build(),
  );
}
