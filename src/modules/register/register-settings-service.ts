/**
 * The register's administrator settings: the re-approval warning period and the supervision
 * frequency rules. Stored through the platform's settings (one key each, each with its version).
 */
import type { ServiceContext } from '../../platform/audit.js';
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
  constructor(private readonly settings: SettingsService) {}

  async warningDays(): Promise<number> {
    return (await this.settings.get(WARNING_DAYS_KEY, warningDaysSchema, DEFAULTS.warningDays)).value;
  }

  async supervisionPolicy(): Promise<SupervisionPolicy> {
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
