import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { unwrap } from '../../../platform/result.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import { ALERT_READERS } from '../safety-access.js';
import { safetyPaths } from '../safety-paths.js';
import type { SafetyServiceDeps } from '../safety-ports.js';
import { OPEN_STATUSES, type VisitRow, VisitsRepository } from '../visits/visits-repository.js';
import type { EscalationService } from './escalation-service.js';
import { TRIGGER_TEXT } from './escalation-service.js';
import { LaddersRepository, toEscalationRecord } from './ladders-repository.js';
import { type AcknowledgementOutcome, type AlertRecord, type LadderStep, acknowledgeAlert, unacknowledgedAlerts } from './overdue-escalation.js';

export interface AlertView {
  key: string;
  visitId: string;
  amhpName: string;
  place: string;
  phone: string;
  trigger: AlertRecord['trigger'];
  triggerText: string;
  stepIndex: number;
  step: LadderStep;
  at: Date;
  /** The ladder step names the person looking. */
  forMe: boolean;
}

export interface AcknowledgementCommand {
  outcome: AcknowledgementOutcome;
  note?: string | undefined;
}

export interface AcknowledgementView {
  id: string;
  alertKey: string;
  visitId: string;
  outcome: AcknowledgementOutcome;
  note: string | null;
  by: string;
  at: Date;
}

/** Escalation alerts as the people on the ladders see them: the list, acknowledging, the banner. */
export class AlertsService {
  private readonly repository = new LaddersRepository();
  private readonly visits = new VisitsRepository();

  constructor(private readonly deps: SafetyServiceDeps & { escalation: EscalationService }) {}

  /** Alerts nobody has acknowledged yet, oldest first; never those about the person looking. */
  async alerts(ctx: ServiceContext, audit = true): Promise<AlertView[]> {
    requireRole(ctx.actor, ALERT_READERS, 'see safety alerts');
    // The banner's shared read (one statement, dropped by every safety change): the alerts list,
    // the whereabouts board and the home panel read what the banner shows.
    const snapshot = await this.snapshot();
    if (audit) await this.deps.audit.record(this.deps.db, ctx, { action: 'safety_alerts_viewed', entityType: 'safety_alert' });
    return alertViewsFor(ctx, snapshot);
  }

  /**
   * What the banner needs, read once and shared by every page of every watcher until the safety
   * data changes: the module's live event (published after each commit, on every instance through
   * LISTEN/NOTIFY) drops it (`invalidate`), and it is never kept longer than BANNER_MAX_AGE_MS in
   * case a notification was missed.
   */
  private bannerSnapshot: { readAt: number; value: Promise<AlertSnapshot> } | undefined;

  /** The safety data changed (a committed visit, check-in, alarm, alert or acknowledgement). */
  invalidate(): void {
    this.bannerSnapshot = undefined;
  }

  private snapshot(): Promise<AlertSnapshot> {
    const now = this.deps.clock.now().getTime();
    const cached = this.bannerSnapshot;
    if (cached && now - cached.readAt >= 0 && now - cached.readAt < BANNER_MAX_AGE_MS) return cached.value;
    const value = (async (): Promise<AlertSnapshot> => {
      const rows = await this.visits.escalationSnapshot(this.deps.db);
      return {
        visits: rows.map((row) => row.visit),
        records: rows.flatMap((row) => row.records.map(toEscalationRecord)).sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key)),
        acknowledgements: rows
          .flatMap((row) => row.acknowledgements.map((k) => ({ alertKey: k.alertKey, by: k.byPersonId, at: k.at, outcome: k.outcome, note: k.note, byName: k.byName })))
          .sort((a, b) => a.at.getTime() - b.at.getTime()),
      };
    })();
    const entry = { readAt: now, value };
    this.bannerSnapshot = entry;
    // A failed read is not kept: the next page asks again.
    value.catch(() => {
      if (this.bannerSnapshot === entry) this.bannerSnapshot = undefined;
    });
    return value;
  }

  /** Records what the person alerted did; "reached" may stand the episode down at once. */
  async acknowledge(ctx: ServiceContext, alertKey: string, command: AcknowledgementCommand): Promise<AcknowledgementView> {
    requireRole(ctx.actor, ALERT_READERS, 'acknowledge safety alerts');
    const now = this.deps.clock.now();
    const result = await inTransaction(this.deps.db, async (trx) => {
      const record = await this.repository.findRecord(trx, alertKey);
      if (!record) throw new NotFoundError('The alert');
      const visit = await this.visits.findVisit(trx, record.visitId);
      if (!visit) throw new NotFoundError('The visit');
      if (visit.amhpId === ctx.actor.personId) throw new ForbiddenError('You cannot acknowledge an alert about yourself');
      const ack = unwrap(acknowledgeAlert(record, { by: ctx.actor.personId, at: now, outcome: command.outcome, note: command.note ?? null }));
      const id = await this.repository.insertAcknowledgement(trx, ack);
      await this.deps.audit.record(trx, ctx, {
        action: 'safety_alert_acknowledged',
        entityType: 'safety_visit',
        entityId: visit.id,
        summary: { outcome: command.outcome, stepIndex: record.kind === 'alert' ? record.stepIndex : null },
      });
      await this.deps.escalation.escalateVisit(trx, visit, now);
      return { id, alertKey: ack.alertKey, visitId: visit.id, outcome: ack.outcome, note: ack.note, by: ack.by, at: ack.at };
    });
    this.deps.publish();
    return result;
  }

  /** For the urgent banner: alarms and unacknowledged alerts, for watchers only, never about themselves. */
  async bannerFor(ctx: ServiceContext): Promise<{ text: string; href: string } | null> {
    if (!hasAnyRole(ctx.actor, ALERT_READERS)) return null;
    const snapshot = await this.snapshot();
    const open = snapshot.visits
      .filter((v) => (OPEN_STATUSES as readonly string[]).includes(v.status) && v.amhpId !== ctx.actor.personId)
      .sort((a, b) => a.expectedFinishAt.getTime() - b.expectedFinishAt.getTime());
    const alarm = open.find((v) => v.status === 'help_requested' || v.status === 'duress');
    if (alarm) {
      const what = alarm.status === 'duress' ? 'Silent alarm' : 'AMHP needs help now';
      return { text: `${what}: ${alarm.amhpName} at ${alarm.place}. Open the visit record`, href: safetyPaths.visit({ id: alarm.id }) };
    }
    const alerts = alertViewsFor(ctx, snapshot);
    const first = alerts[0];
    if (!first) return null;
    return {
      text: alerts.length === 1 ? `${first.triggerText}: ${first.amhpName} has not checked in. Acknowledge the alert` : `${alerts.length} whereabouts alerts need acknowledging`,
      href: alerts.length === 1 ? safetyPaths.visit({ id: first.visitId }) : safetyPaths.alerts(),
    };
  }
}

/**
 * How long the banner's shared read may be used without a change notification: a backstop for a
 * notification from another instance that was missed, kept to a few seconds.
 */
export const BANNER_MAX_AGE_MS = 5_000;

interface AlertSnapshot {
  visits: VisitRow[];
  records: AlertRecordsOf<EscalationService>;
  acknowledgements: AcknowledgementsOf<EscalationService>;
}
type HistoryOf<S extends EscalationService> = Awaited<ReturnType<S['history']>>;
type AlertRecordsOf<S extends EscalationService> = HistoryOf<S>['records'];
type AcknowledgementsOf<S extends EscalationService> = HistoryOf<S>['acknowledgements'];

/** Unacknowledged alerts as `alerts` lists them, from visits and their escalation history already read. */
export function alertViewsFor(ctx: ServiceContext, { visits, records, acknowledgements }: AlertSnapshot): AlertView[] {
  const byId = new Map(visits.map((v) => [v.id, v]));
  return unacknowledgedAlerts(records, acknowledgements)
    .filter((a) => byId.get(a.visitId)?.amhpId !== ctx.actor.personId)
    .map((a) => {
      const visit = byId.get(a.visitId) as VisitRow;
      return {
        key: a.key,
        visitId: a.visitId,
        amhpName: visit.amhpName,
        place: visit.place,
        phone: visit.phone,
        trigger: a.trigger,
        triggerText: TRIGGER_TEXT[a.trigger],
        stepIndex: a.stepIndex,
        step: a.step,
        at: a.at,
        forMe: a.step.personId === ctx.actor.personId,
      };
    });
}
