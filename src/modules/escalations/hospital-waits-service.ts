import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { NotFoundError, StateError, ValidationError } from '../../platform/errors.js';
import { formatDateTime, formatDuration } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { DIRECTORY_EDITORS, MISSED_DEADLINE_WATCHERS, POLICE_REQUESTERS } from './escalations-access.js';
import { escalationsPaths } from './escalations-paths.js';
import type { EscalationsServiceDeps, ReferralTimeline } from './escalations-ports.js';
import { EscalationsRepository, type PartnerRow } from './escalations-repository.js';
import type { EscalationsDb } from './escalations-tables.js';
import { DEFAULT_TIMERS, type HospitalTimers, type StepView, type WaitKind, type WaitSummary, WAIT_KIND_LABELS, nextNoticeDue, stepViews, stepsOf, stepsReached, summarise, validateTimers } from './hospital-waits.js';
import { type HospitalWaitRow, HospitalWaitsRepository, type WaitContactRow } from './hospital-waits-repository.js';

/** The organisations that can hold a waiting person: acute trusts and the mental health trust. */
export const HOSPITAL_KINDS: readonly PartnerRow['kind'][] = ['acute_trust', 'mental_health_trust'];
/** Who records waits and contacts: staff who raise escalations (partners never see referrals). */
export const WAIT_RECORDERS = POLICE_REQUESTERS;

export interface StartWaitCommand {
  /** A referral id or reference, as typed. */
  referral: string;
  /** The hospital, from the partner directory. */
  partnerId: string;
  kind: WaitKind;
  /** Arrival in the emergency department or the bed request; now when left out. */
  startedAt?: Date | undefined;
}

export interface WaitContactCommand {
  /** The step (0-based) the contact answers. */
  stepIndex: number;
  /** Whom, by named role or name: "Site manager (Sam Patel)". */
  contactRole: string;
  number?: string | undefined;
  answered: boolean;
  outcome?: string | undefined;
  /** When the call was made; now when left out. */
  at?: Date | undefined;
}

export interface EndWaitCommand {
  version: number;
  /** When the person left the department or the bed was confirmed; now when left out. */
  endedAt?: Date | undefined;
  note?: string | undefined;
}

export interface TimersCommand extends HospitalTimers {
  /** The version last read; 0 when the hospital still has the defaults. */
  version: number;
}

export interface HospitalWaitView {
  wait: HospitalWaitRow;
  steps: StepView[];
  summary: WaitSummary;
  contacts: WaitContactRow[];
}

export interface HospitalTimersView extends HospitalTimers {
  partnerId: string;
  partnerName: string;
  /** 0 while the defaults apply. */
  version: number;
  isDefault: boolean;
}

/**
 * Bed and A&E breach escalation (issue 14, point 5): a person's wait on a referral starts the
 * hospital's timers; each step shows whom to contact from the directory and records the contact;
 * a job sends each step's notice once; the start and end of the wait go on the referral's timeline
 * (through the referrals module's published addTimelineEvent), so the delay is part of its record.
 */
export class HospitalWaitsService {
  private readonly repository = new HospitalWaitsRepository();
  private readonly escalations = new EscalationsRepository();

  constructor(private readonly deps: Pick<EscalationsServiceDeps, 'db' | 'clock' | 'platform' | 'lookupReference' | 'publish'> & { addTimelineEvent: ReferralTimeline }) {}

  now(): Date {
    return this.deps.clock.now();
  }

  /** Hospitals in the directory (for the forms). */
  async hospitals(): Promise<PartnerRow[]> {
    return (await this.escalations.partners(this.deps.db)).filter((p) => HOSPITAL_KINDS.includes(p.kind));
  }

  /** A hospital's timers, or the defaults (directory data, no person's record: not audited as a read). */
  async timers(partnerId: string): Promise<HospitalTimersView> {
    const partner = await this.hospital(this.deps.db, partnerId, 'partnerId');
    const own = await this.repository.timers(this.deps.db, partnerId);
    return own ? { partnerId, partnerName: partner.name, emergencyDepartment: own.emergencyDepartment, bed: own.bed, version: own.version, isDefault: false } : { partnerId, partnerName: partner.name, ...DEFAULT_TIMERS, version: 0, isDefault: true };
  }

  async saveTimers(ctx: ServiceContext, partnerId: string, command: TimersCommand): Promise<HospitalTimersView> {
    requireRole(ctx.actor, DIRECTORY_EDITORS, 'change a hospital’s timers');
    const timers = unwrap(validateTimers(command));
    await inTransaction(this.deps.db, async (trx) => {
      await this.hospital(trx, partnerId, 'partnerId');
      const now = this.deps.clock.now();
      const existing = await this.repository.timers(trx, partnerId);
      if (!existing) {
        if (command.version !== 0) throw new ValidationError([{ field: 'version', message: 'This hospital has the default timers: send version 0' }]);
        await this.repository.insertTimers(trx, partnerId, timers, ctx.actor.personId, now);
      } else {
        await this.repository.updateTimers(trx, partnerId, command.version, timers, ctx.actor.personId, now);
      }
      await this.deps.platform.audit(trx, ctx, { action: 'hospital_timers_changed', entityType: 'escalation_partner', entityId: partnerId, summary: { emergencyDepartmentSteps: timers.emergencyDepartment.length, bedSteps: timers.bed.length } });
    });
    return this.timers(partnerId);
  }

  async start(ctx: ServiceContext, command: StartWaitCommand): Promise<HospitalWaitView> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'record a hospital wait');
    const referral = await this.deps.lookupReference(command.referral.trim()).catch(() => null);
    if (!referral) throw ValidationError.of('referral', 'No referral has this reference: check it');
    const now = this.deps.clock.now();
    const startedAt = command.startedAt ?? now;
    if (startedAt.getTime() > now.getTime() + 5 * 60_000) throw ValidationError.of('startedAt', command.kind === 'bed' ? 'The bed request time cannot be in the future' : 'The arrival time cannot be in the future');
    if (now.getTime() - startedAt.getTime() > 7 * 24 * 60 * 60_000) throw ValidationError.of('startedAt', 'The wait cannot have started more than 7 days ago: check the date');
    const id = await inTransaction(this.deps.db, async (trx) => {
      const hospital = await this.hospital(trx, command.partnerId, 'partnerId');
      if (await this.repository.openOfKind(trx, referral.id, command.kind)) throw new StateError(`This referral already has an open wait (${WAIT_KIND_LABELS[command.kind].toLowerCase()}): end it before recording another`, 'wait_open');
      const own = await this.repository.timers(trx, hospital.id);
      const steps = stepsOf(own ?? DEFAULT_TIMERS, command.kind);
      const id = await this.repository.insert(trx, { referralId: referral.id, referralReference: referral.reference, partnerId: hospital.id, kind: command.kind, startedAt, steps, recordedBy: ctx.actor.personId, recordedAt: now });
      const what = command.kind === 'bed' ? `Bed requested at ${hospital.name}` : `Arrived in the emergency department at ${hospital.name}`;
      await this.deps.addTimelineEvent(trx, ctx, referral.id, 'hospital_wait_started', `${what}, ${formatDateTime(startedAt)}: escalation timers started`, { waitId: id, kind: command.kind, hospital: hospital.name, startedAt: startedAt.toISOString() });
      await this.deps.platform.audit(trx, ctx, { action: 'hospital_wait_recorded', entityType: 'referral', entityId: referral.id, summary: { waitId: id, kind: command.kind } });
      return id;
    });
    this.deps.publish();
    return this.view(ctx, id);
  }

  async view(ctx: ServiceContext, id: string): Promise<HospitalWaitView> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'see hospital waits');
    const wait = await this.load(this.deps.db, id);
    await this.deps.platform.audit(this.deps.db, ctx, { action: 'hospital_wait_viewed', entityType: 'referral', entityId: wait.referralId, summary: { waitId: id } });
    return (await this.describe([wait]))[0]!;
  }

  /** A referral's waits, newest first (audited against the referral). */
  async forReferral(ctx: ServiceContext, referral: string): Promise<{ referral: { id: string; reference: string }; waits: HospitalWaitView[] }> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'see hospital waits');
    const found = await this.deps.lookupReference(referral.trim()).catch(() => null);
    if (!found) throw new NotFoundError('The referral');
    return { referral: found, waits: await this.onReferral(ctx, found) };
  }

  /**
   * The waits of a referral already found. Audited unless shown as a panel of a page that
   * records its own view of the same record (the referral page audits `referral_viewed`).
   */
  async onReferral(ctx: ServiceContext, found: { id: string; reference: string }, options: { audit?: boolean } = {}): Promise<HospitalWaitView[]> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'see hospital waits');
    const waits = await this.describe(await this.repository.forReferral(this.deps.db, found.id));
    if (options.audit !== false) await this.deps.platform.audit(this.deps.db, ctx, { action: 'hospital_waits_viewed', entityType: 'referral', entityId: found.id, summary: { count: waits.length } });
    return waits;
  }

  /**
   * The referral page's panels: its waits described as `onReferral` (not audited: the referral
   * page audits the view) and the partner directory (active entries), from one statement.
   */
  async referralPanel(ctx: ServiceContext, referralId: string): Promise<{ waits: HospitalWaitView[]; partners: PartnerRow[] }> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'see hospital waits');
    const read = await this.repository.referralPanel(this.deps.db, referralId);
    const waits = await this.describe(read.waits, this.deps.db, { contacts: read.contacts, partners: read.partners });
    return { waits, partners: read.partners.filter((p) => p.active) };
  }

  /** Every open wait, those with a step due first (the escalations list; audited unless a panel of an audited page). */
  async open(ctx: ServiceContext, options: { audit?: boolean } = {}): Promise<HospitalWaitView[]> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'see hospital waits');
    const waits = await this.describe(await this.repository.open(this.deps.db));
    if (options.audit !== false) await this.deps.platform.audit(this.deps.db, ctx, { action: 'hospital_waits_viewed', entityType: 'referral', entityId: null, summary: { count: waits.length } });
    return waits.sort((a, b) => b.summary.stepsDue - a.summary.stepsDue || a.wait.startedAt.getTime() - b.wait.startedAt.getTime());
  }

  async recordContact(ctx: ServiceContext, id: string, command: WaitContactCommand): Promise<HospitalWaitView> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'record a contact');
    const now = this.deps.clock.now();
    const at = command.at ?? now;
    await inTransaction(this.deps.db, async (trx) => {
      const wait = await this.load(trx, id);
      if (wait.endedAt) throw new StateError('This wait has ended: contacts can no longer be added', 'wait_ended');
      const step = wait.steps[command.stepIndex];
      if (!step) throw ValidationError.of('stepIndex', 'Choose one of the wait’s steps');
      if (!command.contactRole.trim()) throw ValidationError.of('contactRole', 'Say whom you contacted');
      if (at.getTime() > now.getTime() + 5 * 60_000) throw ValidationError.of('at', 'The time of the contact cannot be in the future');
      if (at.getTime() < wait.startedAt.getTime()) throw ValidationError.of('at', 'The contact cannot be before the wait started');
      await this.repository.addContact(trx, { waitId: id, stepIndex: command.stepIndex, contactRole: command.contactRole.trim(), number: command.number?.trim() ?? '', at, answered: command.answered, outcome: command.outcome?.trim() ?? '', byPersonId: ctx.actor.personId });
      await this.deps.platform.audit(trx, ctx, { action: 'hospital_wait_contact_recorded', entityType: 'referral', entityId: wait.referralId, summary: { waitId: id, stepIndex: command.stepIndex, answered: command.answered } });
    });
    this.deps.publish();
    return this.view(ctx, id);
  }

  async end(ctx: ServiceContext, id: string, command: EndWaitCommand): Promise<HospitalWaitView> {
    requireRole(ctx.actor, WAIT_RECORDERS, 'end a hospital wait');
    const now = this.deps.clock.now();
    const endedAt = command.endedAt ?? now;
    await inTransaction(this.deps.db, async (trx) => {
      const wait = await this.load(trx, id);
      if (wait.endedAt) throw new StateError('This wait has already ended', 'wait_ended');
      if (endedAt.getTime() > now.getTime() + 5 * 60_000) throw ValidationError.of('endedAt', 'The end of the wait cannot be in the future');
      if (endedAt.getTime() < wait.startedAt.getTime()) throw ValidationError.of('endedAt', 'The wait cannot end before it started');
      await this.repository.end(trx, id, command.version, endedAt, command.note?.trim() ?? '');
      const [described] = await this.describe([{ ...wait, endedAt }], trx);
      const summary = described!.summary;
      await this.deps.addTimelineEvent(trx, ctx, wait.referralId, 'hospital_wait_ended', `${summary.text} at ${wait.partnerName}`, { waitId: id, kind: wait.kind, hospital: wait.partnerName, minutes: summary.minutes, breached: summary.breached, startedAt: wait.startedAt.toISOString(), endedAt: endedAt.toISOString() });
      await this.deps.platform.audit(trx, ctx, { action: 'hospital_wait_ended', entityType: 'referral', entityId: wait.referralId, summary: { waitId: id, minutes: summary.minutes, breached: summary.breached } });
    });
    this.deps.publish();
    return this.view(ctx, id);
  }

  /**
   * The job (every minute, under the scheduler's advisory lock): each step reached on an open wait
   * sends its notice once — to the person who recorded the wait, and at the breach to every AMHP Lead.
   */
  async runTimers(db: Kysely<EscalationsDb>, now: Date): Promise<number> {
    let sent = 0;
    const leads = await this.escalations.peopleWithRoles(db, MISSED_DEADLINE_WATCHERS);
    for (const wait of await this.repository.open(db)) {
      for (const index of stepsReached(wait, now)) {
        if (!(await this.repository.claimNotice(db, wait.id, index, now))) continue;
        const step = wait.steps[index]!;
        const partner = await this.escalations.partner(db, wait.partnerId);
        const [view] = stepViews(wait, new Set(), partner?.contacts ?? [], now).slice(index, index + 1);
        const whom = view?.contacts[0] ? `${view.contacts[0].roleLabel} (${[view.contacts[0].phone, view.contacts[0].bleep ? `bleep ${view.contacts[0].bleep}` : ''].filter(Boolean).join(', ') || view.contacts[0].mailbox})` : step.role;
        const where = wait.kind === 'bed' ? 'for a bed' : 'in the emergency department';
        const subject = step.breach ? `Breach: ${formatDuration(step.afterMinutes)} waiting ${where} (${wait.referralReference})` : `${formatDuration(step.afterMinutes)} waiting ${where}: contact the ${step.role.toLowerCase()} (${wait.referralReference})`;
        const body = `Referral ${wait.referralReference} has been waiting ${where} at ${wait.partnerName} since ${formatDateTime(wait.startedAt)}. Contact ${whom} and record it: ${escalationsPaths.hospitalWait({ id: wait.id })}`;
        const recipients = new Map<string, string>();
        const recorder = await this.escalations.person(db, wait.recordedBy);
        if (recorder) recipients.set(recorder.id, recorder.email);
        if (step.breach) for (const lead of leads) recipients.set(lead.id, lead.email);
        for (const [personId, address] of recipients) await this.deps.platform.enqueue(db, { recipientPersonId: personId, recipientAddress: address, subject, body });
        sent += recipients.size;
      }
    }
    if (sent > 0) this.deps.publish();
    return sent;
  }

  /** When `runTimers` next has a notice to send (now or earlier: one is due), null when none is left. */
  async nextDue(db: Kysely<EscalationsDb>): Promise<Date | null> {
    const waits = await this.repository.open(db);
    const noticed = await this.repository.noticedSteps(db, waits.map((w) => w.id));
    let next: Date | null = null;
    for (const wait of waits) {
      const at = nextNoticeDue(wait, noticed.get(wait.id) ?? new Set());
      if (at && (!next || at.getTime() < next.getTime())) next = at;
    }
    return next;
  }

  /** Each wait with its steps and contacts; `read`: the contacts and partners already read with the waits. */
  private async describe(waits: HospitalWaitRow[], db: Kysely<EscalationsDb> = this.deps.db, read?: { contacts: Array<WaitContactRow & { waitId: string }>; partners: PartnerRow[] }): Promise<HospitalWaitView[]> {
    const contacts = read ? read.contacts : await this.repository.contacts(db, waits.map((w) => w.id));
    const now = this.deps.clock.now();
    const partners = new Map<string, PartnerRow | undefined>(read ? read.partners.map((p) => [p.id, p]) : []);
    const out: HospitalWaitView[] = [];
    for (const wait of waits) {
      if (!partners.has(wait.partnerId)) partners.set(wait.partnerId, await this.escalations.partner(db, wait.partnerId));
      const own = contacts.filter((c) => c.waitId === wait.id).map(({ waitId: _w, ...c }) => c);
      const steps = stepViews(wait, new Set(own.map((c) => c.stepIndex)), partners.get(wait.partnerId)?.contacts ?? [], now);
      out.push({ wait, steps, summary: summarise(wait.kind, wait, steps, now), contacts: own });
    }
    return out;
  }

  private async hospital(db: Kysely<EscalationsDb>, partnerId: string, field: string): Promise<PartnerRow> {
    const partner = await this.escalations.partner(db, partnerId);
    if (!partner || !HOSPITAL_KINDS.includes(partner.kind)) throw ValidationError.of(field, 'Choose the hospital from the partner directory');
    return partner;
  }

  private async load(db: Kysely<EscalationsDb>, id: string): Promise<HospitalWaitRow> {
    const row = await this.repository.one(db, id);
    if (!row) throw new NotFoundError('The hospital wait');
    return row;
  }
}
