import type { Kysely } from 'kysely';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type { SafetyDb } from '../safety-tables.js';
import type { Acknowledgement, EscalationPolicy, EscalationRecord, LadderStep } from './overdue-escalation.js';

export interface StoredLadder {
  id: string;
  teamId: string;
  policy: EscalationPolicy;
  version: number;
  updatedAt: Date;
}

export type EscalationRecordRow = {
  key: string;
  visitId: string;
  episodeKey: string;
  trigger: EscalationRecord['trigger'];
  kind: EscalationRecord['kind'];
  stepIndex: number | null;
  step: (LadderStep & { personId?: string | null }) | null;
  standDownReason: string | null;
  notifyStepIndexes: number[] | null;
  at: Date;
};

export function toEscalationRecord(row: EscalationRecordRow): EscalationRecord {
  const base = { key: row.key, visitId: row.visitId, episodeKey: row.episodeKey, trigger: row.trigger, at: row.at };
  if (row.kind === 'alert') {
    return { ...base, kind: 'alert', stepIndex: row.stepIndex ?? 0, step: row.step ?? { roleLabel: 'Unknown', personLabel: null, contactNumber: '' } };
  }
  if (row.kind === 'stand_down') {
    return { ...base, kind: 'stand_down', reason: row.standDownReason as never, notifyStepIndexes: row.notifyStepIndexes ?? [] };
  }
  return { ...base, kind: 'ladder_exhausted' };
}

/** Escalation ladders (one per team), the escalation records written for visits, and acknowledgements. */
export class LaddersRepository {
  // ---- ladders ------------------------------------------------------------------------------

  async ladder(db: Kysely<SafetyDb>, teamId: string): Promise<StoredLadder | undefined> {
    const row = await db.selectFrom('safetyEscalationLadders').selectAll().where('teamId', '=', teamId).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      teamId: row.teamId,
      policy: { graceMinutes: row.graceMinutes, stepIntervalMinutes: row.stepIntervalMinutes, alarmStepIntervalMinutes: row.alarmStepIntervalMinutes, ladder: row.steps },
      version: row.version,
      updatedAt: row.updatedAt,
    };
  }

  async insertLadder(db: Kysely<SafetyDb>, teamId: string, policy: EscalationPolicy, by: string | null, at: Date): Promise<number> {
    const row = await db
      .insertInto('safetyEscalationLadders')
      .values({ teamId, ...this.columns(policy), updatedBy: by, updatedAt: at })
      .onConflict((oc) => oc.column('teamId').doNothing())
      .returning('version')
      .executeTakeFirst();
    return row?.version ?? 0;
  }

  async updateLadder(db: Kysely<SafetyDb>, id: string, expectedVersion: number, policy: EscalationPolicy, by: string, at: Date): Promise<number> {
    return updateVersioned(db, 'safetyEscalationLadders', { id, expectedVersion }, { ...this.columns(policy), updatedBy: by, updatedAt: at }, 'escalation ladder');
  }

  private columns(policy: EscalationPolicy) {
    return {
      graceMinutes: policy.graceMinutes,
      stepIntervalMinutes: policy.stepIntervalMinutes,
      alarmStepIntervalMinutes: policy.alarmStepIntervalMinutes,
      steps: JSON.stringify(policy.ladder),
    };
  }

  // ---- escalation records -------------------------------------------------------------------

  async records(db: Kysely<SafetyDb>, visitIds: readonly string[]): Promise<EscalationRecord[]> {
    if (visitIds.length === 0) return [];
    const rows = await db.selectFrom('safetyEscalationRecords').selectAll().where('visitId', 'in', visitIds).orderBy('at').orderBy('key').execute();
    return rows.map((r) => toEscalationRecord(r as EscalationRecordRow));
  }

  async findRecord(db: Kysely<SafetyDb>, key: string): Promise<EscalationRecord | undefined> {
    const row = await db.selectFrom('safetyEscalationRecords').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? toEscalationRecord(row as EscalationRecordRow) : undefined;
  }

  /** Exactly once per key: true when this call wrote it, false when it was already there. */
  async insertRecord(db: Kysely<SafetyDb>, record: EscalationRecord): Promise<boolean> {
    const inserted = await db
      .insertInto('safetyEscalationRecords')
      .values({
        key: record.key,
        visitId: record.visitId,
        episodeKey: record.episodeKey,
        trigger: record.trigger,
        kind: record.kind,
        stepIndex: record.kind === 'alert' ? record.stepIndex : null,
        step: record.kind === 'alert' ? JSON.stringify(record.step) : null,
        standDownReason: record.kind === 'stand_down' ? record.reason : null,
        notifyStepIndexes: record.kind === 'stand_down' ? JSON.stringify(record.notifyStepIndexes) : null,
        at: record.at,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async acknowledgements(db: Kysely<SafetyDb>, visitIds: readonly string[]): Promise<Array<Acknowledgement & { byName: string }>> {
    if (visitIds.length === 0) return [];
    const rows = await db
      .selectFrom('safetyAcknowledgements as k')
      .innerJoin('safetyEscalationRecords as r', 'r.key', 'k.alertKey')
      .innerJoin('people', 'people.id', 'k.byPersonId')
      .select(['k.alertKey', 'k.byPersonId', 'k.at', 'k.outcome', 'k.note', 'people.name as byName'])
      .where('r.visitId', 'in', visitIds)
      .orderBy('k.at')
      .execute();
    return rows.map((r) => ({ alertKey: r.alertKey, by: r.byPersonId, at: r.at, outcome: r.outcome, note: r.note, byName: r.byName }));
  }

  async insertAcknowledgement(db: Kysely<SafetyDb>, ack: Acknowledgement): Promise<string> {
    const row = await db
      .insertInto('safetyAcknowledgements')
      .values({ alertKey: ack.alertKey, byPersonId: ack.by, at: ack.at, outcome: ack.outcome, note: ack.note })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}
