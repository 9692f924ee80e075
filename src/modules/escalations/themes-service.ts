import type { ServiceContext } from '../../platform/audit.js';
import { londonInstant } from '../../platform/london-time.js';
import { requireRole } from '../../platform/roles.js';
import { CategoriesRepository } from './categories-repository.js';
import { THEME_READERS } from './escalations-access.js';
import type { EscalationsServiceDeps } from './escalations-ports.js';
import { EscalationsRepository } from './escalations-repository.js';
import { PoliceRequestsRepository } from './police-requests-repository.js';
import { type Themes, lastMonths, themes, themesCsv } from './themes.js';

/** The themes page for governance (issue 14, point 8): aggregates only, audited. */
export class ThemesService {
  private readonly escalations = new EscalationsRepository();
  private readonly police = new PoliceRequestsRepository();
  private readonly categories = new CategoriesRepository();

  constructor(private readonly deps: Pick<EscalationsServiceDeps, 'db' | 'clock' | 'platform'>) {}

  async themes(ctx: ServiceContext, format: 'page' | 'csv' = 'page'): Promise<Themes> {
    requireRole(ctx.actor, THEME_READERS, 'see the escalation themes');
    const now = this.deps.clock.now();
    const since = londonInstant(`${lastMonths(now)[0]!}-01`);
    const [rows, requests] = [await this.escalations.themeRows(this.deps.db, since), await this.police.reasonsSince(this.deps.db, since)];
    await this.deps.platform.audit(this.deps.db, ctx, { action: format === 'csv' ? 'escalation_themes_exported' : 'escalation_themes_viewed', entityType: 'escalation', summary: { escalations: rows.length } });
    // Counted by the category each escalation holds, labelled from the table (retired ones too).
    return themes(rows, requests, await this.categories.all(this.deps.db), now);
  }

  async csv(ctx: ServiceContext): Promise<{ fileName: string; body: string }> {
    const t = await this.themes(ctx, 'csv');
    return { fileName: `escalation-themes-${t.months[t.months.length - 1]}.csv`, body: themesCsv(t) };
  }
}
