import { createHash } from 'node:crypto';

/**
 * The audit trail's hash chain, as pure rules: each seal's hash covers the previous seal's hash
 * and the exact content of its audit row, so a changed, removed or reordered row breaks every
 * hash after it. The row's content is read from the database as text (the instant in UTC to the
 * microsecond, the summary as PostgreSQL's canonical jsonb text) so that the sealer and the
 * verifier hash the same bytes whichever driver or time zone reads them.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** One audit row as the chain sees it: every column, as text. */
export interface AuditRowContent {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  summary: string;
}

export function rowHash(previousHash: string, row: AuditRowContent): string {
  const canonical = JSON.stringify([row.id, row.occurredAt, row.actorId, row.actorRole, row.action, row.entityType, row.entityId, row.requestId, row.summary]);
  return createHash('sha256').update(`${previousHash}\n${canonical}`).digest('hex');
}

export interface Seal {
  seq: number;
  auditId: string;
  prevHash: string;
  rowHash: string;
}

/** A seal beside the row it seals, or null where that row is gone. */
export interface SealedRow {
  seal: Seal;
  row: AuditRowContent | null;
}

export type ChainBreak =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'link'; seq: number; auditId: string }
  | { kind: 'missing_row'; seq: number; auditId: string }
  | { kind: 'changed_row'; seq: number; auditId: string };

export interface ChainCursor {
  /** The seq the next seal must have. */
  nextSeq: number;
  /** The hash the next seal must name as its previous one. */
  lastHash: string;
}

export const CHAIN_START: ChainCursor = { nextSeq: 1, lastHash: GENESIS_HASH };

/**
 * Checks one stretch of the chain (in seq order) from where the last stretch ended; returns the
 * breaks found and where the next stretch starts. After a break the walk continues from the
 * stored hash, so every later break is reported too, not only the first.
 */
export function checkChain(cursor: ChainCursor, stretch: readonly SealedRow[]): { breaks: ChainBreak[]; cursor: ChainCursor } {
  const breaks: ChainBreak[] = [];
  let { nextSeq, lastHash } = cursor;
  for (const { seal, row } of stretch) {
    if (seal.seq !== nextSeq) breaks.push({ kind: 'gap', seq: seal.seq, expectedSeq: nextSeq });
    if (seal.prevHash !== lastHash) breaks.push({ kind: 'link', seq: seal.seq, auditId: seal.auditId });
    if (row === null) breaks.push({ kind: 'missing_row', seq: seal.seq, auditId: seal.auditId });
    else if (rowHash(seal.prevHash, row) !== seal.rowHash) breaks.push({ kind: 'changed_row', seq: seal.seq, auditId: seal.auditId });
    nextSeq = seal.seq + 1;
    lastHash = seal.rowHash;
  }
  return { breaks, cursor: { nextSeq, lastHash } };
}

/** The seals for rows met in id order, continuing the chain from `cursor`. */
export function sealRows(cursor: ChainCursor, rows: readonly AuditRowContent[]): Seal[] {
  const seals: Seal[] = [];
  let { nextSeq, lastHash } = cursor;
  for (const row of rows) {
    const hash = rowHash(lastHash, row);
    seals.push({ seq: nextSeq, auditId: row.id, prevHash: lastHash, rowHash: hash });
    nextSeq += 1;
    lastHash = hash;
  }
  return seals;
}

export function describeBreak(problem: ChainBreak): string {
  switch (problem.kind) {
    case 'gap':
      return `seal ${problem.seq}: expected seal ${problem.expectedSeq} here (a seal was removed)`;
    case 'link':
      return `seal ${problem.seq} (audit row ${problem.auditId}): does not follow the seal before it (a seal was removed or rewritten)`;
    case 'missing_row':
      return `seal ${problem.seq}: audit row ${problem.auditId} has been deleted`;
    case 'changed_row':
      return `seal ${problem.seq}: audit row ${problem.auditId} has been changed since it was sealed`;
  }
}
