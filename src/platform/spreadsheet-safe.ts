/**
 * Text a spreadsheet would run as a formula, made inert (OWASP "CSV injection"). Excel and
 * LibreOffice skip leading spaces and read the fullwidth forms (＝ ＋ － ＠) as the ASCII ones, so
 * " =HYPERLINK(…)" and "＝1+1" are formulas too: the cell is prefixed with a single quote, which
 * every spreadsheet shows as text and hides. A genuine negative number is written as a number by
 * the callers, never through this.
 */
const FORMULA_START = /^[\s\u00a0\u2000-\u200b\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n|]/u;

export function spreadsheetSafeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
