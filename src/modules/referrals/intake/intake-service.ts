import type { ChangeStamp } from '../../../platform/read-cache.js';
// Taking a referral: the checks that depend on the clock, the duplicate check (open referrals
// that may be the same person are shown before anything is saved), the reference, the first
// timeline entries and the audit row, in one transaction.

import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { RuleViolationError, StateError, ValidationError, type FieldError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { REFERRAL_CHANNELS, REFERRAL_SOURCE_TYPES, labelFor } from '../referral-codes.js';
import { OPEN_REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, type ReferralStatus } from '../referral-lifecycle.js';
import { validateDateOfBirth } from './person-details.js';
import { findPossibleDuplicates, type PossibleDuplicate } from './possible-duplicates.js';
import { REFERRAL_TAKERS } from './referral-access.js';
import { formatReferralReference, referenceYearFor } from './referral-reference.js';
import type { ReferralRecords, ReferralServiceDeps } from './referral-records-service.js';
import type { ReferralRepository, ReferralsDb } from './referral-repository.js';
import type { ReferralResource } from './referral-resource.js';
import type { AddCallCommand, IntakeCommand } from './referral-schemas.js';

/** Allowance for a phone clock a little ahead of the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface DuplicateMatch {
  referralId: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  status: ReferralStatus;
  receivedAt: Date;
  matchedOn: PossibleDuplicate['matchedOn'];
}

/** What intake needs from staff: the councils the service acts for. */
export interface IntakeStaffPort {
  lssas(): Promise<Array<{ id: string; name: string }>>;
  /** Moves when people, roles or organisations change: cached option lists are read again. */
  readonly directoryStamp: ChangeStamp;
}

export class IntakeService {
  constructor(
    private readonly deps: ReferralServiceDeps & { staff: IntakeStaffPort },
    private readonly repository: ReferralRepository,
    private readonly records: ReferralRecords,
  ) {}

  /**
   * Records a new referral. If an open referral may be the same person, refuses with 422
   * `possible_duplicate` (the candidates in `details.duplicates`) unless `confirmNotDuplicate`.
   */
  async create(ctx: ServiceContext, input: IntakeCommand): Promise<ReferralResource> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'take referrals');
    const now = this.deps.clock.now();
    await this.checkAgainstNow(input, now);
    const id = await inTransaction(this.deps.db, async (trx) => {
      const duplicates = await this.findDuplicates(trx, input);
      if (duplicates.length > 0 && !input.confirmNotDuplicate) {
        throw new RuleViolationError(
          'possible_duplicate',
          `There ${duplicates.length === 1 ? 'is an open referral' : `are ${duplicates.length} open referrals`} that may be for the same person. Check before adding another.`,
          {
            duplicates,
            warnings: [{ rule: 'possible_duplicate', severity: 'W', message: 'An open referral may be for the same person: check the referrals in details.duplicates, then send confirmNotDuplicate: true if this is a new referral' }],
          },
        );
      }
      const year = referenceYearFor(input.receivedAt);
      const reference = formatReferralReference(year, await this.repository.nextReferenceSequence(trx, year));
      const id = await this.repository.insert(trx, {
        reference,
        status: 'received',
        receivedAt: input.receivedAt,
        receivedVia: input.receivedVia,
        sourceType: input.sourceType,
        referrerName: input.referrerName,
        referrerRole: input.referrerRole ?? '',
        referrerOrganisation: input.referrerOrganisation ?? '',
        referrerContact: input.referrerContact,
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth ?? null,
        nhsNumber: input.nhsNumber ?? null,
        address: input.address ?? '',
        postcode: input.postcode ?? '',
        lssaId: input.lssaId ?? null,
        gender: input.gender,
        ethnicity: input.ethnicity ?? null,
        firstLanguage: input.firstLanguage ?? '',
        interpreterNeeded: input.interpreterNeeded,
        communicationNeeds: input.communicationNeeds ?? '',
        currentLocation: input.currentLocation,
        legalStatus: input.legalStatus,
        legalStatusSince: input.legalStatusSince ?? null,
        reason: input.reason,
        risks: input.risks ?? '',
        risksToStaff: input.risksToStaff ?? '',
        urgency: input.urgency,
        createdBy: ctx.actor.personId,
        createdAt: now,
        updatedAt: now,
      });
      await this.repository.insertEvent(trx, {
        referralId: id,
        occurredAt: input.receivedAt,
        actorId: ctx.actor.personId,
        kind: 'received',
        summary: `Referral received by ${input.receivedVia.replace('_', ' ')} from ${input.referrerName}${input.referrerOrganisation ? ` (${input.referrerOrganisation})` : ''}`,
        data: { sourceType: input.sourceType, urgency: input.urgency, legalStatus: input.legalStatus },
      });
      if (duplicates.length > 0) {
        await this.repository.insertEvent(trx, {
          referralId: id,
          occurredAt: now,
          actorId: ctx.actor.personId,
          kind: 'duplicate_confirmed',
          summary: `Added although it may duplicate ${duplicates.map((d) => d.reference).join(', ')}`,
          data: { references: duplicates.map((d) => d.reference) },
        });
      }
      await this.deps.audit.record(trx, ctx, {
        action: 'referral_created',
        entityType: 'referral',
        entityId: id,
        summary: { reference, sourceType: input.sourceType, urgency: input.urgency, legalStatus: input.legalStatus, possibleDuplicates: duplicates.length },
      });
      return id;
    });
    return this.records.resource(id);
  }

  /**
   * After a duplicate warning: the call is about the person of an open referral, so it joins
   * that referral's timeline (who called, how, what they asked, the risks they told of) instead
   * of making a new referral. Refused for a referral no longer open, or a call in the future.
   */
  async addCall(ctx: ServiceContext, referralId: string, input: AddCallCommand): Promise<ReferralResource> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'take referrals');
    const now = this.deps.clock.now();
    if (input.receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw ValidationError.of('receivedAt', 'When the call came in must be now or in the past');
    await inTransaction(this.deps.db, async (trx) => {
      const referral = await this.records.findForUpdate(trx, referralId);
      if (!OPEN_REFERRAL_STATUSES.includes(referral.status)) {
        throw new StateError(
          `${referral.reference} is ${REFERRAL_STATUS_LABELS[referral.status].toLowerCase()}: a call cannot be added to it. Record a new referral instead.`,
          'referral_not_open',
          { status: referral.status },
        );
      }
      const source = labelFor(REFERRAL_SOURCE_TYPES, input.sourceType);
      const who = `${input.referrerName}${input.referrerRole ? `, ${input.referrerRole}` : ''}${input.referrerOrganisation ? ` (${input.referrerOrganisation})` : ''}`;
      await this.repository.insertEvent(trx, {
        referralId,
        occurredAt: input.receivedAt,
        actorId: ctx.actor.personId,
        kind: 'call_added',
        summary: `Further call by ${labelFor(REFERRAL_CHANNELS, input.receivedVia).toLowerCase()} from ${who}, ${source}: ${input.reason}${input.risks ? ` Risks: ${input.risks}` : ''}`,
        data: {
          sourceType: input.sourceType,
          receivedVia: input.receivedVia,
          referrerName: input.referrerName,
          referrerRole: input.referrerRole ?? null,
          referrerOrganisation: input.referrerOrganisation ?? null,
          referrerContact: input.referrerContact,
          reason: input.reason,
          risks: input.risks ?? null,
          recordedAt: now.toISOString(),
        },
      });
      await this.deps.audit.record(trx, ctx, { action: 'referral_call_added', entityType: 'referral', entityId: referralId, summary: { sourceType: input.sourceType, receivedVia: input.receivedVia } });
    });
    return this.records.resource(referralId);
  }

  /** Times not in the future, a plausible date of birth, a council the service acts for. */
  private async checkAgainstNow(input: IntakeCommand, now: Date): Promise<void> {
    const errors: FieldError[] = [];
    const latest = now.getTime() + FUTURE_TOLERANCE_MS;
    if (input.receivedAt.getTime() > latest) errors.push({ field: 'receivedAt', message: 'When the referral arrived must be now or in the past' });
    if (input.dateOfBirth !== undefined) {
      const dob = validateDateOfBirth(input.dateOfBirth, now);
      if (!dob.ok) errors.push({ field: 'dateOfBirth', message: dob.message });
    }
    if (input.legalStatusSince && input.legalStatusSince.getTime() > latest) {
      errors.push({ field: 'legalStatusSince', message: 'When the legal status started must be now or in the past' });
    }
    if (input.lssaId && !(await this.deps.staff.lssas()).some((l) => l.id === input.lssaId)) {
      errors.push({ field: 'lssaId', message: 'Choose the council area the person lives in' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
  }

  private async findDuplicates(db: ReferralsDb, person: Pick<IntakeCommand, 'givenName' | 'familyName' | 'dateOfBirth' | 'nhsNumber'>): Promise<DuplicateMatch[]> {
    const identity = { givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth ?? null, nhsNumber: person.nhsNumber ?? null };
    const candidates = await this.repository.openDuplicateCandidates(db, identity);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const matches = findPossibleDuplicates(
      identity,
      candidates.map((c) => ({ referralId: c.id, reference: c.reference, givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth, nhsNumber: c.nhsNumber })),
    );
    return matches.map((m) => {
      const c = byId.get(m.referral.referralId)!;
      return { referralId: c.id, reference: c.reference, givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth, status: c.status, receivedAt: c.receivedAt, matchedOn: m.matchedOn };
    });
  }
}
