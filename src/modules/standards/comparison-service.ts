/**
 * Baseline and repeat: how each standard moved between two evaluations of the same service.
 * (Starting the repeat itself is part of setting up an evaluation: evaluation-setup-service.ts.)
 */
import type { ServiceContext } from '../../platform/audit.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { compareEvaluations, type EvaluationComparison } from './comparison.js';
import { loadEvaluation } from './evaluation-service.js';
import { STANDARDS_READERS } from './standards-access.js';
import type { StandardsCatalogue } from './standards-catalogue.js';
import type { StandardsDb, StandardsRepository } from './standards-repository.js';

export class ComparisonService {
  constructor(
    private readonly db: StandardsDb,
    private readonly repository: StandardsRepository,
  ) {}

  /** The two in date order, standard by standard; evaluations of different services are refused (422). */
  async compare(ctx: ServiceContext, firstId: string, secondId: string): Promise<EvaluationComparison & { catalogue: StandardsCatalogue }> {
    requireRole(ctx.actor, STANDARDS_READERS, 'compare evaluations');
    const [first, second] = await Promise.all([loadEvaluation(this.repository, this.db, firstId), loadEvaluation(this.repository, this.db, secondId)]);
    const [a, b] = await Promise.all([this.repository.records(this.db, firstId), this.repository.records(this.db, secondId)]);
    const comparison = unwrap(compareEvaluations({ evaluation: first.evaluation, records: a }, { evaluation: second.evaluation, records: b }));
    // The titles are shown in the later evaluation's wording.
    const later = comparison.later.id === first.evaluation.id ? first : second;
    const catalogue = await this.repository.findCatalogue(this.db, later.catalogueId);
    if (!catalogue) throw new Error(`The catalogue of evaluation ${later.evaluation.id} is missing`);
    return { ...comparison, catalogue: catalogue.catalogue };
  }
}
