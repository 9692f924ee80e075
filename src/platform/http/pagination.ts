/** A numbered item of GOV.UK pagination, or the ellipsis between numbers. */
export type PaginationItem = { number: number; href: string; current: boolean } | { ellipsis: true };

/**
 * GOV.UK pagination's numbered items for page `current` of `last`: the first, the last, and the
 * pages either side of the current one, with an ellipsis for each gap (the pattern's advice for
 * many pages; a section of 20,000 referrals would otherwise draw 800 links).
 */
export function paginationItems(current: number, last: number, hrefFor: (page: number) => string): PaginationItem[] {
  const shown = [...new Set([1, current - 1, current, current + 1, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  for (const n of shown) {
    const previous = items[items.length - 1];
    if (previous && 'number' in previous && n > previous.number + 1) items.push({ ellipsis: true });
    items.push({ number: n, href: hrefFor(n), current: n === current });
  }
  return items;
}
