// Issue 12 item 10: no native time or datetime-local inputs (a 12-hour picker on en-US phones,
// beside a "24-hour clock" hint). Every time box is a text input with inputmode, read by the one
// time rule (platform/time/parse.ts), and says it is the 24-hour clock.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimeOfDay } from '../src/platform/time/parse.js';

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return templates(full);
    return name.endsWith('.njk') ? [full] : [];
  });
}

/** The argument of each call of `opener` (e.g. 'govukInput('), to its matching parenthesis. */
function callsOf(text: string, opener: string): string[] {
  const calls: string[] = [];
  for (let start = text.indexOf(opener); start !== -1; start = text.indexOf(opener, start + 1)) {
    let depth = 0;
    for (let i = start + opener.length - 1; i < text.length; i++) {
      if (text[i] === '(') depth += 1;
      if (text[i] === ')' && --depth === 0) {
        calls.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return calls;
}

const ALL = templates(path.resolve(__dirname, '../src'));
// The duty module's own pages are being reworked by another helper (issue 12): checked there.
const MINE = ALL.filter((file) => !file.includes(`${path.sep}modules${path.sep}duty${path.sep}`));

describe('time inputs', () => {
  it('no template uses a native time or datetime-local input', () => {
    const offenders = ALL.filter((file) => /type\s*[:=]\s*["']?(time|datetime-local)\b/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('every time box has inputmode and a 24-hour hint', () => {
    const problems: string[] = [];
    for (const file of MINE) {
      const text = readFileSync(file, 'utf8');
      // A time box: a govukInput named "<x>-time", or a date input's { name: 'time' } item.
      const boxes = [...callsOf(text, 'govukInput('), ...[...text.matchAll(/\{ name: 'time'[^{}]*\}/g)].map((m) => m[0])].filter((box) => /name:\s*(?:'[^']*-time'|p\.name \+ '-time'|'time')/.test(box));
      for (const box of boxes) {
        if (!/inputmode:/.test(box)) problems.push(`${path.relative(process.cwd(), file)}: ${box.slice(0, 80)} has no inputmode`);
      }
      if (boxes.length > 0 && !/24-hour/.test(text)) problems.push(`${path.relative(process.cwd(), file)}: no 24-hour hint`);
    }
    expect(problems).toEqual([]);
  });

  it('what the hints suggest is what the parser reads', () => {
    for (const typed of ['09:30', '9:30', '0930', '09.30', '21:30', '16:30']) expect(parseTimeOfDay(typed)).toMatchObject({ ok: true });
    expect(parseTimeOfDay('9.30pm')).toMatchObject({ ok: false, message: 'Enter the time using the 24-hour clock, for example 09:30 or 21:30' });
  });
});
