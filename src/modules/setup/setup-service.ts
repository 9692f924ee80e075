import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Notifications, OutboxMessage } from '../../platform/notifications.js';
import { requireRole } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings-service.js';
import { asLondonDate } from '../../platform/time/anniversary.js';
import { buildChecklist, type Checklist, type ChecklistLinks } from './setup-checklist.js';
import { councilCodesSetting, profileSetting, type ProfileCommand } from './setup-schemas.js';

export const PROFILE_KEY = 'setup.profile';
export const COUNCIL_CODES_KEY = 'setup.council-codes';
export const MAIL_TEST_SUBJECT = 'AMHP Hub: test e-mail from the set-up checklist';

/** What the checklist reads from the modules that own the things it checks (wired in services.ts). */
export interface SetupPorts {
  organisations(): Promise<ReadonlyArray<{ id: string; name: string; kind: 'lssa' | 'nhs_trust' | 'other'; active: boolean }>>;
  teams(): Promise<ReadonlyArray<{ name: string; kind: 'daytime' | 'edt' | 'other' }>>;
  serviceHoursSaved(): Promise<boolean>;
  bankHolidays(): Promise<ReadonlyArray<{ date: string }>>;
  ladders(ctx: ServiceContext): Promise<ReadonlyArray<{ teamName: string; configured: boolean }>>;
  /** The escalations partner directory (organisations and how many contacts each has). */
  partners(): Promise<ReadonlyArray<{ name: string; contacts: number }>>;
  /** The newest outbox messages (the mail test is looked up among them). */
  recentMail(): Promise<readonly OutboxMessage[]>;
}

export interface SetupDependencies {
  db: Kysely<object>;
  clock: Clock;
  audit: Pick<AuditLog, 'record'>;
  settings: Pick<SettingsService, 'get' | 'put'>;
  notifications: Pick<Notifications, 'enqueue' | 'deliversEmail'>;
  ports: SetupPorts;
  links: ChecklistLinks;
}

const ADMIN = ['admin'] as const;

/** The administrator's set-up checklist: the service's name, its councils' codes, and a mail test. */
export class SetupService {
  constructor(private readonly deps: SetupDependencies) {}

  async profile(): Promise<{ operatorName: string | null; version: number }> {
    const setting = await this.deps.settings.get(PROFILE_KEY, profileSetting, { operatorName: '' });
    return { operatorName: setting.value.operatorName || null, version: setting.version };
  }

  /**
   * The operating service's name for every page's header, read at most every 30 seconds (a
   * change saved here shows at once; another process's within 30 seconds). Null until given.
   */
  async operatorName(): Promise<string | null> {
    const now = this.deps.clock.now().getTime();
    if (!this.nameCache || now - this.nameCache.readAt > 30_000 || now < this.nameCache.readAt) {
      this.nameCache = { name: (await this.profile()).operatorName, readAt: now };
    }
    return this.nameCache.name;
  }

  private nameCache: { name: string | null; readAt: number } | null = null;

  async saveProfile(ctx: ServiceContext, command: ProfileCommand): Promise<{ operatorName: string | null; version: number }> {
    requireRole(ctx.actor, ADMIN, 'name the service');
    this.nameCache = null;
    const saved = await this.deps.settings.put(ctx, PROFILE_KEY, profileSetting, { operatorName: command.operatorName }, command.version);
    this.nameCache = null;
    return { operatorName: saved.value.operatorName, version: saved.version };
  }

  /** The active councils (LSSAs) with their local-authority codes, if given. */
  async councils(): Promise<Array<{ id: string; name: string; code: string | null }>> {
    const codes = (await this.deps.settings.get(COUNCIL_CODES_KEY, councilCodesSetting, {})).value;
    return (await this.deps.ports.organisations()).filter((o) => o.kind === 'lssa' && o.active).map((o) => ({ id: o.id, name: o.name, code: codes[o.id] ?? null }));
  }

  /** Records a council's official code (the others' stay as they are). */
  async setCouncilCode(ctx: ServiceContext, organisationId: string, code: string): Promise<{ id: string; name: string; code: string | null }> {
    requireRole(ctx.actor, ADMIN, 'record local-authority codes');
    const council = (await this.councils()).find((c) => c.id === organisationId);
    if (!council) throw new NotFoundError('The council');
    const current = await this.deps.settings.get(COUNCIL_CODES_KEY, councilCodesSetting, {});
    await this.deps.settings.put(ctx, COUNCIL_CODES_KEY, councilCodesSetting, { ...current.value, [organisationId]: code }, current.version);
    return { ...council, code };
  }

  /** Queues a test e-mail to the administrator through the outbox (sent by the delivery job). */
  async sendTestMail(ctx: ServiceContext): Promise<{ recipientAddress: string; status: 'pending' | 'not_sent' }> {
    requireRole(ctx.actor, ADMIN, 'send a test e-mail');
    await inTransaction(this.deps.db, async (trx) => {
      await this.deps.notifications.enqueue(trx, {
        recipientPersonId: ctx.actor.personId,
        recipientAddress: ctx.actor.email,
        subject: MAIL_TEST_SUBJECT,
        body: `This is a test e-mail from the set-up checklist, sent at your request (${this.deps.clock.now().toISOString()}). If you can read it, e-mail from the service reaches you.`,
      });
      await this.deps.audit.record(trx, ctx, { action: 'setup_mail_test_sent', entityType: 'setting', entityId: 'mail', summary: { smtp: this.deps.notifications.deliversEmail } });
    });
    return { recipientAddress: ctx.actor.email, status: this.deps.notifications.deliversEmail ? 'pending' : 'not_sent' };
  }

  async checklist(ctx: ServiceContext): Promise<Checklist> {
    requireRole(ctx.actor, ADMIN, 'see the set-up checklist');
    const { ports } = this.deps;
    const [profile, councils, organisations, teams, serviceHoursSaved, bankHolidays, ladders, mail, partners] = await Promise.all([
      this.profile(),
      this.councils(),
      ports.organisations(),
      ports.teams(),
      ports.serviceHoursSaved(),
      ports.bankHolidays(),
      ports.ladders(ctx),
      ports.recentMail(),
      ports.partners(),
    ]);
    const lastTest = mail.find((m) => m.subject === MAIL_TEST_SUBJECT) ?? null;
    return buildChecklist(
      {
        today: asLondonDate(this.deps.clock.now()),
        operatorName: profile.operatorName,
        councils,
        trusts: organisations.filter((o) => o.kind === 'nhs_trust' && o.active),
        teams,
        serviceHoursSaved,
        bankHolidays,
        ladders,
        partners,
        mail: { deliversEmail: this.deps.notifications.deliversEmail, lastTest: lastTest ? { status: lastTest.status, failure: lastTest.failure } : null },
      },
      this.deps.links,
    );
  }
}
