// The whole story of a visit in time order, for the lead's view of the visit record:
// going out, extensions, alarms, each escalation step with time and person, acknowledgements,
// check-in. Not for the AMHP's own screen, which must never show a duress alarm.

import { type Visit } from './visit.js';
import { type Acknowledgement, type EscalationRecord, ACKNOWLEDGEMENT_OUTCOME_LABELS } from '../ladders/overdue-escalation.js';

export type TrailEntryKind =
  | 'started'
  | 'extended'
  | 'help_requested'
  | 'duress'
  | 'alert'
  | 'acknowledged'
  | 'ladder_exhausted'
  | 'stand_down'
  | 'finished'
  | 'alarm_resolved';

export interface TrailEntry {
  at: Date;
  kind: TrailEntryKind;
  /** Person id when a person did it; null for the system. */
  by: string | null;
  text: string;
}

const STAND_DOWN_TEXT = {
  finished_safe: 'Stand-down sent: the AMHP checked in safe',
  finished_home: 'Stand-down sent: the AMHP checked in and went home',
  alarm_resolved: 'Stand-down sent: the alarm was closed',
  extended: 'Stand-down sent: the visit was extended',
  reached: 'Stand-down sent: the AMHP was reached',
} as const;

// Ties keep cause before effect: a check-in and an alert at the same instant read in the
// order they were caused, and neither is dropped.
const ORDER: Record<TrailEntryKind, number> = {
  started: 0,
  extended: 1,
  help_requested: 2,
  duress: 3,
  finished: 4,
  alert: 5,
  acknowledged: 6,
  ladder_exhausted: 7,
  alarm_resolved: 8,
  stand_down: 9,
};

function finishText(visit: Visit): string {
  return visit.reportedFinish === 'home' ? 'Checked in: finished and going home' : 'Checked in: finished and safe';
}

export function visitTrail(
  visit: Visit,
  records: readonly EscalationRecord[],
  acknowledgements: readonly Acknowledgement[],
): TrailEntry[] {
  const entries: TrailEntry[] = [
    { at: visit.startedAt, kind: 'started', by: visit.amhpId, text: `Went out to ${visit.place}` },
  ];
  for (const extension of visit.extensions) {
    entries.push({
      at: extension.at,
      kind: 'extended',
      by: extension.by,
      text: `Expected finish extended: ${extension.reason}`,
    });
  }
  if (visit.helpRequestedAt) {
    entries.push({ at: visit.helpRequestedAt, kind: 'help_requested', by: visit.amhpId, text: 'Asked for help now' });
  }
  if (visit.duressAt) {
    entries.push({
      at: visit.duressAt,
      kind: 'duress',
      by: visit.amhpId,
      text: 'Finished with the duress code: silent alarm',
    });
  } else if (visit.finishedAt && visit.reportedFinish) {
    entries.push({ at: visit.finishedAt, kind: 'finished', by: visit.amhpId, text: finishText(visit) });
  }
  if (visit.alarmResolution) {
    const { at, by, note } = visit.alarmResolution;
    entries.push({ at, kind: 'alarm_resolved', by, text: `Alarm closed: ${note}` });
  }
  const mine = records.filter((r) => r.visitId === visit.id);
  const alertKeys = new Set<string>();
  for (const record of mine) {
    switch (record.kind) {
      case 'alert': {
        alertKeys.add(record.key);
        const who = record.step.personLabel
          ? `${record.step.roleLabel} (${record.step.personLabel})`
          : record.step.roleLabel;
        entries.push({
          at: record.at,
          kind: 'alert',
          by: null,
          text: `Alerted ${who} on ${record.step.contactNumber}`,
        });
        break;
      }
      case 'ladder_exhausted':
        entries.push({
          at: record.at,
          kind: 'ladder_exhausted',
          by: null,
          text: 'Everyone on the ladder has been alerted',
        });
        break;
      case 'stand_down':
        entries.push({ at: record.at, kind: 'stand_down', by: null, text: STAND_DOWN_TEXT[record.reason] });
        break;
    }
  }
  for (const ack of acknowledgements) {
    if (!alertKeys.has(ack.alertKey)) continue;
    const label = ACKNOWLEDGEMENT_OUTCOME_LABELS[ack.outcome];
    entries.push({ at: ack.at, kind: 'acknowledged', by: ack.by, text: ack.note ? `${label}: ${ack.note}` : label });
  }
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        a.entry.at.getTime() - b.entry.at.getTime() || ORDER[a.entry.kind] - ORDER[b.entry.kind] || a.index - b.index,
    )
    .map(({ entry }) => entry);
}
