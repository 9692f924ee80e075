import type { Kysely } from 'kysely';
import { safetyPaths } from '../safety-paths.js';
import type { SafetyOutbox } from '../safety-ports.js';
import { SafetyPeopleRepository } from '../safety-people-repository.js';
import type { SafetyDb } from '../safety-tables.js';
import { type VisitRow, VisitsRepository } from '../visits/visits-repository.js';
import { LaddersRepository } from './ladders-repository.js';
import type { LaddersService } from './ladders-service.js';
import { type Acknowledgement, type AlertRecord, type EscalationPolicy, type EscalationRecord, type LadderStep, planEscalation } from './overdue-escalation.js';

export const TRIGGER_TEXT = { overdue: 'Overdue', help_requested: 'Help requested', duress: 'Silent alarm' } as const;

/**
 * The escalation engine: works out what is due for a visit (overdue, help requested, duress)
 * and writes each ladder step, ladder-exhausted warning and stand-down exactly once (unique
 * keys), with a notification to the people concerned. Run by the `safety-escalation` job and,
 * for alarms, extensions and acknowledgements, at once in the same transaction.
 */
export class EscalationService {
  private readonly repository = new LaddersRepository();
  private readonly visits = new VisitsRepository();
  private readonly people = new SafetyPeopleRepository();

  constructor(
    private readonly deps: { ladders: LaddersService; outbox: SafetyOutbox; publish(): void },
  ) {}

  policyFor(db: Kysely<SafetyDb>, teamId: string | null): Promise<EscalationPolicy> {
    return this.deps.ladders.policyFor(db, teamId);
  }

  /** A visit's escalation records and acknowledgements (with who acknowledged). */
  async history(db: Kysely<SafetyDb>, visitIds: readonly string[]): Promise<{ records: EscalationRecord[]; acknowledgements: Array<Acknowledgement & { byName: string }> }> {
    const [records, acknowledgements] = [await this.repository.records(db, visitIds), await this.repository.acknowledgements(db, visitIds)];
    return { records, acknowledgements };
  }

  /** Writes every escalation step due for one visit, each exactly once; how many were new. */
  async escalateVisit(trx: Kysely<SafetyDb>, visit: VisitRow, now: Date): Promise<number> {
    const policy = await this.policyFor(trx, visit.teamId);
    const { records, acknowledgements } = await this.history(trx, [visit.id]);
    const plan = planEscalation({ visit, policy, records, acknowledgements, now });
    let written = 0;
    for (const record of plan.due) {
      if (!(await this.repository.insertRecord(trx, record))) continue;
      written += 1;
      await this.notify(trx, visit, record, [...records, ...plan.due]);
    }
    return written;
  }

  /** The job: every open visit, and finished ones whose alerted episode is not yet stood down. */
  async runEscalation(trx: Kysely<SafetyDb>, now: Date): Promise<number> {
    const visits = await this.visits.visitsForEscalation(trx);
    let written = 0;
    for (const visit of visits) written += await this.escalateVisit(trx, visit, now);
    if (written > 0) this.deps.publish();
    return written;
  }

  /**
   * When the job next has something to do: now when a step (or stand-down) is due already,
   * otherwise the earliest ladder step still to come; null when no visit can escalate.
   */
  async nextDue(db: Kysely<SafetyDb>, now: Date): Promise<Date | null> {
    let next: Date | null = null;
    for (const visit of await this.visits.visitsForEscalation(db)) {
      const policy = await this.policyFor(db, visit.teamId);
      const { records, acknowledgements } = await this.history(db, [visit.id]);
      const plan = planEscalation({ visit, policy, records, acknowledgements, now });
      const at = plan.due.length > 0 ? now : plan.nextCheckAt;
      if (at && (!next || at.getTime() < next.getTime())) next = at;
    }
    return next;
  }

  private async notify(trx: Kysely<SafetyDb>, visit: VisitRow, record: EscalationRecord, all: readonly EscalationRecord[]): Promise<void> {
    const link = safetyPaths.visit({ id: visit.id });
    const send = async (step: LadderStep, subject: string, body: string) => {
      const person = step.personId ? await this.people.person(trx, step.personId) : undefined;
      await this.deps.outbox.enqueue(trx, { recipientPersonId: person?.id ?? null, recipientAddress: person?.email ?? `phone ${step.contactNumber}`, subject, body });
    };
    const expected = visit.expectedFinishAt.toISOString();
    if (record.kind === 'alert') {
      const what =
        record.trigger === 'overdue'
          ? `was expected to finish at ${expected} and has not checked in`
          : record.trigger === 'help_requested'
            ? 'has pressed "I need help now"'
            : 'has raised a silent alarm (duress code). Do not mention the alarm if you reach them; ask closed questions';
      await send(
        record.step,
        `${TRIGGER_TEXT[record.trigger]}: ${visit.amhpName} (step ${record.stepIndex + 1})`,
        `${visit.amhpName} ${what}.\nWhere: ${visit.place}\nPhone: ${visit.phone}\nCall them now, then acknowledge the alert in the app: ${link}`,
      );
      return;
    }
    const alerts = all.filter((r): r is AlertRecord => r.kind === 'alert' && r.visitId === visit.id && r.episodeKey === record.episodeKey);
    const steps = record.kind === 'stand_down' ? alerts.filter((a) => record.notifyStepIndexes.includes(a.stepIndex)) : alerts;
    const seen = new Set<string>();
    for (const alert of steps) {
      const id = `${alert.step.personId ?? ''}|${alert.step.contactNumber}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (record.kind === 'stand_down') {
        await send(alert.step, `Stand down: ${visit.amhpName}`, `No further action is needed for ${visit.amhpName} (${record.reason.replace('_', ' ')}). Record: ${link}`);
      } else {
        await send(
          alert.step,
          `Nobody has reached ${visit.amhpName}`,
          `Everyone on the escalation ladder has been alerted and nobody has reached ${visit.amhpName} at ${visit.place}. Consider calling the police (999). Record: ${link}`,
        );
      }
    }
  }
}
