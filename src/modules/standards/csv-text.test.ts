import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from './csv-text.js';

describe('csvCell', () => {
  it('leaves plain text alone', () => {
    expect(csvCell('Lone working policy')).toBe('Lone working policy');
  });
  it('quotes cells holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('Daytime, EDT')).toBe('"Daytime, EDT"');
    expect(csvCell('the "New Roles" guidance')).toBe('"the ""New Roles"" guidance"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
  });
  it.each(['=SUM(A1:A9)', '+44 1234', '-1+2', '@cmd', '\tTAB'])(
    'prefixes %j with a quote so a spreadsheet does not run it as a formula',
    (value) => {
      expect(
        csvCell(value)
          .replace(/^"/, '')
          .startsWith(`'${value.charAt(0)}`),
      ).toBe(true);
    },
  );
  it('does not prefix text where the trigger is not the first character', () => {
    expect(csvCell('a=b')).toBe('a=b');
  });
  it('writes numbers as numbers, including negative ones, and blanks for missing values', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('Yes');
    expect(csvCell(false)).toBe('No');
  });
  it('quotes cells with leading or trailing spaces so they survive', () => {
    expect(csvCell(' padded ')).toBe('" padded "');
  });
});

describe('toCsv', () => {
  it('joins rows with CRLF and ends with a line break', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 1],
      ]),
    ).toBe('a,b\r\nc,1\r\n');
  });
});

describe('parseCsv', () => {
  it('reads what toCsv writes', () => {
    const rows = [
      ['standard', 'text'],
      ['1.1', 'Has, commas and "quotes"\nand a line break'],
    ];
    const parsed = parseCsv(toCsv(rows));
    expect(parsed.ok && parsed.records.map((r) => r.cells)).toEqual(rows);
  });
  it('reports the line each record starts on, counting line breaks inside quotes and skipping blank lines', () => {
    const parsed = parseCsv('h1,h2\n"a\nb",c\n\nd,e');
    expect(parsed.ok && parsed.records.map((r) => r.line)).toEqual([1, 2, 5]);
  });
  it('ignores a byte-order mark', () => {
    const parsed = parseCsv('\ufeffstandard,text\n1.1,x');
    expect(parsed.ok && parsed.records[0]?.cells[0]).toBe('standard');
  });
  it('keeps empty trailing cells', () => {
    const parsed = parseCsv('a,,\n');
    expect(parsed.ok && parsed.records[0]?.cells).toEqual(['a', '', '']);
  });
  it('refuses an unclosed quote, naming the line where it opened', () => {
    expect(parseCsv('a,b\nc,"never closed\nmore')).toEqual({
      ok: false,
      line: 2,
      message: 'A quoted cell is never closed',
    });
  });
  it('refuses a stray quote in the middle of a cell', () => {
    const parsed = parseCsv('a,b"c');
    expect(parsed.ok).toBe(false);
  });
  it('refuses text after a closing quote', () => {
    const parsed = parseCsv('"a"b,c');
    expect(parsed.ok).toBe(false);
  });
});
