import { z } from 'zod';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ValidationError } from '../../../platform/errors.js';
import { londonDate, londonParts } from '../../../platform/london-time.js';
import type { OutboundMessage } from '../../../platform/notifications.js';
import { requireRole } from '../../../platform/roles.js';
import { CONFIGURERS, DUTY_SITREP_ROLES, SEND_LOG_READERS } from '../part-b-access.js';
import type { ReportsBDeps } from '../part-b-deps.js';
import { REPORT_READERS } from '../reports-access.js';
import { SEND_KIND_LABELS, dueSends, packMailBody, parseRecipients, type DueSend } from './sending.js';
import { claimSend, peopleWithRoles, recentSends, sentTo } from './sending-repository.js';

export const SENDING_SETTING = 'reports.sending';

export const sendingSchema = z.object({
  enabled: z.boolean(),
  /** The person the scheduled sends act for: they must be allowed to see the SITREP. */
  sendAs: z.string().uuid().nullable(),
  sitrepRecipients: z.array(z.string().email()).max(50),
  monthlyRecipients: z.array(z.string().email()).max(50),
});
export type SendingSettings = z.output<typeof sendingSchema>;
export const DEFAULT_SENDING: SendingSettings = { enabled: false, sendAs: null, sitrepRecipients: [], monthlyRecipients: [] };

export interface SendingForm {
  enabled: boolean;
  sendAs: string | null;
  sitrepRecipients: string;
  monthlyRecipients: string;
  version: number;
}

export class SendingService {
  constructor(private readonly deps: ReportsBDeps) {}

  async settings() {
    return this.deps.settings.get(SENDING_SETTING, sendingSchema, DEFAULT_SENDING);
  }

  async view(ctx: ServiceContext) {
    requireRole(ctx.actor, SEND_LOG_READERS, 'see what reports were sent');
    const [setting, sends] = await Promise.all([this.settings(), recentSends(this.deps.db, 200)]);
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action: 'report_sends_viewed', entityType: 'report', entityId: 'sends' }));
    return { settings: setting.value, version: setting.version, sends: sends.map((s) => ({ ...s, kindLabel: SEND_KIND_LABELS[s.kind] })) };
  }

  async senders(ctx: ServiceContext): Promise<Array<{ value: string; text: string }>> {
    requireRole(ctx.actor, CONFIGURERS, 'set who the reports are sent to');
    return (await peopleWithRoles(this.deps.db, DUTY_SITREP_ROLES)).map((p) => ({ value: p.id, text: p.name }));
  }

  async save(ctx: ServiceContext, form: SendingForm) {
    requireRole(ctx.actor, CONFIGURERS, 'set who the reports are sent to');
    const sitrep = parseRecipients(form.sitrepRecipients);
    const monthly = parseRecipients(form.monthlyRecipients);
    const errors = [
      ...(sitrep.invalid.length > 0 ? [{ field: 'sitrepRecipients', message: `Not an e-mail address: ${sitrep.invalid.slice(0, 5).join(', ')}` }] : []),
      ...(monthly.invalid.length > 0 ? [{ field: 'monthlyRecipients', message: `Not an e-mail address: ${monthly.invalid.slice(0, 5).join(', ')}` }] : []),
    ];
    if (form.enabled && !form.sendAs) errors.push({ field: 'sendAs', message: 'Choose who the reports are sent on behalf of' });
    if (form.sendAs) {
      const actor = await this.deps.actorFor(form.sendAs);
      if (!actor || !actor.roles.some((r) => DUTY_SITREP_ROLES.includes(r))) errors.push({ field: 'sendAs', message: 'Choose someone who may see the SITREP (the AMHP Lead, a manager or business support)' });
      else if (monthly.addresses.length > 0 && !actor.roles.some((r) => REPORT_READERS.includes(r)))
        errors.push({ field: 'sendAs', message: 'Choose someone who may see the performance pack (the AMHP Lead, a manager or business support), or send the pack to nobody' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    return this.deps.settings.put(ctx, SENDING_SETTING, sendingSchema, { enabled: form.enabled, sendAs: form.sendAs, sitrepRecipients: sitrep.addresses, monthlyRecipients: monthly.addresses }, form.version);
  }

  /**
   * Sends what is due to each recipient not yet sent it. The scheduler's job calls this once its
   * transaction (holding the job's advisory lock) has committed, so the duty module's SITREP is
   * built through its own service and connection. Each e-mail is claimed, written to the outbox
   * and audited in one transaction; the unique (kind, period, recipient) of the send log means a
   * second instance arriving at the same moment writes nothing.
   */
  async sendDue(now: Date): Promise<number> {
    const setting = await this.settings();
    if (!setting.value.enabled || !setting.value.sendAs) return 0;
    const calendar = await this.deps.calendar.calendar();
    const due = dueSends(londonDate(now), londonParts(now).time, calendar);
    let sent = 0;
    for (const send of due) {
      const recipients = send.kind === 'daily_sitrep' ? setting.value.sitrepRecipients : setting.value.monthlyRecipients;
      const done = new Set(await sentTo(this.deps.db, send.kind, send.period));
      const waiting = recipients.filter((r) => !done.has(r));
      if (waiting.length === 0) continue;
      const message = await this.compose(send, setting.value.sendAs);
      for (const recipient of waiting) {
        const claimed = await inTransaction(this.deps.db, async (trx) => {
          if (!(await claimSend(trx, { kind: send.kind, period: send.period, recipient, subject: message.subject, sentAt: now }))) return false;
          await this.deps.notifications.enqueue(trx, { recipientPersonId: null, recipientAddress: recipient, subject: message.subject, body: message.body, attachments: message.attachments });
          const files = message.attachments.map((a) => a.filename);
          await this.deps.audit.record(trx, { actor: null, requestId: 'job:reports-send' }, { action: 'report_sent', entityType: 'report', entityId: `${send.kind}:${send.period}`, summary: { kind: send.kind, period: send.period, recipient, subject: message.subject, ...(files.length > 0 ? { attachments: files } : {}) } });
          return true;
        });
        if (claimed) sent += 1;
      }
    }
    return sent;
  }

  private async compose(send: DueSend, sendAs: string): Promise<Required<Pick<OutboundMessage, 'subject' | 'body' | 'attachments'>>> {
    const actor = await this.deps.actorFor(sendAs);
    if (!actor) throw new Error('The person the reports are sent on behalf of is no longer active');
    if (send.kind === 'daily_sitrep') {
      const text = await this.deps.sitrepText(actor, send.period);
      return { subject: `${this.deps.serviceName}: SITREP for ${send.period}`, body: text, attachments: [] };
    }
    // The pack itself, built once for every recipient, as the person the sends act for.
    const { pack, pdf, csv } = await this.deps.monthlyPack(actor, send.period);
    const attachments = [
      { filename: pdf.fileName, contentType: 'application/pdf', content: pdf.body },
      { filename: csv.fileName, contentType: 'text/csv; charset=utf-8', content: Buffer.from(csv.body, 'utf8') },
    ];
    return {
      subject: `${this.deps.serviceName}: monthly performance pack for ${pack.periods.current.label}`,
      body: packMailBody(this.deps.serviceName, pack, [`${pdf.fileName} (PDF)`, `${csv.fileName} (CSV)`]),
      attachments,
    };
  }
}
