// Issue 13 point 8: the clinical safety case names, for each hazard, the tests that prove its
// controls. This keeps the hazard log honest: every `file › title` it cites must be a test that
// exists under exactly that title, the hazards the issue requires must be there, and no hazard may
// go without a test. Pure file reading: no app, no database.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const logPath = path.join(root, 'docs/clinical-safety/hazard-log.md');
const log = readFileSync(logPath, 'utf8');

interface Citation {
  file: string;
  title: string;
}

/** Every `path/to/file.test.ts › exact title` in a piece of the log. */
function citationsIn(text: string): Citation[] {
  return [...text.matchAll(/`([\w./-]+\.test\.ts) › ([^`]+)`/g)].map((m) => ({ file: m[1]!, title: m[2]! }));
}

/** The hazards: each `## HAZ-NNN title` heading with the text up to the next one. */
function hazards(): { id: string; title: string; body: string }[] {
  const headings = [...log.matchAll(/^## (HAZ-\d{3}) (.+)$/gm)];
  return headings.map((h, i) => ({ id: h[1]!, title: h[2]!, body: log.slice(h.index, headings[i + 1]?.index ?? log.length) }));
}

/** The titles of every `it(…)` / `test(…)` in a test file (string literals without interpolation). */
function testTitles(file: string): Set<string> {
  const source = readFileSync(path.join(root, file), 'utf8');
  const titles = new Set<string>();
  const call = /\b(?:it|test)(?:\.(?:skip|only|concurrent|fails))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const m of source.matchAll(call)) {
    const [, quote, raw] = m;
    if (quote === '`' && raw!.includes('${')) continue;
    titles.add(raw!.replace(/\\(.)/g, '$1'));
  }
  return titles;
}

describe('the clinical safety hazard log', () => {
  const cited = citationsIn(log);

  it('cites tests', () => {
    expect(cited.length).toBeGreaterThan(50);
  });

  it('names only test files that exist', () => {
    const missing = [...new Set(cited.map((c) => c.file))].filter((f) => !existsSync(path.join(root, f)));
    expect(missing).toEqual([]);
  });

  it('names every test by the exact title of an it() or test() in that file', () => {
    const titlesByFile = new Map<string, Set<string>>();
    const notFound = cited
      .filter((c) => existsSync(path.join(root, c.file)))
      .filter((c) => {
        if (!titlesByFile.has(c.file)) titlesByFile.set(c.file, testTitles(c.file));
        return !titlesByFile.get(c.file)!.has(c.title);
      })
      .map((c) => `${c.file} › ${c.title}`);
    expect(notFound).toEqual([]);
  });

  it('has the hazards issue 13 requires', () => {
    const titles = hazards().map((h) => h.title);
    const required: [string, RegExp][] = [
      ['wrong detention end or s136 expiry shown', /detention end.*s136 expiry|s136 expiry.*detention end/i],
      ['missed overdue-visit alert', /missed overdue-visit alert/i],
      ['duress not raised', /duress not raised/i],
      ['allocation to an AMHP without a current approval', /allocation to an AMHP without a current approval/i],
      ['handover not accepted', /handover not accepted/i],
      ['a lost or duplicated referral', /lost or duplicated referral/i],
    ];
    const absent = required.filter(([, pattern]) => !titles.some((t) => pattern.test(t))).map(([name]) => name);
    expect(absent).toEqual([]);
  });

  it('numbers hazards HAZ-001 upwards without gaps or repeats, each listed in the summary', () => {
    const ids = hazards().map((h) => h.id);
    expect(ids).toEqual(ids.map((_, i) => `HAZ-${String(i + 1).padStart(3, '0')}`));
    for (const id of ids) expect(log).toMatch(new RegExp(`^\\| ${id} \\|`, 'm'));
  });

  it('rates every risk by the matrix in README.md, and the summary table agrees', () => {
    const readme = readFileSync(path.join(root, 'docs/clinical-safety/README.md'), 'utf8');
    const severities = ['Minor', 'Significant', 'Considerable', 'Major', 'Catastrophic'];
    const matrix = new Map<string, number[]>();
    for (const m of readme.matchAll(/^\| \*\*(Very high|High|Medium|Low|Very low)\*\* \| (.+) \|$/gm)) matrix.set(m[1]!, m[2]!.split(' | ').map(Number));
    expect([...matrix.keys()]).toEqual(['Very high', 'High', 'Medium', 'Low', 'Very low']);

    const wrong = hazards().flatMap((h) => {
      const ratings = [...h.body.matchAll(/Likelihood (Very high|High|Medium|Low|Very low) × severity (\w+) = \*\*(\d)\*\*/g)].map((m) => {
        const expected = matrix.get(m[1]!)![severities.indexOf(m[2]!)];
        return { text: m[0], rating: Number(m[3]), expected };
      });
      const problems = ratings.filter((r) => r.rating !== r.expected).map((r) => `${h.id}: ${r.text} (the matrix gives ${r.expected})`);
      if (ratings.length !== 2) problems.push(`${h.id}: needs an initial and a residual rating`);
      const row = new RegExp(`^\\| ${h.id} \\| [^|]+ \\| (\\d) \\| (\\d) \\|`, 'm').exec(log);
      if (ratings.length === 2 && (Number(row?.[1]) !== ratings[0]!.rating || Number(row?.[2]) !== ratings[1]!.rating)) problems.push(`${h.id}: the summary table disagrees`);
      return problems;
    });
    expect(wrong).toEqual([]);
  });

  it('gives every hazard its causes, controls, tests, risks and what the deploying organisation must do', () => {
    const incomplete = hazards().flatMap((h) => {
      const lacking = ['**Description.**', '**Causes.**', '**Effect.**', '**Initial risk.**', '**Controls in the product.**', '**Tests that prove the controls.**', '**Residual risk.**', '**The deploying organisation must.**'].filter(
        (field) => !h.body.includes(field),
      );
      if (citationsIn(h.body).length === 0) lacking.push('a test reference');
      if (!/`src\/[\w./-]+\.ts`/.test(h.body)) lacking.push('a control named by its file');
      return lacking.length ? [`${h.id}: ${lacking.join(', ')}`] : [];
    });
    expect(incomplete).toEqual([]);
  });
});
