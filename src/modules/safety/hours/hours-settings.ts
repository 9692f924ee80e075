/**
 * Who decides additional hours (Working Hours Guidance §2.7: the line manager agrees TOIL or
 * payment). Only the AMHP's line manager, unless the service configures that an AMHP operational
 * manager may decide too. One platform setting, with its version.
 */
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/audit.js';
import type { Setting, SettingsService } from '../../../platform/settings-service.js';

export const HOURS_DECIDERS_KEY = 'safety.hours_deciders';

export const HOURS_DECIDERS = [
  { code: 'line_manager', label: 'Only the AMHP’s line manager' },
  { code: 'line_manager_or_operational_manager', label: 'The AMHP’s line manager or an AMHP operational manager' },
] as const;
export type HoursDeciders = (typeof HOURS_DECIDERS)[number]['code'];
export const HOURS_DECIDERS_CODES = HOURS_DECIDERS.map((d) => d.code) as unknown as readonly [HoursDeciders, ...HoursDeciders[]];

export const hoursDecidersSchema = z.enum(HOURS_DECIDERS_CODES);
export const DEFAULT_HOURS_DECIDERS: HoursDeciders = 'line_manager';

/** Reads the setting; administrators change it. Without a settings store (some tests) the default holds. */
export class HoursSettings {
  constructor(private readonly settings: SettingsService | undefined) {}

  async deciders(): Promise<Setting<HoursDeciders>> {
    if (!this.settings) return { value: DEFAULT_HOURS_DECIDERS, version: 0 };
    return this.settings.get(HOURS_DECIDERS_KEY, hoursDecidersSchema, DEFAULT_HOURS_DECIDERS);
  }

  /** Administrators only (the settings service checks); refused if someone changed it since `version`. */
  async change(ctx: ServiceContext, deciders: HoursDeciders, version: number): Promise<Setting<HoursDeciders>> {
    if (!this.settings) throw new Error('No settings store');
    return this.settings.put(ctx, HOURS_DECIDERS_KEY, hoursDecidersSchema, deciders, version);
  }
}
