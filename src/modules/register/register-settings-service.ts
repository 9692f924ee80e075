/**
 * The register's administrator settings: the re-approval warning period and the supervision
 * frequency rules. Stored through the platform's settings (one key each, each with its version).
 */
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ChangeStamp, OPTION_LIST_MAX_AGE_MS, ReadCache } from '../../platform/read-cache.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { SupervisionPolicy } from './supervision/supervision.js';
import { DEFAULTS, SUPERVISION_POLICY_KEY, WARNING_DAYS_KEY, supervisionPolicySchema, warningDaysSchema } from './register-policy.js';

export interface RegisterSettingsView {
  reapprovalWarningDays: number;
  supervisionPolicy: SupervisionPolicy;
  /** Each setting's version; send it back with a change to be told if someone else changed it first. */
  versions: { reapprovalWarningDays: number; supervisionPolicy: number };
}

export interface RegisterSettingsChange {
  reapprovalWarningDays?: number | undefined;
  supervisionPolicy?: SupervisionPolicy | undefined;
  versions?: { reapprovalWarningDays?: number | undefined; supervisionPolicy?: number | undefined } | undefined;
}

export class RegisterSettings {
  /** Moved by `change` (the only writer of these two keys), so this instance never reads an old value. */
  private readonly stamp = new ChangeStamp();
  /**
   * The two values the register's pages read on every view, shared until `change` moves the stamp
   * (or OPTION_LIST_MAX_AGE_MS passes: a change made on another instance). `read()` (the settings
   * page, with versions) is never cached.
   */
  private readonly values: ReadCache<{ warningDays: number; supervisionPolicy: SupervisionPolicy }> | undefined;

  constructor(
    private readonly settings: SettingsService,
    clock?: Clock,
  ) {
    this.values = clock
      ? new ReadCache({
          load: async () => {
            const view = await this.read();
            return { warningDays: view.reapprovalWarningDays, supervisionPolicy: view.supervisionPolicy };
          },
          stamp: this.stamp,
          clock,
          maxAgeMs: OPTION_LIST_MAX_AGE_MS,
        })
      : undefined;
  }

  async warningDays(): Promise<number> {
    if (this.values) return (await this.values.get()).warningDays;
    return (await this.settings.get(WARNING_DAYS_KEY, warningDaysSchema, DEFAULTS.warningDays)).value;
  }

  async supervisionPolicy(): Promise<SupervisionPolicy> {
    if (this.values) return (await this.values.get()).supervisionPolicy;
    return (await this.settings.get(SUPERVISION_POLICY_KEY, supervisionPolicySchema, DEFAULTS.supervisionPolicy)).value;
  }

  async read(): Promise<RegisterSettingsView> {
    const [days, policy] = await Promise.all([
      this.settings.get(WARNING_DAYS_KEY, warningDaysSchema, DEFAULTS.warningDays),
      this.settings.get(SUPERVISION_POLICY_KEY, supervisionPolicySchema, DEFAULTS.supervisionPolicy),
    ]);
    return { reapprovalWarningDays: days.value, supervisionPolicy: policy.value, versions: { reapprovalWarningDays: days.version, supervisionPolicy: policy.version } };
  }

  /** Administrators only (the settings service checks). Returns the settings as they now are. */
  async change(ctx: ServiceContext, change: RegisterSettingsChange): Promise<RegisterSettingsView> {
    try {
      return await this.save(ctx, change);
    } finally {
      this.stamp.changed();
    }
  }

  private async save(ctx: ServiceContext, change: RegisterSettingsChange): Promise<RegisterSettingsView> {
    if (change.reapprovalWarningDays !== undefined) {
      const expected = change.versions?.reapprovalWarningDays ?? (await this.settings.get(WARNING_DAYS_KEY, warningDaysSchema, DEFAULTS.warningDays)).version;
      await this.settings.put(ctx, WARNING_DAYS_KEY, warningDaysSchema, change.reapprovalWarningDays, expected);
    }
    if (change.supervisionPolicy !== undefined) {
      const expected = change.versions?.supervisionPolicy ?? (await this.settings.get(SUPERVISION_POLICY_KEY, supervisionPolicySchema, DEFAULTS.supervisionPolicy)).version;
      await this.settings.put(ctx, SUPERVISION_POLICY_KEY, supervisionPolicySchema, change.supervisionPolicy, expected);
    }
    return this.read();
  }
}
