import type { IsoDate } from '../../platform/london-time.js';
import type { StoredSheet } from './duty-repository.js';

interface Copy {
  sheet: StoredSheet;
  /**
   * The digest (ReferralReadsRepository.forSheet) of the read the sheet was last brought up to
   * date from; `held`, the referrals it held then. Null: not known.
   */
  openDigest: string | null;
  held: ReadonlySet<string> | null;
}

/**
 * This process's parsed copies of the sheets it read lately (issue 17: a draft with 20,000
 * entries is 1.7 MB of JSON). A copy is never trusted on its own: the repository sends the
 * entries again unless the stored sheet is still the copy's id and version, so several instances
 * (each with its own copies) stay exact. With a copy goes the digest of what the draft was last
 * brought up to date from, so a view works the draft out again (and sends its referral ids for
 * the anti-join) only when that has changed.
 */
export class SheetCopies {
  private readonly copies = new Map<IsoDate, Copy>();

  constructor(private readonly limit = 8) {}

  /** The sheet as `read` finds it, given this process's copy to compare with; the copy follows it. */
  async find(date: IsoDate, read: (known: StoredSheet | undefined) => Promise<StoredSheet | undefined>): Promise<StoredSheet | undefined> {
    const sheet = await read(this.copies.get(date)?.sheet);
    if (!sheet) {
      this.copies.delete(date);
      return undefined;
    }
    return this.keep(sheet);
  }

  /** Keeps `sheet` as the copy of its day (what was just read or saved). */
  keep(sheet: StoredSheet): StoredSheet {
    const previous = this.copies.get(sheet.date);
    const same = previous !== undefined && previous.sheet.id === sheet.id && previous.sheet.version === sheet.version;
    // A later version still holding every referral the verified one held (a decision, the
    // attendance, entries added) is still up to date with that read.
    const carried = same || (previous !== undefined && previous.sheet.id === sheet.id && previous.held !== null && holdsAll(sheet, previous.held));
    this.copies.delete(sheet.date);
    this.copies.set(sheet.date, { sheet, openDigest: carried ? (previous?.openDigest ?? null) : null, held: carried ? (previous?.held ?? null) : null });
    for (const date of this.copies.keys()) {
      if (this.copies.size <= this.limit) break;
      this.copies.delete(date);
    }
    return sheet;
  }

  /**
   * `sheet` was brought up to date from the read that gave `openDigest`, holding `openHeld` (by
   * default its own entries). Not recorded if the sheet lacks any of them.
   */
  verified(sheet: StoredSheet, openDigest: string, openHeld: readonly string[] = sheet.entries.map((e) => e.referralId)): void {
    const copy = this.copies.get(sheet.date);
    if (!copy || copy.sheet.id !== sheet.id || copy.sheet.version !== sheet.version || copy.openDigest === openDigest) return;
    const held = new Set(openHeld);
    if (!holdsAll(sheet, held)) return;
    copy.openDigest = openDigest;
    copy.held = held;
  }

  /** The digest of the read this version of the sheet is known to be up to date with, if any. */
  digestFor(sheet: StoredSheet): string | null {
    const copy = this.copies.get(sheet.date);
    return copy && copy.sheet.id === sheet.id && copy.sheet.version === sheet.version ? copy.openDigest : null;
  }
}

function holdsAll(sheet: StoredSheet, ids: ReadonlySet<string>): boolean {
  if (ids.size > sheet.entries.length) return false;
  const onSheet = new Set(sheet.entries.map((e) => e.referralId));
  for (const id of ids) if (!onSheet.has(id)) return false;
  return true;
}
