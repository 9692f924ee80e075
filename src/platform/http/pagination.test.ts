import { describe, expect, it } from 'vitest';
import { paginationItems } from './pagination.js';

const numbers = (current: number, last: number) => paginationItems(current, last, (n) => `?page=${n}`).map((i) => ('ellipsis' in i ? '…' : i.current ? `[${i.number}]` : String(i.number)));

describe('GOV.UK pagination items', () => {
  it('shows every page when there are few', () => {
    expect(numbers(1, 3)).toEqual(['[1]', '2', '3']);
    expect(numbers(2, 2)).toEqual(['1', '[2]']);
  });

  it('shows the first, the last and the neighbours of the current page, with an ellipsis for each gap', () => {
    expect(numbers(1, 800)).toEqual(['[1]', '2', '…', '800']);
    expect(numbers(400, 800)).toEqual(['1', '…', '399', '[400]', '401', '…', '800']);
    expect(numbers(799, 800)).toEqual(['1', '…', '798', '[799]', '800']);
    expect(numbers(3, 5)).toEqual(['1', '2', '[3]', '4', '5']);
  });

  it('links each number to its page', () => {
    expect(paginationItems(2, 9, (n) => `/sheet?pending=${n}`)).toContainEqual({ number: 9, href: '/sheet?pending=9', current: false });
  });
});
