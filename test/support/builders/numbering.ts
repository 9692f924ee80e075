/**
 * The builders' running numbers (unique names, e-mail addresses, family names), one series per
 * builder module. The suite runs test files one after another in the same worker without
 * re-importing modules, so `test/support/per-file-setup.ts` restarts them for each file: a file
 * sees the same names whichever files ran before it in its worker.
 */
const series = new Map<string, number>();

export function nextNumber(name: string): number {
  const next = (series.get(name) ?? 0) + 1;
  series.set(name, next);
  return next;
}

export function restartNumbering(): void {
  series.clear();
}
