import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Instant, InstantDefaultNow, IsoDate } from '../../db/column-types.js';

type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface StandardsCataloguesTable {
  id: Generated<string>;
  versionLabel: string;
  wording: 'paraphrase' | 'official';
  catalogue: Json<object>;
  isCurrent: Generated<boolean>;
  createdAt: InstantDefaultNow;
  createdBy: string | null;
}

export interface StandardsEvaluationsTable {
  id: Generated<string>;
  organisationId: string;
  serviceName: string;
  evaluationDate: IsoDate;
  chairPersonId: string;
  noteTakerPersonId: string | null;
  serviceParts: Json<Array<{ key: string; label: string }>>;
  catalogueId: string;
  baselineEvaluationId: string | null;
  status: 'preparing' | 'in_meeting' | 'circulating' | 'closed';
  history: Json<Array<{ from: string | null; to: string; at: string; byPersonId: string }>>;
  version: Generated<number>;
  createdAt: InstantDefaultNow;
  createdBy: string | null;
  updatedAt: InstantDefaultNow;
  closedAt: Instant | null;
}

export interface StandardsParticipantsTable {
  evaluationId: string;
  personId: string;
  represents: Json<string[]>;
  attending: Generated<boolean>;
  addedAt: InstantDefaultNow;
}

export interface StandardsRecordsTable {
  /** Added by 0920 so records are saved with `updateVersioned` like every other record. */
  id: Generated<string>;
  evaluationId: string;
  standardNumber: string;
  extentMet: string | null;
  partPositions: Json<Array<{ partKey: string; extentMet: string; note: string }>>;
  evidence: Json<unknown[]>;
  mapNotes: Generated<string>;
  effectiveness: string | null;
  evaluateNotes: Generated<string>;
  planNotes: Generated<string>;
  riskAmhps: string | null;
  riskService: string | null;
  riskOrganisation: string | null;
  agreedByGroup: Generated<boolean>;
  version: Generated<number>;
  updatedAt: Instant | null;
  updatedBy: string | null;
}

export interface StandardsActionsTable {
  id: Generated<string>;
  evaluationId: string;
  organisationId: string;
  standardNumber: string;
  description: string;
  owner: string;
  ownerPersonId: string | null;
  targetDate: IsoDate;
  status: 'not_started' | 'in_progress' | 'done' | 'dropped';
  progressNotes: Json<Array<{ id: string; text: string; at: string; byPersonId: string; byName: string }>>;
  createdAt: InstantDefaultNow;
  completedOn: IsoDate | null;
  carriedForwardFrom: string | null;
  needsReview: Generated<boolean>;
  version: Generated<number>;
}

export interface StandardsEarlyThoughtsTable {
  id: Generated<string>;
  evaluationId: string;
  standardNumber: string | null;
  authorPersonId: string;
  text: string;
  gatheredFrom: string | null;
  createdAt: ColumnType<Date, Date | undefined, Date>;
}

export interface StandardsCommentsTable {
  id: Generated<string>;
  evaluationId: string;
  standardNumber: string | null;
  authorPersonId: string;
  text: string;
  createdAt: ColumnType<Date, Date | undefined, Date>;
}

export interface StandardsTables {
  standardsCatalogues: StandardsCataloguesTable;
  standardsEvaluations: StandardsEvaluationsTable;
  standardsParticipants: StandardsParticipantsTable;
  standardsRecords: StandardsRecordsTable;
  standardsActions: StandardsActionsTable;
  standardsEarlyThoughts: StandardsEarlyThoughtsTable;
  standardsComments: StandardsCommentsTable;
}
