import type { Generated } from 'kysely';
import type { Instant, IsoDate } from '../../db/column-types.js';
import type { StaffReadModel } from '../staff/staff-tables.js';
import type { RecordKind } from './retention.js';

export interface PrivacyRetentionRulesTable {
  kind: RecordKind;
  years: number;
  basis: string;
  updatedBy: string | null;
  updatedAt: Date | null;
  version: Generated<number>;
}

export interface PrivacyRetentionReviewsTable {
  id: Generated<string>;
  kind: RecordKind;
  recordId: string;
  label: string;
  lastActivityOn: IsoDate;
  dueOn: IsoDate;
  foundAt: Instant;
  decision: 'erased' | 'kept' | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  keepUntil: IsoDate | null;
  version: Generated<number>;
}

export interface PrivacyTombstonesTable {
  id: Generated<string>;
  kind: string;
  recordId: string;
  erasedAt: Instant;
  erasedBy: string;
  reason: string;
  rowsErased: string;
}

export interface PrivacyTables {
  privacyRetentionRules: PrivacyRetentionRulesTable;
  privacyRetentionReviews: PrivacyRetentionReviewsTable;
  privacyTombstones: PrivacyTombstonesTable;
}

/** The privacy module's own tables and the staff read model (names of people). */
export type PrivacyDb = PrivacyTables & StaffReadModel;
