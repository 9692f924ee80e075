import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_CATALOGUE_VERSION,
  builtInCatalogue,
  chapterOf,
  findStandard,
  parseCatalogueImport,
  STANDARD_NUMBERS,
  standardsInChapter,
} from './standards-catalogue.js';
import { toCsv } from './csv-text.js';
import { fieldErrorsOf, refusalOf, valueOf } from '../../../test/support/builders/standards-builders.js';

describe('built-in catalogue', () => {
  const catalogue = builtInCatalogue();

  it('has six chapters and the 28 officially numbered standards in order', () => {
    expect(catalogue.chapters.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(catalogue.standards.map((s) => s.number)).toEqual([...STANDARD_NUMBERS]);
    expect(catalogue.standards).toHaveLength(28);
  });

  it('has 4, 5, 4, 5, 6 and 4 standards in chapters 1 to 6', () => {
    expect(catalogue.chapters.map((c) => standardsInChapter(catalogue, c.number).length)).toEqual([
      4, 5, 4, 5, 6, 4,
    ]);
  });

  it('gives every chapter a purpose and examples of evidence', () => {
    for (const chapter of catalogue.chapters) {
      expect(chapter.title.length).toBeGreaterThan(5);
      expect(chapter.purpose.length).toBeGreaterThan(100);
      expect(chapter.evidenceExamples.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives every standard a title, a summary and a reference to the source toolkit and chapter', () => {
    for (const standard of catalogue.standards) {
      expect(standard.title.length).toBeGreaterThan(3);
      expect(standard.summary.length).toBeGreaterThan(40);
      expect(standard.chapter).toBe(chapterOf(standard.number));
      expect(standard.source.document).toContain('Evaluation, Mapping and Planning Toolkit');
      expect(standard.source.location).toContain(`chapter ${standard.chapter}`);
    }
  });

  it('is labelled as the paraphrased version', () => {
    expect(catalogue.versionLabel).toBe(BUILT_IN_CATALOGUE_VERSION);
    expect(catalogue.wording).toBe('paraphrase');
  });

  it('hands out independent copies', () => {
    const first = builtInCatalogue();
    first.standards[0]!.title = 'changed';
    expect(builtInCatalogue().standards[0]!.title).not.toBe('changed');
  });

  it('finds a standard by number', () => {
    expect(findStandard(catalogue, '4.1').title).toMatch(/lone working/i);
  });
});

const officialStandards = () =>
  STANDARD_NUMBERS.map((number) => ({ number, text: `Official wording of standard ${number}.` }));

const officialJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    versionLabel: 'Official wording, final draft',
    chapters: [1, 2, 3, 4, 5, 6].map((number) => ({ number, title: `Official chapter ${number}` })),
    standards: officialStandards(),
    ...overrides,
  });

describe('parseCatalogueImport: JSON', () => {
  it('builds an official-wording catalogue, keeping our short titles, purposes and evidence where the file has none', () => {
    const result = parseCatalogueImport(officialJson(), 'json');
    const catalogue = valueOf(result);
    expect(catalogue.versionLabel).toBe('Official wording, final draft');
    expect(catalogue.wording).toBe('official');
    expect(findStandard(catalogue, '2.3').summary).toBe('Official wording of standard 2.3.');
    expect(findStandard(catalogue, '2.3').title).toBe(
      findStandard(builtInCatalogue(), '2.3').title,
    );
    expect(catalogue.chapters[0]!.title).toBe('Official chapter 1');
    expect(catalogue.chapters[0]!.purpose).toBe(builtInCatalogue().chapters[0]!.purpose);
  });

  it('accepts standards in any order and without chapters', () => {
    const result = parseCatalogueImport(
      JSON.stringify({ versionLabel: 'v2', standards: officialStandards().reverse() }),
      'json',
    );
    expect(result.ok && result.value.standards.map((s) => s.number)).toEqual([...STANDARD_NUMBERS]);
  });

  it('lets the administrator override the version label', () => {
    const result = parseCatalogueImport(officialJson(), 'json', {
      versionLabel: 'Local copy 2025',
    });
    expect(result.ok && result.value.versionLabel).toBe('Local copy 2025');
  });

  it('refuses text that is not JSON', () => {
    const result = parseCatalogueImport('{ not json', 'json');
    expect(refusalOf(result).kind).toBe('invalid');
    expect(fieldErrorsOf(result)[0]?.message).toMatch(/not valid JSON/);
  });

  it('names a missing standard', () => {
    const standards = officialStandards().filter((s) => s.number !== '4.5');
    const result = parseCatalogueImport(officialJson({ standards }), 'json');
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'standards',
      message: expect.stringMatching(/^Standard 4\.5 is missing/),
    });
  });

  it('names a duplicate standard by its position', () => {
    const standards = [...officialStandards(), { number: '1.2', text: 'again' }];
    const result = parseCatalogueImport(officialJson({ standards }), 'json');
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'standards.28.number',
      message: 'Standard 1.2 appears more than once (also at standards.1.number)',
    });
  });

  it('refuses a number that is not one of the 28, and an empty text, with field paths', () => {
    const standards = officialStandards();
    standards[5] = { number: '2.6' as never, text: 'x' };
    standards[6] = { ...standards[6]!, text: '   ' };
    const result = parseCatalogueImport(officialJson({ standards }), 'json');
    const fields = fieldErrorsOf(result).map((p) => p.field);
    expect(fields).toContain('standards.5.number');
    expect(fields).toContain('standards.6.text');
    expect(fieldErrorsOf(result).find((p) => p.field === 'standards.5.number')?.message).toMatch(
      /"2\.6" is not one of the 28/,
    );
  });

  it('refuses a standard placed in the wrong chapter', () => {
    const standards = officialStandards().map((s) =>
      s.number === '3.2' ? { ...s, chapter: 4 } : s,
    );
    const result = parseCatalogueImport(officialJson({ standards }), 'json');
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'standards.10.chapter',
      message: 'Standard 3.2 belongs to chapter 3, not chapter 4',
    });
  });

  it('requires chapters 1 to 6 once each when chapters are given', () => {
    const chapters = [1, 2, 3, 4, 5, 5].map((number) => ({ number, title: `Chapter ${number}` }));
    const result = parseCatalogueImport(officialJson({ chapters }), 'json');
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'chapters.5.number',
      message: 'Chapter 5 appears more than once',
    });
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'chapters',
      message: 'Chapter 6 is missing',
    });
  });

  it('refuses a chapter outside 1 to 6', () => {
    const chapters = [1, 2, 3, 4, 5, 7].map((number) => ({ number, title: `Chapter ${number}` }));
    const result = parseCatalogueImport(officialJson({ chapters }), 'json');
    expect(fieldErrorsOf(result).some((p) => p.field === 'chapters.5.number')).toBe(
      true,
    );
  });

  it('requires a version label', () => {
    const result = parseCatalogueImport(JSON.stringify({ standards: officialStandards() }), 'json');
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'versionLabel',
      message: 'Give the catalogue a version label',
    });
  });
});

const csvRows = () => [
  ['chapter', 'chapter_title', 'standard', 'title', 'text'],
  ...STANDARD_NUMBERS.map((n) => [
    String(chapterOf(n)),
    `Official chapter ${chapterOf(n)}`,
    n,
    '',
    `Official, "quoted" wording of ${n}.`,
  ]),
];

describe('parseCatalogueImport: CSV', () => {
  it('builds a catalogue from one row per standard', () => {
    const result = parseCatalogueImport(toCsv(csvRows()), 'csv', { versionLabel: 'Official CSV' });
    expect(findStandard(valueOf(result), '6.4').summary).toBe('Official, "quoted" wording of 6.4.');
    expect(valueOf(result).chapters[3]!.title).toBe('Official chapter 4');
    expect(valueOf(result).versionLabel).toBe('Official CSV');
  });

  it('accepts only the two required columns, with headers in any case', () => {
    const rows = [['Standard', 'Text'], ...STANDARD_NUMBERS.map((n) => [n, `Text ${n}`])];
    const result = parseCatalogueImport(toCsv(rows), 'csv', { versionLabel: 'Minimal' });
    expect(result.ok).toBe(true);
  });

  it('requires a version label for CSV, since the file cannot carry one', () => {
    const result = parseCatalogueImport(toCsv(csvRows()), 'csv');
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'versionLabel',
      message: 'Give the catalogue a version label',
    });
  });

  it('reports problems with the line number of the offending row', () => {
    const rows = csvRows();
    rows[3] = ['1', 'Official chapter 1', '1.1', '', 'duplicate of 1.1']; // line 4 duplicates line 2
    rows[10] = ['2', 'Official chapter 2', '3.1', '', 'wrong chapter']; // line 11
    rows[12] = ['3', 'Official chapter 3', '9.9', '', 'unknown']; // line 13
    const result = parseCatalogueImport(toCsv(rows), 'csv', { versionLabel: 'x' });
    const problems = fieldErrorsOf(result);
    expect(problems).toContainEqual({
      field: 'standard',
      message: 'Line 4: Standard 1.1 appears more than once (also at line 2)',
    });
    expect(problems).toContainEqual({
      field: 'chapter',
      message: 'Line 11: Standard 3.1 belongs to chapter 3, not chapter 2',
    });
    expect(problems.find((p) => p.message.startsWith('Line 13:'))?.message).toMatch(/"9\.9" is not one of the 28/);
    expect(problems.find((p) => p.field === 'standards')?.message).toMatch(/1\.3.*missing/);
  });

  it('reports a row with no text', () => {
    const rows = csvRows();
    rows[1] = ['1', 'Official chapter 1', '1.1', '', ''];
    const result = parseCatalogueImport(toCsv(rows), 'csv', { versionLabel: 'x' });
    expect(fieldErrorsOf(result)).toContainEqual({
      field: 'text',
      message: 'Line 2: Standard text is empty',
    });
  });

  it('reports a header without the required columns', () => {
    const result = parseCatalogueImport('number,wording\n1.1,x\n', 'csv', { versionLabel: 'x' });
    expect(fieldErrorsOf(result).map((p) => [p.field, p.message.split(':')[0]])).toEqual([
      ['standard', 'Line 1'],
      ['text', 'Line 1'],
    ]);
  });

  it('reports conflicting chapter titles', () => {
    const rows = csvRows();
    rows[2] = ['1', 'Another title', '1.2', '', 'x'];
    const result = parseCatalogueImport(toCsv(rows), 'csv', { versionLabel: 'x' });
    expect(fieldErrorsOf(result)[0]).toEqual({
      field: 'chapter_title',
      message: 'Line 3: Chapter 1 already has the title "Official chapter 1" (line 2)',
    });
  });

  it('reports an empty file and broken quoting', () => {
    const empty = parseCatalogueImport('', 'csv', { versionLabel: 'x' });
    expect(fieldErrorsOf(empty)[0]?.message).toBe('The file is empty');
    const broken = parseCatalogueImport('standard,text\n1.1,"open', 'csv', { versionLabel: 'x' });
    expect(fieldErrorsOf(broken)[0]).toEqual({
      field: 'content',
      message: 'Line 2: A quoted cell is never closed',
    });
  });
});
