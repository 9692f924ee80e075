import { z } from 'zod';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ValidationError } from '../../../platform/errors.js';
import { addDays, londonDate, londonParts } from '../../../platform/london-time.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import { periodOf, type Period } from '../disparity/period.js';
import { lssas, type LssaRow } from '../disparity/disparity-repository.js';
import { AGGREGATE_READERS, NAMED_LOAD_READERS, RETURN_EXPORTERS } from '../part-b-access.js';
import type { ReportsBDeps } from '../part-b-deps.js';
import { pseudonym } from '../returns/returns.js';
import { secretKey } from '../returns/returns-repository.js';
import type { Sheet } from '../returns/sheet.js';
import { ASC_WDS_COLUMNS, ascWdsRows, assessmentsPerAmhp, demandAgainstCover, hoursCovered, projectApproved, type HourFigure, type LoadSummary, type ProjectionYear } from './sufficiency.js';
import { approvals, assessmentLeads, onRotaSince, receivedHours, shiftsBetween, trainees } from './workforce-repository.js';
import { randomBytes } from 'node:crypto';

export const TARGET_SETTING = 'reports.workforce_target';

export const targetSchema = z.object({
  target: z.number().int().min(0).max(10_000).nullable(),
  reapprovalRate: z.number().min(0).max(1),
  traineeCompletionRate: z.number().min(0).max(1),
});
export type WorkforceTarget = z.output<typeof targetSchema>;
export const DEFAULT_TARGET: WorkforceTarget = { target: null, reapprovalRate: 0.85, traineeCompletionRate: 0.8 };

export interface WorkforceView {
  period: Period;
  lssa: LssaRow | null;
  lssas: LssaRow[];
  hours: HourFigure[];
  gapHours: string[];
  /** Rows by name only for the service's managers; governance sees the summary. */
  load: LoadSummary;
  named: boolean;
  projection: ProjectionYear[];
  leaversLastYear: number;
  traineesInPipeline: number;
  settings: WorkforceTarget;
  settingsVersion: number;
}

export class WorkforceService {
  constructor(private readonly deps: Pick<ReportsBDeps, 'db' | 'clock' | 'audit' | 'settings'>) {}

  async target() {
    return this.deps.settings.get(TARGET_SETTING, targetSchema, DEFAULT_TARGET);
  }

  async setTarget(ctx: ServiceContext, value: WorkforceTarget, version: number) {
    return this.deps.settings.put(ctx, TARGET_SETTING, targetSchema, value, version);
  }

  async view(ctx: ServiceContext, query: { from?: string | undefined; to?: string | undefined; lssa?: string | undefined }): Promise<WorkforceView> {
    requireRole(ctx.actor, AGGREGATE_READERS, 'see workforce sufficiency');
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const period = periodOf(now, query.from, query.to);
    const all = await lssas(this.deps.db);
    const lssa = query.lssa ? (all.find((l) => l.id === query.lssa) ?? null) : null;
    if (query.lssa && !lssa) throw ValidationError.of('lssa', 'That LSSA is not set up in the service: choose one from the list');
    const lastDay = addDays(londonDate(period.end), -1);
    const [received, shifts, leads, approved, pipeline, setting] = await Promise.all([
      receivedHours(this.deps.db, period.start, period.end, lssa?.id ?? null),
      shiftsBetween(this.deps.db, `${period.from}-01`, lastDay),
      assessmentLeads(this.deps.db, period.start, period.end),
      approvals(this.deps.db),
      trainees(this.deps.db),
      this.target(),
    ]);
    const cover = new Map<number, number>();
    for (const s of shifts) {
      const p = londonParts(s.startsAt);
      for (const h of hoursCovered(p.hour, p.minute, Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000))) cover.set(h, (cover.get(h) ?? 0) + 1);
    }
    const days = Math.round((period.end.getTime() - period.start.getTime()) / 86_400_000);
    const hours = demandAgainstCover(received.flatMap((r) => Array.from({ length: r.n }, () => r.hour)), cover, days);
    const inForce = approved.filter((a) => a.startDate <= today && a.endDate >= today && (a.endedOn === null || a.endedOn > today));
    const amhps = [...new Map(inForce.map((a) => [a.personId, { personId: a.personId, name: a.name }])).values()];
    const load = assessmentsPerAmhp(amhps, leads.flatMap((l) => Array.from({ length: l.n }, () => l.amhpId)));
    const named = hasAnyRole(ctx.actor, NAMED_LOAD_READERS);
    const yearAgo = addDays(today, -365);
    const leaversLastYear = approved.filter((a) => a.endedOn !== null && a.endedOn >= yearAgo && a.endedOn <= today).length;
    const open = pipeline.filter((t) => t.firstApprovalStart === null && (t.outcomeResult === null || t.outcomeResult === 'passed'));
    const projection = projectApproved({
      today,
      approvals: inForce.map((a) => ({ personId: a.personId, endDate: a.endDate })),
      reapprovalRate: setting.value.reapprovalRate,
      leaversPerYear: leaversLastYear,
      trainees: open.map((t) => ({ expectedApproval: t.courseStartedOn ? addDays(t.courseStartedOn, 365) : `${t.cohortYear + 1}-09-01` })),
      traineeCompletionRate: setting.value.traineeCompletionRate,
      target: setting.value.target,
    });
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action: 'workforce_sufficiency_viewed', entityType: 'report', entityId: 'workforce', summary: { from: period.from, to: period.to } }));
    return {
      period,
      lssa,
      lssas: all,
      hours,
      gapHours: hours.filter((h) => h.gap).map((h) => h.label),
      load: named ? load : { ...load, rows: [] },
      named,
      projection,
      leaversLastYear,
      traineesInPipeline: open.length,
      settings: setting.value,
      settingsVersion: setting.version,
    };
  }

  /** The ASC-WDS AMHP fields, one row per AMHP with an approval in force (pseudonymous worker id). */
  async ascWds(ctx: ServiceContext): Promise<{ sheet: Sheet; fileName: string }> {
    requireRole(ctx.actor, RETURN_EXPORTERS, 'download the ASC-WDS file');
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const [approved, rota, leads, key] = await Promise.all([
      approvals(this.deps.db),
      onRotaSince(this.deps.db, addDays(today, -92)),
      assessmentLeads(this.deps.db, new Date(now.getTime() - 365 * 86_400_000), now),
      secretKey(this.deps.db, 'pseudonyms', randomBytes(32).toString('hex'), now),
    ]);
    const counts = new Map(leads.map((l) => [l.amhpId, l.n]));
    const inForce = approved.filter((a) => a.startDate <= today && a.endDate >= today && (a.endedOn === null || a.endedOn > today));
    const workers = inForce.map((a) => ({
      uniqueWorkerId: pseudonym(key, `worker:${a.personId}`),
      profession: a.profession,
      approvingLssa: a.lssaName,
      approvalStart: a.startDate,
      approvalEnd: a.endDate,
      onRota: rota.has(a.personId),
      assessments12m: counts.get(a.personId) ?? 0,
    }));
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action: 'asc_wds_exported', entityType: 'report', entityId: 'asc_wds', summary: { workers: workers.length } }));
    return { fileName: `asc-wds-amhp-${today}`, sheet: { name: 'ASC-WDS AMHPs', headers: ASC_WDS_COLUMNS.map((c) => c.header), rows: ascWdsRows(workers) } };
  }
}
