import { randomUUID } from 'node:crypto';
import { type z } from 'zod';
import { inTransaction, type Db, type DbOrTx, type Tx } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import type { Clock } from '../../platform/clock.js';
import { ForbiddenError, NotFoundError, RuleViolationError, StateError, ValidationError, assertVersionMatched } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import type { LiveEvents } from '../../platform/live-events.js';
import type { Notifications } from '../../platform/notifications.js';
import { hasAnyRole, requireRole, type Role } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings-service.js';
import {
  ADDITIONAL_HOURS_REASON_LABELS,
  decideClaim,
  monthlyAdditionalHours,
  recordToilTaken,
  submitClaim,
  toilBalanceMinutes,
  withdrawClaim,
} from './additional-hours.js';
import { cancelDebrief, debriefDueBy, isDebriefOverdue, openDebriefs, recordDebriefHeld, requestDebrief } from './debrief.js';
import { normaliseDuressCode, validateNewDuressCode } from './duress-code.js';
import { SHIFT_LIMIT_HOURS, endWorkingDay, planLongShiftAlerts, recordLongShiftPlan, shiftElapsedMinutes, shiftLimitAt, startWorkingDay, type ShiftKind } from './long-shift.js';
import {
  acknowledgeAlert,
  escalationPolicy,
  planEscalation,
  unacknowledgedAlerts,
  type AlertRecord,
  type EscalationPolicy,
  type EscalationRecord,
  type LadderStep,
} from './overdue-escalation.js';
import { SafetyRepository, type VisitRow } from './safety-repository.js';
import type { FieldError, Refusal, Result } from './safety-result.js';
import {
  acknowledgementSchema,
  additionalHoursApiSchema,
  additionalHoursFormSchema,
  checkInSchema,
  claimDecisionSchema,
  debriefCancelSchema,
  debriefHeldFormSchema,
  debriefRequestSchema,
  escalationPolicySchema,
  extendVisitApiSchema,
  extendVisitFormSchema,
  longShiftPlanFormSchema,
  resolveAlarmSchema,
  startWorkingDayFormSchema,
  toilTakenFormSchema,
  visitApiSchema,
  visitFormSchema,
} from './safety-schemas.js';
import { addDays, addMinutes, londonDate, londonMonth } from '../../platform/london-time.js';
import { visitTrail } from './visit-trail.js';
import { extendVisit, finishVisit, requestHelp, resolveAlarm, startVisit, visitAsSeenByAmhp } from './visit.js';
import { whereaboutsBoard } from './whereabouts-board.js';

/** Who watches over AMHPs in the field: sees the board, alerts and visit records. */
export const WATCHERS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager'];
/** Those alerted on a ladder may also be line managers. */
export const ALERT_READERS: readonly Role[] = [...WATCHERS, 'line_manager'];
export const HOURS_APPROVERS: readonly Role[] = ['line_manager', 'operational_manager'];
export const HOURS_MONITORS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager', 'line_manager'];
export const LIVE_TOPIC = 'safety';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const policySchema = escalationPolicySchema;
export type StoredPolicy = z.output<typeof escalationPolicySchema>;

export function policyKey(teamId: string): string {
  return `safety.escalation.${teamId}`;
}

/** Optional seam to the referrals module: resolves a typed reference or id to the referral. */
export type ReferralLookup = (idOrReference: string) => Promise<{ id: string; reference: string } | null>;

function refusal(result: Refusal): never {
  const message = result.errors.map((e) => e.message).join('. ');
  if (result.kind === 'forbidden') throw new ForbiddenError(message);
  if (result.kind === 'conflict') throw new StateError(message, 'refused', { errors: result.errors });
  throw new ValidationError(result.errors);
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) refusal(result);
  return result.value;
}

function appendErrors(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationError(errors);
}

const TRIGGER_TEXT = { overdue: 'Overdue', help_requested: 'Help requested', duress: 'Silent alarm' } as const;

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
  forMe: boolean;
}

export class SafetyService {
  private readonly repository = new SafetyRepository();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly settings: SettingsService,
    private readonly notifications: Notifications,
    private readonly liveEvents: LiveEvents,
    private readonly referrals?: ReferralLookup,
  ) {}

  private publish(): void {
    this.liveEvents.publish(LIVE_TOPIC);
  }

  /** A typed referral: linked when the referrals module knows it, else kept as the text typed. */
  private async referral(text: string | null): Promise<{ id: string | null; reference: string | null }> {
    if (!text) return { id: null, reference: null };
    const found = this.referrals ? await this.referrals(text).catch(() => null) : null;
    if (found) return { id: found.id, reference: found.reference };
    return { id: null, reference: text };
  }

  // ---- escalation policy ---------------------------------------------------------------

  async policyFor(db: DbOrTx, teamId: string | null): Promise<EscalationPolicy> {
    if (teamId) {
      const stored = await this.repository.settingValue(db, policyKey(teamId));
      const parsed = stored ? policySchema.safeParse(stored.value) : undefined;
      if (parsed?.success) return parsed.data;
    }
    return this.defaultPolicy(db, teamId);
  }

  /** Until an administrator configures a ladder: the team's leads / on-call managers, then operational managers. */
  private async defaultPolicy(db: DbOrTx, teamId: string | null): Promise<EscalationPolicy> {
    const kind = await this.repository.teamKind(db, teamId);
    const first = await this.repository.peopleWithRoles(db, [kind === 'edt' ? 'edt_manager' : 'amhp_lead'], teamId);
    const managers = await this.repository.peopleWithRoles(db, ['operational_manager']);
    const ladder: LadderStep[] = [
      ...first.slice(0, 1).map((p) => ({ roleLabel: kind === 'edt' ? 'EDT on-call manager' : 'AMHP Lead', personLabel: p.name, personId: p.id, contactNumber: p.phone || '01632 960000' })),
      ...managers.slice(0, 1).map((p) => ({ roleLabel: 'AMHP operational manager', personLabel: p.name, personId: p.id, contactNumber: p.phone || '01632 960000' })),
    ];
    if (ladder.length === 0) ladder.push({ roleLabel: 'AMHP Lead on duty', personLabel: null, contactNumber: '01632 960000' });
    return escalationPolicy(ladder);
  }

  async policies(ctx: ServiceContext): Promise<Array<{ teamId: string; teamName: string; teamKind: string; policy: EscalationPolicy; version: number; configured: boolean }>> {
    requireRole(ctx.actor, ['admin'], 'see the escalation ladders');
    const teams = await this.db.selectFrom('teams').select(['id', 'name', 'kind']).orderBy('name').execute();
    const result = [];
    for (const team of teams) {
      const stored = await this.repository.settingValue(this.db, policyKey(team.id));
      result.push({
        teamId: team.id,
        teamName: team.name,
        teamKind: team.kind,
        policy: await this.policyFor(this.db, team.id),
        version: stored?.version ?? 0,
        configured: stored !== undefined,
      });
    }
    return result;
  }

  /** `raw`: the admin form (roleLabel0, personId0, contactNumber0 …) or an API body with `ladder`. */
  async putPolicy(ctx: ServiceContext, teamId: string, raw: Record<string, unknown>, expectedVersion: number): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'change the escalation ladders');
    const team = await this.db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    if (!team) throw new NotFoundError('The team');
    let ladder: unknown = raw.ladder;
    if (!Array.isArray(ladder)) {
      const rows = [];
      for (let i = 0; i < 8; i += 1) {
        const roleLabel = String(raw[`roleLabel${i}`] ?? '').trim();
        const personId = String(raw[`personId${i}`] ?? '').trim();
        const contactNumber = String(raw[`contactNumber${i}`] ?? '').trim();
        if (!roleLabel && !personId && !contactNumber) continue;
        const person = personId && UUID.test(personId) ? await this.repository.person(this.db, personId) : undefined;
        rows.push({ roleLabel, personId: person?.id ?? null, personLabel: person?.name ?? null, contactNumber });
      }
      ladder = rows;
    }
    const value = { graceMinutes: raw.graceMinutes, stepIntervalMinutes: raw.stepIntervalMinutes, alarmStepIntervalMinutes: raw.alarmStepIntervalMinutes, ladder };
    await this.settings.put(ctx, policyKey(teamId), policySchema, value, expectedVersion);
  }

  // ---- visits --------------------------------------------------------------------------

  private isWatcher(ctx: ServiceContext): boolean {
    return hasAnyRole(ctx.actor, WATCHERS);
  }

  async startVisit(ctx: ServiceContext, raw: unknown, via: 'form' | 'api' = 'form'): Promise<string> {
    requireRole(ctx.actor, ['amhp'], 'record going out');
    const now = this.clock.now();
    const fields = via === 'form' ? parseInput(visitFormSchema(now), raw) : parseInput(visitApiSchema(now), raw);
    const referral = await this.referral(fields.referralId);
    const id = await inTransaction(this.db, async (trx) => {
      const open = await this.repository.openVisitOf(trx, ctx.actor.personId);
      const visit = unwrap(
        startVisit(
          {
            id: randomUUID(),
            amhpId: ctx.actor.personId,
            place: fields.place,
            referralId: referral.id,
            companions: fields.companions,
            aloneReason: fields.aloneReason,
            phone: fields.phone,
            expectedFinishAt: fields.expectedFinishAt,
          },
          now,
          open ? [open] : [],
        ),
      );
      const teamId = ctx.actor.teamId ?? (await this.repository.firstTeamOfKind(trx, 'daytime'));
      const newId = await this.repository.insertVisit(trx, visit, { teamId, referralReference: referral.reference });
      await this.audit.record(trx, ctx, {
        action: 'visit_started',
        entityType: 'safety_visit',
        entityId: newId,
        summary: { companions: visit.companions.map((c) => c.kind), alone: visit.companions.length === 0, referralLinked: referral.id !== null },
      });
      return newId;
    });
    this.publish();
    return id;
  }

  private async loadVisit(db: DbOrTx, id: string, forUpdate = false): Promise<VisitRow> {
    if (!UUID.test(id)) throw new NotFoundError('The visit');
    const visit = await this.repository.findVisit(db, id, forUpdate);
    if (!visit) throw new NotFoundError('The visit');
    return visit;
  }

  /** The AMHP's own view of their visit: never shows a duress alarm. */
  async ownVisit(ctx: ServiceContext, id: string) {
    const visit = await this.loadVisit(this.db, id);
    if (visit.amhpId !== ctx.actor.personId) throw new ForbiddenError('You can only see your own visits here');
    return { ...visitAsSeenByAmhp(visit), referralReference: visit.referralReference, hasCodes: await this.hasCodes(ctx.actor.personId) };
  }

  async isOwnVisit(ctx: ServiceContext, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const visit = await this.repository.findVisit(this.db, id);
    return visit?.amhpId === ctx.actor.personId;
  }

  async myOpenVisit(ctx: ServiceContext) {
    const visit = await this.repository.openVisitOf(this.db, ctx.actor.personId);
    return visit ? { ...visitAsSeenByAmhp(visit), referralReference: visit.referralReference } : null;
  }

  async myRecentVisits(ctx: ServiceContext) {
    const visits = await this.repository.visitsOf(this.db, ctx.actor.personId, 10);
    return visits.map((v) => ({ ...visitAsSeenByAmhp(v), referralReference: v.referralReference }));
  }

  /** The lead's record of a visit, with the whole trail. Viewing it is audited. */
  async visitRecord(ctx: ServiceContext, id: string) {
    requireRole(ctx.actor, ALERT_READERS, 'see visit records');
    const visit = await this.loadVisit(this.db, id);
    if (visit.amhpId === ctx.actor.personId) throw new ForbiddenError('Your own visit is shown on your safety page');
    const records = await this.repository.records(this.db, [visit.id]);
    const acks = await this.repository.acknowledgements(this.db, [visit.id]);
    const trail = visitTrail(visit, records, acks);
    const names = await this.repository.peopleNames(this.db, trail.map((t) => t.by ?? ''));
    const open = unacknowledgedAlerts(records, acks);
    await this.audit.record(this.db, ctx, { action: 'visit_record_viewed', entityType: 'safety_visit', entityId: id });
    const now = this.clock.now();
    return {
      visit,
      board: whereaboutsBoard([visit], now)[0] ?? null,
      trail: trail.map((t) => ({ ...t, byName: t.by ? (names.get(t.by) ?? null) : null })),
      openAlerts: open,
      policy: await this.policyFor(this.db, visit.teamId),
    };
  }

  async hasCodes(personId: string): Promise<boolean> {
    return (await this.repository.codes(this.db, personId)) !== undefined;
  }

  /** Sets the AMHP's personal check-in code and duress code (argon2 hashes only). */
  async setCodes(ctx: ServiceContext, raw: Record<string, unknown>): Promise<void> {
    requireRole(ctx.actor, ['amhp'], 'set check-in codes');
    const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
    const errors: FieldError[] = [
      ...validateNewDuressCode(text('checkinCode'), text('checkinConfirmation')).map((e) => ({ ...e, field: e.field === 'code' ? 'checkinCode' : 'checkinConfirmation' })),
      ...validateNewDuressCode(text('duressCode'), text('duressConfirmation')).map((e) => ({ ...e, field: e.field === 'code' ? 'duressCode' : 'duressConfirmation' })),
    ];
    if (errors.length === 0 && normaliseDuressCode(text('checkinCode')) === normaliseDuressCode(text('duressCode'))) {
      errors.push({ field: 'duressCode', message: 'The duress code must be different from your check-in code' });
    }
    appendErrors(errors);
    const [checkinHash, duressHash] = await Promise.all([hashPassword(normaliseDuressCode(text('checkinCode'))), hashPassword(normaliseDuressCode(text('duressCode')))]);
    await inTransaction(this.db, async (trx) => {
      await this.repository.saveCodes(trx, ctx.actor.personId, checkinHash, duressHash, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'checkin_codes_set', entityType: 'person', entityId: ctx.actor.personId });
    });
  }

  async removeCodes(ctx: ServiceContext): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await this.repository.removeCodes(trx, ctx.actor.personId);
      await this.audit.record(trx, ctx, { action: 'checkin_codes_removed', entityType: 'person', entityId: ctx.actor.personId });
    });
  }

  /**
   * Whether the code entered on a finish is the duress code. Both hashes are always checked, so
   * the time taken does not tell a watcher which code was typed. A code matching neither is
   * refused (the AMHP sees "not recognised" and tries again).
   */
  private async codeIsDuress(personId: string, candidate: string | undefined): Promise<boolean> {
    const codes = await this.repository.codes(this.db, personId);
    if (!codes) return false;
    const code = normaliseDuressCode(candidate ?? '');
    const [normal, duress] = await Promise.all([verifyPassword(codes.checkinCodeHash, code), verifyPassword(codes.duressCodeHash, code)]);
    if (duress) return true;
    if (normal) return false;
    throw ValidationError.of('code', code ? 'Check-in code not recognised. Try again' : 'Enter your check-in code');
  }

  /**
   * Safe, going home, or "I need help now". Returns exactly what the AMHP's screen shows; a
   * duress finish returns the same as a normal one.
   */
  async checkIn(ctx: ServiceContext, visitId: string, raw: unknown) {
    const input = parseInput(checkInSchema, raw);
    const duress = input.action === 'help' ? false : await this.codeIsDuress(ctx.actor.personId, input.code);
    const now = this.clock.now();
    const result = await inTransaction(this.db, async (trx) => {
      const visit = await this.loadVisit(trx, visitId, true);
      const changed =
        input.action === 'help'
          ? unwrap(requestHelp(visit, { by: ctx.actor.personId, at: now }))
          : unwrap(finishVisit(visit, { by: ctx.actor.personId, at: now, how: input.action, duress }));
      assertVersionMatched(await this.repository.updateVisit(trx, changed, visit.version), 'visit');
      // The audit row is the same for a duress finish: the alarm itself is on the visit record.
      await this.audit.record(trx, ctx, {
        action: input.action === 'help' ? 'visit_help_requested' : 'visit_checked_in',
        entityType: 'safety_visit',
        entityId: visitId,
        summary: input.action === 'help' ? {} : { how: input.action },
      });
      const updated = { ...visit, ...changed };
      // Alarms escalate at once, in the same transaction as the check-in.
      if (changed.status === 'help_requested' || changed.status === 'duress') await this.escalateVisit(trx, updated, now);
      return visitAsSeenByAmhp(updated);
    });
    this.publish();
    return result;
  }

  async extend(ctx: ServiceContext, visitId: string, raw: unknown, via: 'form' | 'api' = 'form'): Promise<void> {
    const now = this.clock.now();
    const input = via === 'form' ? parseInput(extendVisitFormSchema(now), raw) : parseInput(extendVisitApiSchema(now), raw);
    await inTransaction(this.db, async (trx) => {
      const visit = await this.loadVisit(trx, visitId, true);
      const changed = unwrap(
        extendVisit(visit, { by: { id: ctx.actor.personId, mayActForOthers: this.isWatcher(ctx) }, at: now, newExpectedFinishAt: input.newExpectedFinishAt, reason: input.reason }),
      );
      assertVersionMatched(await this.repository.updateVisit(trx, changed, visit.version), 'visit');
      await this.audit.record(trx, ctx, { action: 'visit_extended', entityType: 'safety_visit', entityId: visitId, summary: { byAmhp: visit.amhpId === ctx.actor.personId } });
      await this.escalateVisit(trx, { ...visit, ...changed }, now);
    });
    this.publish();
  }

  async resolveAlarm(ctx: ServiceContext, visitId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, ALERT_READERS, 'close an alarm');
    const { note } = parseInput(resolveAlarmSchema, raw);
    const now = this.clock.now();
    await inTransaction(this.db, async (trx) => {
      const visit = await this.loadVisit(trx, visitId, true);
      const changed = unwrap(resolveAlarm(visit, { by: ctx.actor.personId, at: now, note }));
      assertVersionMatched(await this.repository.updateVisit(trx, changed, visit.version), 'visit');
      await this.audit.record(trx, ctx, { action: 'visit_alarm_closed', entityType: 'safety_visit', entityId: visitId });
      await this.escalateVisit(trx, { ...visit, ...changed }, now);
    });
    this.publish();
  }

  /** The whereabouts board. Viewing it is audited. */
  async board(ctx: ServiceContext) {
    requireRole(ctx.actor, ALERT_READERS, 'see the whereabouts board');
    const now = this.clock.now();
    const visits = await this.repository.openVisits(this.db);
    const rows = whereaboutsBoard(visits, now).map((row) => ({ ...row, visit: row.visit as VisitRow, own: row.visit.amhpId === ctx.actor.personId }));
    // A watcher who is out themselves must not see their own duress alarm.
    for (const row of rows) {
      if (row.own && row.visit.status === 'duress') row.alert = null;
    }
    const alerts = await this.alerts(ctx, false);
    await this.audit.record(this.db, ctx, { action: 'whereabouts_viewed', entityType: 'safety_board', summary: { rows: rows.length } });
    return { rows, alerts, now };
  }

  /** Alerts nobody has acknowledged yet, oldest first (the in-app alert list). */
  async alerts(ctx: ServiceContext, audit = true): Promise<AlertView[]> {
    requireRole(ctx.actor, ALERT_READERS, 'see safety alerts');
    const visits = await this.repository.visitsForEscalation(this.db);
    const byId = new Map(visits.map((v) => [v.id, v]));
    const records = await this.repository.records(this.db, visits.map((v) => v.id));
    const acks = await this.repository.acknowledgements(this.db, visits.map((v) => v.id));
    if (audit) await this.audit.record(this.db, ctx, { action: 'safety_alerts_viewed', entityType: 'safety_alert' });
    return unacknowledgedAlerts(records, acks)
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

  async acknowledge(ctx: ServiceContext, alertKey: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, ALERT_READERS, 'acknowledge safety alerts');
    const input = parseInput(acknowledgementSchema, raw);
    const now = this.clock.now();
    await inTransaction(this.db, async (trx) => {
      const record = await this.repository.findRecord(trx, alertKey);
      if (!record) throw new NotFoundError('The alert');
      const visit = await this.loadVisit(trx, record.visitId);
      if (visit.amhpId === ctx.actor.personId) throw new ForbiddenError('You cannot acknowledge an alert about yourself');
      const ack = unwrap(acknowledgeAlert(record, { by: ctx.actor.personId, at: now, outcome: input.outcome, note: input.note }));
      await this.repository.insertAcknowledgement(trx, ack);
      await this.audit.record(trx, ctx, { action: 'safety_alert_acknowledged', entityType: 'safety_visit', entityId: visit.id, summary: { outcome: input.outcome, stepIndex: record.kind === 'alert' ? record.stepIndex : null } });
      await this.escalateVisit(trx, visit, now);
    });
    this.publish();
  }

  // ---- the escalation job --------------------------------------------------------------

  /** Writes every escalation step due for one visit, each exactly once; returns how many were new. */
  async escalateVisit(trx: Tx, visit: VisitRow, now: Date): Promise<number> {
    const policy = await this.policyFor(trx, visit.teamId);
    const records = await this.repository.records(trx, [visit.id]);
    const acks = await this.repository.acknowledgements(trx, [visit.id]);
    const plan = planEscalation({ visit, policy, records, acknowledgements: acks, now });
    let written = 0;
    for (const record of plan.due) {
      if (!(await this.repository.insertRecord(trx, record))) continue;
      written += 1;
      await this.notify(trx, visit, record, [...records, ...plan.due]);
    }
    return written;
  }

  async runEscalation(trx: Tx, now: Date): Promise<number> {
    const visits = await this.repository.visitsForEscalation(trx);
    let written = 0;
    for (const visit of visits) written += await this.escalateVisit(trx, visit, now);
    if (written > 0) this.publish();
    return written;
  }

  private async notify(trx: Tx, visit: VisitRow, record: EscalationRecord, all: readonly EscalationRecord[]): Promise<void> {
    const link = `/safety/visits/${visit.id}`;
    const send = async (step: LadderStep, subject: string, body: string) => {
      const person = step.personId ? await this.repository.person(trx, step.personId) : undefined;
      await this.notifications.enqueue(trx, {
        recipientPersonId: person?.id ?? null,
        recipientAddress: person?.email ?? `phone ${step.contactNumber}`,
        subject,
        body,
      });
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
    } else {
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
          await send(alert.step, `Nobody has reached ${visit.amhpName}`, `Everyone on the escalation ladder has been alerted and nobody has reached ${visit.amhpName} at ${visit.place}. Consider calling the police (999). Record: ${link}`);
        }
      }
    }
  }

  /** For the urgent banner: alarms and unacknowledged alerts, for watchers only. */
  async bannerFor(ctx: ServiceContext): Promise<{ text: string; href: string } | null> {
    if (!hasAnyRole(ctx.actor, ALERT_READERS)) return null;
    const open = (await this.repository.openVisits(this.db)).filter((v) => v.amhpId !== ctx.actor.personId);
    const alarm = open.find((v) => v.status === 'help_requested' || v.status === 'duress');
    if (alarm) {
      const what = alarm.status === 'duress' ? 'Silent alarm' : 'AMHP needs help now';
      return { text: `${what}: ${alarm.amhpName} at ${alarm.place}. Open the visit record`, href: `/safety/visits/${alarm.id}` };
    }
    const alerts = await this.alerts(ctx, false);
    if (alerts.length === 0) return null;
    const first = alerts[0] as AlertView;
    return {
      text: alerts.length === 1 ? `${first.triggerText}: ${first.amhpName} has not checked in. Acknowledge the alert` : `${alerts.length} whereabouts alerts need acknowledging`,
      href: alerts.length === 1 ? `/safety/visits/${first.visitId}` : '/safety/alerts',
    };
  }

  // ---- long shifts ---------------------------------------------------------------------

  async myWorkingDay(ctx: ServiceContext) {
    return (await this.repository.openWorkingDayOf(this.db, ctx.actor.personId)) ?? null;
  }

  async defaultShiftKind(ctx: ServiceContext): Promise<ShiftKind> {
    return (await this.repository.teamKind(this.db, ctx.actor.teamId)) === 'edt' ? 'edt' : 'daytime';
  }

  async startDay(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, ['amhp'], 'record the start of a working day');
    const now = this.clock.now();
    const input = parseInput(startWorkingDayFormSchema(now), raw);
    return inTransaction(this.db, async (trx) => {
      const open = await this.repository.openWorkingDayOf(trx, ctx.actor.personId);
      const day = unwrap(startWorkingDay({ id: randomUUID(), amhpId: ctx.actor.personId, kind: input.kind, startedAt: input.startedAt }, now, open ? [open] : []));
      const id = await this.repository.insertWorkingDay(trx, day);
      await this.audit.record(trx, ctx, { action: 'working_day_started', entityType: 'safety_working_day', entityId: id, summary: { kind: day.kind } });
      return id;
    });
  }

  async endDay(ctx: ServiceContext): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.db, async (trx) => {
      const day = await this.repository.openWorkingDayOf(trx, ctx.actor.personId);
      if (!day) throw new RuleViolationError('no_working_day', 'You have no working day in progress');
      const ended = unwrap(endWorkingDay(day, now, now));
      assertVersionMatched(await this.repository.updateWorkingDay(trx, ended, day.version), 'working day');
      await this.audit.record(trx, ctx, { action: 'working_day_ended', entityType: 'safety_working_day', entityId: day.id });
    });
    this.publish();
  }

  async recordPlan(ctx: ServiceContext, dayId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, ALERT_READERS, 'record a long-shift plan');
    const now = this.clock.now();
    const input = parseInput(longShiftPlanFormSchema(now), raw);
    await inTransaction(this.db, async (trx) => {
      if (!UUID.test(dayId)) throw new NotFoundError('The working day');
      const day = await this.repository.findWorkingDay(trx, dayId);
      if (!day) throw new NotFoundError('The working day');
      const changed = unwrap(recordLongShiftPlan(day, { ...input, recordedBy: ctx.actor.personId }, now));
      assertVersionMatched(await this.repository.updateWorkingDay(trx, changed, day.version), 'working day');
      await this.audit.record(trx, ctx, { action: 'long_shift_plan_recorded', entityType: 'safety_working_day', entityId: dayId, summary: { option: input.option } });
    });
    this.publish();
  }

  async longShifts(ctx: ServiceContext) {
    requireRole(ctx.actor, ALERT_READERS, 'see long-shift alerts');
    const now = this.clock.now();
    const alerts = await this.repository.recentLongShiftAlerts(this.db, addMinutes(now, -24 * 60));
    const days = (await this.repository.openWorkingDays(this.db)).map((day) => ({
      ...day,
      limitAt: shiftLimitAt(day.startedAt, day.kind),
      limitHours: SHIFT_LIMIT_HOURS[day.kind],
      elapsedMinutes: shiftElapsedMinutes(day, now),
      nearLimit: shiftElapsedMinutes(day, now) >= SHIFT_LIMIT_HOURS[day.kind] * 60 - 60,
    }));
    return { alerts, days, now };
  }

  async runLongShifts(trx: Tx, now: Date): Promise<number> {
    const days = await this.repository.openWorkingDays(trx);
    const keys = await this.repository.longShiftAlertKeys(trx, days.map((d) => d.id));
    let written = 0;
    for (const day of days) {
      const plan = planLongShiftAlerts({ day, now, raisedKeys: keys });
      for (const alert of plan.due) {
        const inserted = await this.repository.insertLongShiftAlert(trx, {
          key: alert.key,
          workingDayId: alert.workingDayId,
          kind: alert.kind,
          limitAt: alert.limitAt,
          planAgreed: alert.planAgreed,
          at: alert.at,
        });
        if (!inserted) continue;
        written += 1;
        const leads = await this.repository.peopleWithRoles(trx, [day.kind === 'edt' ? 'edt_manager' : 'amhp_lead']);
        const recipients = new Map(leads.map((p) => [p.id, p]));
        if (day.lineManagerId) {
          const manager = await this.repository.person(trx, day.lineManagerId);
          if (manager) recipients.set(manager.id, manager);
        }
        recipients.delete(day.amhpId);
        const subject =
          alert.kind === 'pre_warning'
            ? `Long shift: ${day.amhpName} reaches ${alert.limitHours} hours soon`
            : `Long shift: ${day.amhpName} has passed ${alert.limitHours} hours`;
        const body = `${day.amhpName} started at ${day.startedAt.toISOString()}; ${alert.limitHours} hours is reached at ${alert.limitAt.toISOString()}. ${
          alert.planAgreed ? 'A plan has been agreed.' : 'Agree a plan (continue, hand over, or allocate another AMHP) and record it: /safety/shifts'
        }`;
        for (const person of recipients.values()) {
          await this.notifications.enqueue(trx, { recipientPersonId: person.id, recipientAddress: person.email, subject, body });
        }
      }
    }
    if (written > 0) this.publish();
    return written;
  }

  // ---- additional hours and TOIL ---------------------------------------------------------

  async submitClaim(ctx: ServiceContext, raw: unknown, via: 'form' | 'api' = 'form'): Promise<string> {
    requireRole(ctx.actor, ['amhp'], 'claim additional hours');
    const now = this.clock.now();
    const input = via === 'form' ? parseInput(additionalHoursFormSchema(now), raw) : parseInput(additionalHoursApiSchema(now), raw);
    const referral = await this.referral(input.referralId);
    return inTransaction(this.db, async (trx) => {
      await this.repository.lockAmhpClaims(trx, ctx.actor.personId);
      const existing = await this.repository.claimsOf(trx, ctx.actor.personId);
      const claim = unwrap(submitClaim({ id: randomUUID(), amhpId: ctx.actor.personId, ...input, referralId: referral.id }, now, existing));
      const id = await this.repository.insertClaim(trx, claim, referral.reference);
      await this.audit.record(trx, ctx, { action: 'hours_claimed', entityType: 'safety_hours_claim', entityId: id, summary: { reason: claim.reason } });
      return id;
    });
  }

  async myHours(ctx: ServiceContext) {
    const claims = await this.repository.claimsOf(this.db, ctx.actor.personId);
    const taken = await this.repository.toilTaken(this.db, ctx.actor.personId);
    return { claims, taken, toilBalanceMinutes: toilBalanceMinutes(ctx.actor.personId, claims, taken) };
  }

  private mayDecide(ctx: ServiceContext, claim: { amhpId: string; lineManagerId: string | null }): boolean {
    return claim.lineManagerId === ctx.actor.personId || hasAnyRole(ctx.actor, ['operational_manager']);
  }

  /** Claims waiting for this manager: their own team members', or all for an operational manager. */
  async claimsToDecide(ctx: ServiceContext) {
    requireRole(ctx.actor, HOURS_APPROVERS, 'decide additional hours');
    const claims = await this.repository.claims(this.db, { status: 'submitted' });
    return claims.filter((c) => c.amhpId !== ctx.actor.personId && this.mayDecide(ctx, c)).reverse();
  }

  async claim(ctx: ServiceContext, id: string) {
    if (!UUID.test(id)) throw new NotFoundError('The claim');
    const claim = await this.repository.findClaim(this.db, id);
    if (!claim) throw new NotFoundError('The claim');
    if (claim.amhpId !== ctx.actor.personId && !this.mayDecide(ctx, claim) && !hasAnyRole(ctx.actor, HOURS_MONITORS)) {
      throw new ForbiddenError('You cannot see this claim');
    }
    const all = await this.repository.claimsOf(this.db, claim.amhpId);
    const taken = await this.repository.toilTaken(this.db, claim.amhpId);
    await this.audit.record(this.db, ctx, { action: 'hours_claim_viewed', entityType: 'safety_hours_claim', entityId: id });
    return { claim, toilBalanceMinutes: toilBalanceMinutes(claim.amhpId, all, taken), mayDecide: claim.status === 'submitted' && claim.amhpId !== ctx.actor.personId && this.mayDecide(ctx, claim) };
  }

  async decideClaim(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, HOURS_APPROVERS, 'decide additional hours');
    const decision = parseInput(claimDecisionSchema, raw);
    const now = this.clock.now();
    await inTransaction(this.db, async (trx) => {
      if (!UUID.test(id)) throw new NotFoundError('The claim');
      const claim = await this.repository.findClaim(trx, id);
      if (!claim) throw new NotFoundError('The claim');
      const decided = unwrap(decideClaim(claim, decision, ctx.actor.personId, now));
      if (!this.mayDecide(ctx, claim)) throw new ForbiddenError('Only the AMHP’s line manager or an operational manager can decide this claim');
      assertVersionMatched(await this.repository.updateClaim(trx, decided, claim.version), 'claim');
      await this.audit.record(trx, ctx, { action: 'hours_claim_decided', entityType: 'safety_hours_claim', entityId: id, summary: { status: decided.status, compensation: decided.compensation } });
    });
  }

  async withdrawClaim(ctx: ServiceContext, id: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      if (!UUID.test(id)) throw new NotFoundError('The claim');
      const claim = await this.repository.findClaim(trx, id);
      if (!claim) throw new NotFoundError('The claim');
      const changed = unwrap(withdrawClaim(claim, ctx.actor.personId));
      assertVersionMatched(await this.repository.updateClaim(trx, changed, claim.version), 'claim');
      await this.audit.record(trx, ctx, { action: 'hours_claim_withdrawn', entityType: 'safety_hours_claim', entityId: id });
    });
  }

  /** A manager records TOIL taken by an AMHP they may decide claims for. */
  async recordToil(ctx: ServiceContext, amhpId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, HOURS_APPROVERS, 'record time off in lieu');
    const input = parseInput(toilTakenFormSchema, raw);
    await inTransaction(this.db, async (trx) => {
      const amhp = UUID.test(amhpId) ? await this.repository.person(trx, amhpId) : undefined;
      if (!amhp) throw new NotFoundError('The AMHP');
      if (amhp.id === ctx.actor.personId || !this.mayDecide(ctx, { amhpId, lineManagerId: amhp.lineManagerId })) {
        throw new ForbiddenError('Only the AMHP’s line manager or an operational manager can record their time off in lieu');
      }
      await this.repository.lockAmhpClaims(trx, amhpId);
      const claims = await this.repository.claimsOf(trx, amhpId);
      const taken = await this.repository.toilTaken(trx, amhpId);
      const entry = unwrap(recordToilTaken({ id: randomUUID(), amhpId, date: input.date, minutes: input.minutes, recordedBy: ctx.actor.personId }, toilBalanceMinutes(amhpId, claims, taken)));
      const id = await this.repository.insertToilTaken(trx, entry, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'toil_taken_recorded', entityType: 'safety_toil', entityId: id, summary: { minutes: entry.minutes } });
    });
  }

  /** Who works the most additional hours and why, by month (last 6 months), with TOIL balances. */
  async monthly(ctx: ServiceContext) {
    requireRole(ctx.actor, HOURS_MONITORS, 'see additional hours monitoring');
    const now = this.clock.now();
    const fromMonth = londonMonth(new Date(`${addDays(`${londonMonth(now)}-01`, -160).slice(0, 7)}-15T12:00:00Z`));
    const claims = await this.repository.claims(this.db);
    const taken = await this.repository.toilTaken(this.db);
    const rows = monthlyAdditionalHours(claims, { fromMonth });
    const names = new Map(claims.map((c) => [c.amhpId, c.amhpName]));
    const months = [...new Set(rows.map((r) => r.month))].sort().reverse();
    const balances = [...names.entries()]
      .map(([amhpId, name]) => ({ amhpId, name, minutes: toilBalanceMinutes(amhpId, claims, taken) }))
      .filter((b) => b.minutes !== 0)
      .sort((a, b) => b.minutes - a.minutes);
    await this.audit.record(this.db, ctx, { action: 'hours_monitoring_viewed', entityType: 'safety_hours_claim' });
    return {
      months: months.map((month) => ({
        month,
        rows: rows.filter((r) => r.month === month).map((r) => ({ ...r, name: names.get(r.amhpId) ?? '', mainReasonLabel: ADDITIONAL_HOURS_REASON_LABELS[r.mainReason] })),
      })),
      balances,
    };
  }

  // ---- debriefs ----------------------------------------------------------------------

  async requestDebrief(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, ['amhp', ...WATCHERS], 'request a debrief');
    const input = parseInput(debriefRequestSchema, raw);
    const amhpId = input.amhpId && input.amhpId !== ctx.actor.personId ? input.amhpId : ctx.actor.personId;
    if (amhpId !== ctx.actor.personId && !this.isWatcher(ctx)) throw new ForbiddenError('Only a lead can request a debrief on someone else’s behalf');
    if (amhpId === ctx.actor.personId) requireRole(ctx.actor, ['amhp'], 'request a debrief for yourself');
    const referral = await this.referral(input.referralId);
    return inTransaction(this.db, async (trx) => {
      if (!UUID.test(amhpId) || !(await this.repository.person(trx, amhpId))) throw ValidationError.of('amhpId', 'Choose the AMHP the debrief is for');
      const request = unwrap(requestDebrief({ id: randomUUID(), amhpId, requestedBy: ctx.actor.personId, referralId: referral.id, reason: input.reason }, this.clock.now()));
      const id = await this.repository.insertDebrief(trx, request, referral.reference);
      await this.audit.record(trx, ctx, { action: 'debrief_requested', entityType: 'safety_debrief', entityId: id, summary: { onBehalf: amhpId !== ctx.actor.personId } });
      return id;
    });
  }

  async debriefs(ctx: ServiceContext) {
    const now = this.clock.now();
    const all = hasAnyRole(ctx.actor, ALERT_READERS);
    const rows = await this.repository.debriefs(this.db, all ? { since: addMinutes(now, -60 * 24 * 60) } : { amhpId: ctx.actor.personId });
    const open = openDebriefs(rows, now);
    const closed = rows.filter((r) => r.status !== 'requested');
    await this.audit.record(this.db, ctx, { action: 'debriefs_viewed', entityType: 'safety_debrief', summary: { all } });
    return { open, closed, all };
  }

  async debrief(ctx: ServiceContext, id: string) {
    if (!UUID.test(id)) throw new NotFoundError('The debrief');
    const row = await this.repository.findDebrief(this.db, id);
    if (!row) throw new NotFoundError('The debrief');
    if (row.amhpId !== ctx.actor.personId && !hasAnyRole(ctx.actor, ALERT_READERS)) throw new ForbiddenError('You cannot see this debrief');
    await this.audit.record(this.db, ctx, { action: 'debrief_viewed', entityType: 'safety_debrief', entityId: id });
    const now = this.clock.now();
    return { debrief: row, overdue: isDebriefOverdue(row, now), dueBy: debriefDueBy(row) };
  }

  async debriefHeld(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, ALERT_READERS, 'record a debrief as held');
    const now = this.clock.now();
    const input = parseInput(debriefHeldFormSchema(now), raw);
    await inTransaction(this.db, async (trx) => {
      if (!UUID.test(id)) throw new NotFoundError('The debrief');
      const row = await this.repository.findDebrief(trx, id);
      if (!row) throw new NotFoundError('The debrief');
      if (!UUID.test(input.heldBy) || !(await this.repository.person(trx, input.heldBy))) throw ValidationError.of('heldBy', 'Choose who held the debrief');
      const held = unwrap(recordDebriefHeld(row, input, now));
      assertVersionMatched(await this.repository.updateDebrief(trx, held, row.version), 'debrief');
      await this.audit.record(trx, ctx, { action: 'debrief_held', entityType: 'safety_debrief', entityId: id });
    });
  }

  async cancelDebrief(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    const input = parseInput(debriefCancelSchema, raw);
    await inTransaction(this.db, async (trx) => {
      if (!UUID.test(id)) throw new NotFoundError('The debrief');
      const row = await this.repository.findDebrief(trx, id);
      if (!row) throw new NotFoundError('The debrief');
      if (row.amhpId !== ctx.actor.personId && !hasAnyRole(ctx.actor, ALERT_READERS)) throw new ForbiddenError('You cannot cancel this debrief');
      const cancelled = unwrap(cancelDebrief(row, { by: ctx.actor.personId, reason: input.cancelReason }, this.clock.now()));
      assertVersionMatched(await this.repository.updateDebrief(trx, cancelled, row.version), 'debrief');
      await this.audit.record(trx, ctx, { action: 'debrief_cancelled', entityType: 'safety_debrief', entityId: id });
    });
  }

  // ---- lists for pages -----------------------------------------------------------------

  async amhpOptions() {
    return this.repository.peopleWithRoles(this.db, ['amhp']);
  }

  async staffOptions() {
    return this.repository.peopleWithRoles(this.db, ['amhp', ...ALERT_READERS, 'lead_amhp']);
  }

  async recentVisits(ctx: ServiceContext) {
    requireRole(ctx.actor, ALERT_READERS, 'see visit records');
    return this.repository.recentVisits(this.db, addMinutes(this.clock.now(), -7 * 24 * 60));
  }

  todayLondon(): string {
    return londonDate(this.clock.now());
  }
}
