import type { ServiceContext } from '../../../platform/audit.js';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { alertViewsFor, type AlertView } from '../ladders/alerts-service.js';
import { type AlertRecord, type EscalationPolicy, unacknowledgedAlerts } from '../ladders/overdue-escalation.js';
import { ALERT_READERS } from '../safety-access.js';
import type { SafetyServiceDeps } from '../safety-ports.js';
import { SafetyPeopleRepository } from '../safety-people-repository.js';
import type { TrailEntry } from './visit-trail.js';
import { visitTrail } from './visit-trail.js';
import type { VisitEscalation } from './visits-service.js';
import { type VisitRow, VisitsRepository } from './visits-repository.js';
import { type BoardRow, whereaboutsBoard } from './whereabouts-board.js';

export interface BoardView {
  rows: Array<BoardRow & { visit: VisitRow; own: boolean }>;
  alerts: AlertView[];
  now: Date;
}

export interface VisitRecordView {
  visit: VisitRow;
  board: BoardRow | null;
  trail: Array<TrailEntry & { byName: string | null }>;
  openAlerts: AlertRecord[];
  policy: EscalationPolicy;
}

/**
 * What the people watching over AMHPs see: the whereabouts board (overdue detection, alarms
 * first) and the record of one visit with its whole trail. Both are audited views.
 */
export class WhereaboutsService {
  private readonly repository = new VisitsRepository();
  private readonly people = new SafetyPeopleRepository();

  constructor(private readonly deps: SafetyServiceDeps & { escalation: VisitEscalation }) {}

  /** Every AMHP out now: silent alarms, help requests and overdue first. Viewing it is audited. */
  async board(ctx: ServiceContext): Promise<BoardView> {
    requireRole(ctx.actor, ALERT_READERS, 'see the whereabouts board');
    const now = this.deps.clock.now();
    // One statement: the open visits, and the alerts' visits, records and acknowledgements.
    const read = await this.repository.boardRead(this.deps.db);
    const visits = read.open;
    const rows = whereaboutsBoard(visits, now).map((row) => ({ ...row, visit: row.visit as VisitRow, own: row.visit.amhpId === ctx.actor.personId }));
    // A watcher who is out themselves must not see their own duress alarm.
    for (const row of rows) {
      if (row.own && row.visit.status === 'duress') row.alert = null;
    }
    const alerts = alertViewsFor(ctx, { visits: read.forEscalation, records: read.records, acknowledgements: read.acknowledgements });
    await this.deps.audit.record(this.deps.db, ctx, { action: 'whereabouts_viewed', entityType: 'safety_board', summary: { rows: rows.length } });
    return { rows, alerts, now };
  }

  /** The lead's record of a visit, with the whole trail. Viewing it is audited. */
  async visitRecord(ctx: ServiceContext, id: string): Promise<VisitRecordView> {
    requireRole(ctx.actor, ALERT_READERS, 'see visit records');
    const db = this.deps.db;
    const visit = await this.repository.findVisit(db, id);
    if (!visit) throw new NotFoundError('The visit');
    if (visit.amhpId === ctx.actor.personId) throw new ForbiddenError('Your own visit is shown on your safety page');
    const { records, acknowledgements } = await this.deps.escalation.history(db, [visit.id]);
    const trail = visitTrail(visit, records, acknowledgements);
    const names = await this.people.peopleNames(db, trail.map((t) => t.by ?? ''));
    await this.deps.audit.record(db, ctx, { action: 'visit_record_viewed', entityType: 'safety_visit', entityId: id });
    return {
      visit,
      board: whereaboutsBoard([visit], this.deps.clock.now())[0] ?? null,
      trail: trail.map((t) => ({ ...t, byName: t.by ? (names.get(t.by) ?? null) : null })),
      openAlerts: unacknowledgedAlerts(records, acknowledgements),
      policy: await this.deps.escalation.policyFor(db, visit.teamId),
    };
  }
}
