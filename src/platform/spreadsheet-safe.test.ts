import { describe, expect, it } from 'vitest';
import { spreadsheetSafeText } from './spreadsheet-safe.js';

describe('text made safe for a spreadsheet', () => {
  it('prefixes what a spreadsheet would run, including space-led and fullwidth formulas', () => {
    for (const formula of ['=1+1', '+44 1632 960000', '-2+3', '@SUM(A1)', ' =HYPERLINK("http://x")', '\u00a0=1', '\uff1d1+1', '\uff0bcmd', '\u3000\uff20x', '\t=1', '|calc']) {
      expect(spreadsheetSafeText(formula), JSON.stringify(formula)).toBe(`'${formula}`);
    }
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['Ana Lima', 'St Elsewhere Hospital', '2026-12-01', ' leading space only', 'a=b']) {
      expect(spreadsheetSafeText(text)).toBe(text);
    }
  });
});
