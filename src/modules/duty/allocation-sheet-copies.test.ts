import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../platform/london-time.js';
import { SheetCopies } from './allocation-sheet-copies.js';
import type { SheetEntry } from './allocation-sheet.js';
import type { StoredSheet } from './duty-repository.js';

function entry(referralId: string): SheetEntry {
  return { referralId, section: 'pending', receivedAt: new Date('2026-03-09T10:00:00Z'), handedOverByEdt: false, reviewerId: null, outcome: null, plan: null, decision: null };
}

function sheet(referralIds: string[], options: { version?: number; id?: string; date?: IsoDate } = {}): StoredSheet {
  return { id: options.id ?? 'sheet-1', date: options.date ?? '2026-03-10', status: 'draft', version: options.version ?? 1, attendees: [], entries: referralIds.map(entry), challenges: null, finalisedBy: null, finalisedAt: null, amendments: [] };
}

describe('the sheet copies a process keeps', () => {
  it('offers its copy to the read and keeps what the read returns', async () => {
    const copies = new SheetCopies();
    const first = sheet(['a']);
    expect(await copies.find('2026-03-10', async (known) => (known === undefined ? first : undefined))).toBe(first);
    let offered: StoredSheet | undefined;
    await copies.find('2026-03-10', async (known) => {
      offered = known;
      return known;
    });
    expect(offered).toBe(first);
  });

  it('knows the open-referral digest only for the version it was verified on, or a later one still holding those referrals', () => {
    const copies = new SheetCopies();
    const v1 = copies.keep(sheet(['a', 'b']));
    copies.verified(v1, '2:99');
    expect(copies.digestFor(v1)).toBe('2:99');
    // A decision (same referrals) or a referral added: still holds every one open then.
    const v2 = copies.keep(sheet(['a', 'b', 'c'], { version: 2 }));
    expect(copies.digestFor(v2)).toBe('2:99');
    expect(copies.digestFor(v1)).toBeNull();
    // A version without one of them (an outcome entry that left the draft): not known any more.
    const v3 = copies.keep(sheet(['a', 'c'], { version: 3 }));
    expect(copies.digestFor(v3)).toBeNull();
    // Another sheet for the same day (made again after an erasure): not known.
    copies.verified(v3, '2:50');
    const other = copies.keep(sheet(['a', 'c'], { id: 'sheet-2' }));
    expect(copies.digestFor(other)).toBeNull();
  });

  it('does not record a digest for a sheet lacking a referral that was open (another request saved its draft first)', () => {
    const copies = new SheetCopies();
    const theirs = copies.keep(sheet(['a']));
    copies.verified(theirs, '2:77', ['a', 'b']);
    expect(copies.digestFor(theirs)).toBeNull();
    copies.verified(theirs, '1:12', ['a']);
    expect(copies.digestFor(theirs)).toBe('1:12');
  });

  it('keeps the most recently used days only', async () => {
    const copies = new SheetCopies(2);
    copies.keep(sheet(['a'], { date: '2026-03-09', id: 's9' }));
    copies.keep(sheet(['a'], { date: '2026-03-10', id: 's10' }));
    await copies.find('2026-03-09', async (known) => known);
    copies.keep(sheet(['a'], { date: '2026-03-11', id: 's11' }));
    const offered: Array<string | undefined> = [];
    for (const date of ['2026-03-09', '2026-03-10', '2026-03-11'] as const) await copies.find(date, async (known) => (offered.push(known?.id), known));
    expect(offered).toEqual(['s9', undefined, 's11']);
  });
});
