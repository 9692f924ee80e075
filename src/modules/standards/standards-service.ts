/**
 * The standards toolkit's use cases, one service each behind this small facade (the shape duty
 * uses): catalogue versions, reading and moving evaluations, setting them up, working on a
 * standard, the development plan, comparisons, and the summary with its downloads. The rules
 * live in the pure domain files beside them; each service loads, checks who may act, calls the
 * domain, stores the result and audits it in the same transaction.
 */
import type { Clock } from '../../platform/clock.js';
import { CatalogueService } from './catalogue-service.js';
import { ComparisonService } from './comparison-service.js';
import { EvaluationService } from './evaluation-service.js';
import { EvaluationSetupService } from './evaluation-setup-service.js';
import { PlanService } from './plan-service.js';
import { RecordService } from './record-service.js';
import type { StandardsAudit, StandardsStaff } from './standards-ports.js';
import { StandardsRepository, type StandardsDb } from './standards-repository.js';
import { SummaryService } from './summary-service.js';

export interface StandardsDependencies {
  /** The module's view of the database: its own tables and staff's read model. */
  db: StandardsDb;
  clock: Clock;
  audit: StandardsAudit;
  staff: StandardsStaff;
}

export class StandardsService {
  readonly catalogues: CatalogueService;
  readonly evaluations: EvaluationService;
  readonly setup: EvaluationSetupService;
  readonly records: RecordService;
  readonly plan: PlanService;
  readonly comparisons: ComparisonService;
  readonly summaries: SummaryService;

  constructor(deps: StandardsDependencies) {
    const { db, clock, audit, staff } = deps;
    const repository = new StandardsRepository();
    this.catalogues = new CatalogueService(db, clock, audit, repository);
    this.evaluations = new EvaluationService(db, clock, audit, staff, repository);
    this.setup = new EvaluationSetupService(db, clock, audit, staff, repository, this.catalogues);
    this.records = new RecordService(db, clock, audit, repository);
    this.plan = new PlanService(db, clock, audit, repository);
    this.comparisons = new ComparisonService(db, repository);
    this.summaries = new SummaryService(db, clock, audit, this.evaluations);
  }
}
