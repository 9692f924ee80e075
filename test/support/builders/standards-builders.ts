/**
 * Builders for the standards toolkit's tests. Two kinds:
 *
 * - Domain values for the pure rules (no database): `anEvaluation({ status: 'closed' })`,
 *   `aRecord('2.3').partlyMet().rated('high', 'medium', 'low').agreed().build()`,
 *   `completedRecords()`; and `refusalOf(result)` / `valueOf(result)` to assert on a Result.
 * - Evaluations stored through the module's services on the base template, with traits:
 *   `await anEvaluationOf('northshire').chairedBy(cara).notesBy(nia).completed().closed().build(services)`.
 *
 * Names and services are invented.
 */
import type { FieldError } from '../../../src/platform/errors.js';
import type { Refusal, Result } from '../../../src/platform/result.js';
import type { ServiceContext } from '../../../src/platform/audit.js';
import type { Services } from '../../../src/services.js';
import { emptyStandardRecord } from '../../../src/modules/standards/evaluation.js';
import type { Evaluation, EvidenceItem, ParticipantPerspective, PartPosition, StandardRecord } from '../../../src/modules/standards/evaluation.js';
import type { StandardNumber } from '../../../src/modules/standards/standards-catalogue.js';
import { STANDARD_NUMBERS } from '../../../src/modules/standards/standards-catalogue.js';
import type { StoredEvaluation } from '../../../src/modules/standards/standards-repository.js';
import type { RecordCommand } from '../../../src/modules/standards/standards-schemas.js';
import type { Effectiveness, ExtentMet, RiskLevel } from '../../../src/modules/standards/standards-scales.js';
import type { OrganisationKey } from '../base-data.js';
import { TEST_TODAY } from '../test-clock.js';
import { aPerson, organisationId, type TestPerson } from './staff-builders.js';

// ── domain values ────────────────────────────────────────────────────────────────────────────

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
    this.record.partPositions = positions.map(([partKey, extentMet]): PartPosition => ({ partKey, extentMet, note: '' }));
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
export function completedRecords(evaluationId = 'eval-1', overrides: Partial<Record<StandardNumber, StandardRecord>> = {}): StandardRecord[] {
  return STANDARD_NUMBERS.map((n) => overrides[n] ?? aRecord(n, evaluationId).met().effectiveness('effective').rated('low', 'low', 'low').agreed().build());
}

/** The value of a domain result; the test fails (with the refusal) if it was refused. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected a value, but it was refused: ${JSON.stringify(result.refusal)}`);
  return result.value;
}

/** The refusal of a domain result; the test fails if it was not refused. */
export function refusalOf<T>(result: Result<T>): Refusal {
  if (result.ok) throw new Error('Expected a refusal, but the result was a value');
  return result.refusal;
}

/** The field errors of an `invalid` refusal; the test fails for any other outcome. */
export function fieldErrorsOf<T>(result: Result<T>): FieldError[] {
  const refusal = refusalOf(result);
  if (refusal.kind !== 'invalid') throw new Error(`Expected invalid input, but the refusal was ${refusal.kind}`);
  return refusal.fieldErrors;
}

/** The message a refusal shows. */
export function messageOf<T>(result: Result<T>): string | undefined {
  const refusal = refusalOf(result);
  return refusal.kind === 'not_found' ? refusal.what : refusal.message;
}

// ── stored evaluations (through the services, on the base template) ──────────────────────────

/** The people of an evaluation: a lead who chairs, an AMHP who takes notes, EDT, and the director. */
export interface StandardsCast {
  chair: TestPerson;
  notes: TestPerson;
  edt: TestPerson;
  director: TestPerson;
}

export async function aStandardsCast(services: Services): Promise<StandardsCast> {
  return {
    chair: await aPerson('Cara Chair').withRoles('amhp_lead').inTeam('daytime').withJobTitle('AMHP Lead').build(services),
    notes: await aPerson('Nia Notes').withRoles('amhp').inTeam('daytime').build(services),
    edt: await aPerson('Eddie Edt').withRoles('edt_officer').inTeam('edt').build(services),
    director: await aPerson('Dana Director').withRoles('governance_viewer').inTeam(null).build(services),
  };
}

/** A standard's save that completes it: met, effective, low risk, with a piece of evidence. */
export function completingSave(number: StandardNumber, expectedVersion: number, overrides: Partial<RecordCommand> = {}): RecordCommand {
  return {
    expectedVersion,
    extentMet: 'met',
    evidence: [{ kind: 'policy', description: `Policy for ${number}`, whereToFind: '' }],
    effectiveness: 'effective',
    risk: { amhps: 'low', service: 'low', organisation: 'low' },
    agreedByGroup: true,
    ...overrides,
  };
}

export interface BuiltEvaluation {
  id: string;
  stored: StoredEvaluation;
  /** The chair, who built it. */
  chair: ServiceContext;
}

type Stage = 'preparing' | 'in_meeting' | 'completed' | 'circulating' | 'closed';
const STAGES: Stage[] = ['preparing', 'in_meeting', 'completed', 'circulating', 'closed'];

/**
 * An evaluation of a council's AMHP service, built as its chair would: set up, then (by trait)
 * the meeting started, all 28 standards completed, circulated, closed.
 */
export function anEvaluationOf(service: OrganisationKey = 'northshire') {
  const spec: {
    date: string;
    chair: TestPerson | null;
    notes: TestPerson | null;
    participants: Array<{ person: TestPerson; represents: ParticipantPerspective[]; attending: boolean }>;
    baselineId: string | null;
    stage: Stage;
    overrides: Partial<Record<StandardNumber, Partial<RecordCommand>>>;
  } = { date: TEST_TODAY, chair: null, notes: null, participants: [], baselineId: null, stage: 'preparing', overrides: {} };
  const atLeast = (stage: Stage) => {
    if (STAGES.indexOf(spec.stage) < STAGES.indexOf(stage)) spec.stage = stage;
  };
  const builder = {
    on(date: string) {
      spec.date = date;
      return builder;
    },
    chairedBy(person: TestPerson) {
      spec.chair = person;
      return builder;
    },
    notesBy(person: TestPerson) {
      spec.notes = person;
      return builder;
    },
    withParticipant(person: TestPerson, represents: ParticipantPerspective[], attending = true) {
      spec.participants.push({ person, represents, attending });
      return builder;
    },
    repeatOf(baselineId: string) {
      spec.baselineId = baselineId;
      return builder;
    },
    inMeeting() {
      atLeast('in_meeting');
      return builder;
    },
    /** All 28 completed (met, effective, low risk) unless overridden per standard. */
    completed(overrides: Partial<Record<StandardNumber, Partial<RecordCommand>>> = {}) {
      spec.overrides = overrides;
      atLeast('completed');
      return builder;
    },
    circulating() {
      atLeast('circulating');
      return builder;
    },
    closed() {
      atLeast('closed');
      return builder;
    },
    async build(services: Services): Promise<BuiltEvaluation> {
      const standards = services.standards;
      const chair = spec.chair ?? (await aPerson('Cara Chair').withRoles('amhp_lead').build(services));
      const created = await standards.setup.create(chair.ctx, {
        serviceId: await organisationId(services, service),
        evaluationDate: spec.date,
        chairPersonId: chair.id,
        noteTakerPersonId: spec.notes?.id,
        participants: spec.participants.map((p) => ({ personId: p.person.id, represents: p.represents, attending: p.attending })),
        baselineEvaluationId: spec.baselineId ?? undefined,
      });
      const id = created.evaluation.id;
      const reached = (stage: Stage) => STAGES.indexOf(spec.stage) >= STAGES.indexOf(stage);
      if (reached('in_meeting')) await standards.evaluations.transition(chair.ctx, id, { event: 'start_meeting' });
      if (reached('completed')) {
        for (const number of STANDARD_NUMBERS) {
          const record = await standards.records.get(chair.ctx, id, number);
          await standards.records.save(chair.ctx, id, number, completingSave(number, record.version, spec.overrides[number]));
        }
      }
      if (reached('circulating')) await standards.evaluations.transition(chair.ctx, id, { event: 'circulate' });
      if (reached('closed')) await standards.evaluations.transition(chair.ctx, id, { event: 'close' });
      const stored = (await standards.evaluations.view(chair.ctx, id)).stored;
      return { id, stored, chair: chair.ctx };
    },
  };
  return builder;
}
