/**
 * The 28 National AMHP Service Standards as data.
 *
 * The built-in catalogue gives every standard a short title and a summary written in our own
 * words, with the official numbering and a reference back to the source toolkit. Services that
 * want the official wording load it with `parseCatalogueImport` (an administrator's CSV or JSON
 * file). Every catalogue carries a version label, and an evaluation records the label it was
 * made against so its report always shows the text that the group actually discussed.
 */
import { z } from 'zod';
import { parseCsv } from './csv-text.js';
import type { FieldError } from '../../platform/errors.js';
import { ok, refused, type Result } from '../../platform/result.js';

export const CHAPTER_NUMBERS = [1, 2, 3, 4, 5, 6] as const;
export type ChapterNumber = (typeof CHAPTER_NUMBERS)[number];

export const STANDARD_NUMBERS = [
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '3.1',
  '3.2',
  '3.3',
  '3.4',
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '4.5',
  '5.1',
  '5.2',
  '5.3',
  '5.4',
  '5.5',
  '5.6',
  '6.1',
  '6.2',
  '6.3',
  '6.4',
] as const;
export type StandardNumber = (typeof STANDARD_NUMBERS)[number];

export const SOURCE_DOCUMENT =
  'Approved Mental Health Professional (AMHP) National Service Standards: Evaluation, Mapping and Planning Toolkit (Health Education England, part of the National Workforce Plan for AMHPs)';

export interface SourceReference {
  document: string;
  /** Where in the document: the standard sits in "AMHP Service Standards", chapter N. */
  location: string;
}

export interface CatalogueChapter {
  number: ChapterNumber;
  title: string;
  purpose: string;
  evidenceExamples: string[];
  source: SourceReference;
}

export interface CatalogueStandard {
  number: StandardNumber;
  chapter: ChapterNumber;
  title: string;
  /** Our paraphrase in the built-in catalogue; the official text in an imported one. */
  summary: string;
  source: SourceReference;
}

export interface StandardsCatalogue {
  versionLabel: string;
  wording: 'paraphrase' | 'official';
  sourceDocument: string;
  chapters: CatalogueChapter[];
  standards: CatalogueStandard[];
}

export function isStandardNumber(value: string): value is StandardNumber {
  return (STANDARD_NUMBERS as readonly string[]).includes(value);
}

export function chapterOf(number: StandardNumber): ChapterNumber {
  return Number(number.split('.')[0]) as ChapterNumber;
}

/** Official order: 1.1 … 6.4. */
export function compareStandardNumbers(a: StandardNumber, b: StandardNumber): number {
  return STANDARD_NUMBERS.indexOf(a) - STANDARD_NUMBERS.indexOf(b);
}

function sourceFor(chapter: ChapterNumber): SourceReference {
  return {
    document: SOURCE_DOCUMENT,
    location: `"AMHP Service Standards", chapter ${chapter}; evaluation tool, chapter ${chapter}`,
  };
}

interface ChapterText {
  title: string;
  purpose: string;
  evidenceExamples: string[];
  standards: { number: StandardNumber; title: string; summary: string }[];
}

/** Paraphrased wording, written for AMHP Hub; not the official text. */
const PARAPHRASED: Record<ChapterNumber, ChapterText> = {
  1: {
    title: 'Council governance and links to regional and national AMHP networks',
    purpose:
      'Makes sure the council, and its Director of Adult Social Services above all, can see how well the local AMHP service is working, with reporting that runs from frontline AMHPs up to the director and back again — which matters most where the service sits inside an NHS trust. It also asks the director, or a deputy, to keep the service connected to regional and national AMHP forums so that information flows both ways, working with neighbouring councils, and suggests each area names an AMHP lead to run the service.',
    evidenceExamples: [
      'The director, or a senior officer they delegate to, meets AMHP leads regularly and receives routine reports on how the service is working',
      'Systems capture and report the demand on the AMHP service and the problems AMHPs meet',
      'A single operational policy describes AMHP provision across the council, showing management lines and structures',
      'Service development plans refer to the national AMHP Workforce Plan',
      "The council's approval and authorisation policy is current and easy to find",
      'The local AMHP lead or service manager belongs to the national AMHP Leads Network',
      'The local AMHP lead or service manager belongs to a regional AMHP leads group',
    ],
    standards: [
      {
        number: '1.1',
        title: 'Line of sight from the front line to the director',
        summary:
          'Leadership and reporting arrangements give the director and the principal social worker (or an equivalent head of service) a clear and regular view of the round-the-clock AMHP service. Where AMHPs work within an NHS partnership, the trust’s chief executive and board also receive regular reports on AMHP activity.',
      },
      {
        number: '1.2',
        title: 'Representation in the national AMHP Leads Network',
        summary:
          'The director makes sure a lead AMHP or AMHP manager who still practises as an AMHP represents the council in the national AMHP Leads Network, carrying information in both directions, and that the network hears promptly when that person changes.',
      },
      {
        number: '1.3',
        title: 'Competence, training, the register and workforce planning',
        summary:
          'The director makes sure AMHPs keep to the AMHP competencies, receive enough continuing training and are held on a managed register of approvals and authorisations — including suspension or removal when needed, following the New Roles guidance — and that succession and workforce planning, in line with the 2019 Workforce Plan, stays central to running the service.',
      },
      {
        number: '1.4',
        title: 'Cross-border and regional AMHP forums',
        summary:
          'The director works with neighbouring councils so that lead AMHP forums spanning council borders run and are supported, and backs the regional forums that report into the national AMHP Leads Steering Group.',
      },
    ],
  },
  2: {
    title: 'Governance of the 24-hour AMHP service',
    purpose:
      'Helps the council show that operational governance of AMHP work is sound at every hour: AMHPs can get the support they need to practise safely, and the organisation knows what work is being done under its authority at any moment — for instance, which AMHP is working on which referral and where they are. It looks at how work is supported as it happens, how local and national data are gathered, how the service adapts when demand surges, and how concerns are raised, escalated and acted on, whether the service spans several teams, times of day or councils.',
    evidenceExamples: [
      'Protocols showing that AMHPs can reach managerial, professional and legal support at any hour',
      'AMHP activity data is collected reliably across the 24 hours, analysed, and reported to the council and its partners',
      'Evidence that the data shapes how the service plans for demand, including the delays and obstacles AMHPs report',
      "AMHP activity data is joined up with partners' data (for example section 136 figures from police and places of safety) to avoid duplication and make good use of it",
      'Protocols that release AMHPs from other duties when demand peaks, with an escalation route',
    ],
    standards: [
      {
        number: '2.1',
        title: 'Support at any hour',
        summary:
          'Whatever the design of the service, AMHPs can get prompt managerial, professional, peer and legal support throughout the 24 hours, as the New Roles guidance expects.',
      },
      {
        number: '2.2',
        title: 'Referral management and data',
        summary:
          'Managing referrals and collecting data are part of the service’s routine work, including national returns such as the Adult Social Care Workforce Data Set and enough local data to run the service well. The data is shared lawfully with partners to support joint working, demand planning, commissioning and better local practice.',
      },
      {
        number: '2.3',
        title: 'Contingency plans for high demand',
        summary:
          'The service has clear plans for finding extra capacity when demand is high, and lead AMHPs and AMHP managers have the authority and backing to call on more resources.',
      },
      {
        number: '2.4',
        title: 'Reporting issues and delays',
        summary:
          'AMHPs have clear routes for reporting problems and delays so that they reach the body that can act, with the council backing them as the Code of Practice expects; service leads are free to work creatively with partner agencies to resolve shortages.',
      },
      {
        number: '2.5',
        title: 'Passing on updates from networks',
        summary:
          'The manager or lead who attends regional and national forums passes the important updates on to local AMHP forums, and the service keeps minutes and attendance records for every forum.',
      },
    ],
  },
  3: {
    title: 'Reach and scope of the AMHP service',
    purpose:
      'Looks at how the AMHP service connects with the wider mental health system and influences local and regional policy and practice; how, working with partners such as the police and emergency departments, it manages the knock-on effects of pressure elsewhere; and whether it reflects, and understands the needs of, the communities it serves. Services that have moved from a duty rota to dedicated AMHP teams are often better placed to do this.',
    evidenceExamples: [
      'AMHPs take part in developing services within mental health and with partners, and can influence the design of new teams and systems so that unintended effects on AMHP work are avoided',
      'AMHPs attend local multi-agency forums and link routinely with community and specialist mental health services, so that an AMHP view is always present',
      'The AMHP workforce reflects the local community, and recruitment helps people from every background into the role',
    ],
    standards: [
      {
        number: '3.1',
        title: 'A core part of the wider system',
        summary:
          'The AMHP service is treated as an integral part of mental health and related services, and its representatives are supported to shape local and regional policy and practice — especially on prevention, crisis care, safeguarding and joint work with partners such as primary care, hospitals, ambulance services, the police and the courts.',
      },
      {
        number: '3.2',
        title: 'Rooted in local communities',
        summary:
          'The service is organised so that AMHPs stay connected with local communities and services, contribute to other specialist teams, and are seen as part of the wider safeguarding duties of the council and its partners.',
      },
      {
        number: '3.3',
        title: 'Open to every mental health service',
        summary:
          'Every area of mental health provision, not only adult community teams, can reach the AMHP service; the interfaces with specialist services are set out clearly and the ways in are publicised to partners.',
      },
      {
        number: '3.4',
        title: 'A workforce that reflects the community',
        summary:
          'The AMHP workforce mirrors the diversity of the local population, with targets set to achieve this, and the service can show that it understands the particular needs of its communities.',
      },
    ],
  },
  4: {
    title: 'AMHP safety and well-being: personal, professional, physical and psychological',
    purpose:
      'The central chapter on AMHP welfare. Services should watch the pressures on AMHPs and their effects, never expect AMHPs to work alone in the community, plan for the practical hazards of local practice including working late, protect independent decision-making, provide routes to supervision and debriefing, learn from what AMHPs tell them about their experience, and keep communication open.',
    evidenceExamples: [
      "Policies and protocols focused on AMHPs' physical safety, with an end to any expectation of lone working at their centre",
      'Clear rules on time off in lieu, overtime and compensation for working beyond normal hours',
      'Working arrangements that give AMHPs immediate access to managers and peers while carrying out the role',
      'Clear protocols for supervision, appraisal and debriefing',
      'Chances to practise every AMHP function, not only frontline duty work',
      'Staff surveys, forums and individual support that keep honest feedback flowing between the organisation and each AMHP',
    ],
    standards: [
      {
        number: '4.1',
        title: 'Safety first, no lone working',
        summary:
          'Service arrangements put AMHPs’ safety and well-being at the front of operational decisions and remove any expectation that AMHPs work alone in settings that are not contained.',
      },
      {
        number: '4.2',
        title: 'Working past normal hours',
        summary:
          'There are clear arrangements for AMHPs who work beyond their usual hours, covering how their safety is protected and how they are paid or otherwise compensated for the extra time.',
      },
      {
        number: '4.3',
        title: 'Independence, supervision and debriefing',
        summary:
          'The service protects the independence of AMHP decisions while giving AMHPs individual, peer and professional support to reflect on their practice safely, including prompt debriefs; supervision is treated as the foundation of good AMHP practice.',
      },
      {
        number: '4.4',
        title: 'The full range of AMHP work',
        summary:
          'AMHPs get to carry out every AMHP function, so that practice standards are kept up, re-approval requirements are met and the key competencies in the Regulations are maintained.',
      },
      {
        number: '4.5',
        title: 'An open and honest culture',
        summary:
          'The service encourages open and honest communication, and AMHPs regularly get to record and share their experiences and help shape the service.',
      },
    ],
  },
  5: {
    title: 'Developing the service and the profession',
    purpose:
      'About AMHPs and services developing together: services as open learning environments and assets to the wider system, and AMHPs as system leaders who promote rights, early help, strengths-based practice, prevention and safeguarding. Every eligible profession, not only social work, should have a clear route into AMHP training and support to keep its registration; the other skills of AMHPs should be recognised; and the experience of people who use services and their carers should inform development.',
    evidenceExamples: [
      'AMHP teams receive many visitors, such as students, senior managers and partners',
      'AMHPs routinely teach, run workshops for and support colleagues in other teams, universities and agencies',
      'AMHPs are released for project work, or to represent the service when partners redesign teams and systems that affect AMHP practice and demand',
      'Nurses, occupational therapists and psychologists train as AMHPs as well as social workers, and routes into the role are widely understood',
      'People who use services and carers take a regular part in AMHP refresher training and have other ways to influence AMHP practice',
    ],
    standards: [
      {
        number: '5.1',
        title: 'Open learning and social models',
        summary:
          'The service is an open learning environment that promotes social models of mental health across the system, and looks for chances to advance the safeguarding of children and adults, rights-based practice, early intervention, strengths-based working and people’s access to social care.',
      },
      {
        number: '5.2',
        title: 'AMHPs as system leaders',
        summary:
          'Every AMHP is supported to act as a system leader and to use their position to bring about wider change.',
      },
      {
        number: '5.3',
        title: 'Learning and development',
        summary:
          'AMHPs regularly help others to learn, identify their own development needs, and are given opportunities to grow personally and professionally.',
      },
      {
        number: '5.4',
        title: 'Routes into AMHP training',
        summary:
          'Every eligible profession, whoever the employer, has a clear route into AMHP training, and AMHPs from every profession are supported to keep their professional registration.',
      },
      {
        number: '5.5',
        title: 'Other skills, and avoiding isolation',
        summary:
          'Where it can, the service values and supports the skills and roles AMHPs hold beyond AMHP work, and works to prevent organisational and professional isolation.',
      },
      {
        number: '5.6',
        title: 'Learning from lived experience',
        summary:
          'Professional development gives weight to what people who use services and carers say about the AMHP role, and helps AMHPs explore how social trauma shapes the experience of detention and the responses of both the person and the AMHP.',
      },
    ],
  },
  6: {
    title: 'Better experiences for people who meet AMHP services',
    purpose:
      'A key area for development: people who meet AMHP services have rarely helped shape them, and their experience has seldom been gathered or used. In the spirit of the 2018 review of the Mental Health Act, services should give people a real say, check that AMHP work has the positive effect intended, uphold rights, dignity, equality and autonomy at service level as well as in individual practice, and use co-production to get there — sharing their methods and findings with others.',
    evidenceExamples: [
      'Thorough audit of AMHP work, with reporting, to check these principles are upheld',
      'Training and workshops designed and attended together with people with lived experience',
      'Information materials written together with people with lived experience',
      'A visible link between lessons learned and changes to the service',
      'Local tracking of what happens to people after AMHP involvement, looking closely at racial disparity',
      'Refresher training that covers the lived experience of people who meet AMHPs as well as legal updates',
    ],
    standards: [
      {
        number: '6.1',
        title: 'Dignity, rights and equality',
        summary:
          'The service upholds the dignity and the human and civil rights of the people it meets, within its own and partner organisations. It promotes personalised and preventive care and equal access to legal rights, works to reduce stigma and discrimination, and tackles racial and cultural disparity by building competence, awareness and changed behaviour.',
      },
      {
        number: '6.2',
        title: 'Co-production',
        summary:
          'Co-production is built into how the service works: the experiences and views of patients and carers are gathered and used to develop services so the learning is kept, and there are ways for them to influence the service and AMHP practice.',
      },
      {
        number: '6.3',
        title: 'Social models in recording and reporting',
        summary:
          'Social models of mental health are promoted, and they show in how AMHPs write their records and reports: reports make clear how the principles of the Act were weighed throughout the work with the person and those close to them.',
      },
      {
        number: '6.4',
        title: 'Clear, accessible information',
        summary:
          'People can easily find plain explanations of what an AMHP does and of the roles of other professionals and advocates; it is produced together with people with lived experience, culturally appropriate, and accessible to disabled people, people with sensory needs or learning disabilities, and people whose first language is not English.',
      },
    ],
  },
};

export const BUILT_IN_CATALOGUE_VERSION = 'AMHP Hub paraphrase 1';

function buildBuiltInCatalogue(): StandardsCatalogue {
  const chapters: CatalogueChapter[] = [];
  const standards: CatalogueStandard[] = [];
  for (const number of CHAPTER_NUMBERS) {
    const text = PARAPHRASED[number];
    chapters.push({
      number,
      title: text.title,
      purpose: text.purpose,
      evidenceExamples: [...text.evidenceExamples],
      source: sourceFor(number),
    });
    for (const s of text.standards) {
      standards.push({ ...s, chapter: number, source: sourceFor(number) });
    }
  }
  return {
    versionLabel: BUILT_IN_CATALOGUE_VERSION,
    wording: 'paraphrase',
    sourceDocument: SOURCE_DOCUMENT,
    chapters,
    standards,
  };
}

/** The catalogue every deployment starts with. A fresh copy each call, so callers may not share mutations. */
export function builtInCatalogue(): StandardsCatalogue {
  return buildBuiltInCatalogue();
}

export function findStandard(
  catalogue: StandardsCatalogue,
  number: StandardNumber,
): CatalogueStandard {
  const standard = catalogue.standards.find((s) => s.number === number);
  // A catalogue is only ever built by this module, always with all 28; reaching here is a bug.
  if (standard === undefined)
    throw new Error(`Catalogue ${catalogue.versionLabel} lacks ${number}`);
  return standard;
}

export function findChapter(
  catalogue: StandardsCatalogue,
  number: ChapterNumber,
): CatalogueChapter {
  const chapter = catalogue.chapters.find((c) => c.number === number);
  if (chapter === undefined)
    throw new Error(`Catalogue ${catalogue.versionLabel} lacks chapter ${number}`);
  return chapter;
}

export function standardsInChapter(
  catalogue: StandardsCatalogue,
  chapter: ChapterNumber,
): CatalogueStandard[] {
  return catalogue.standards
    .filter((s) => s.chapter === chapter)
    .sort((a, b) => compareStandardNumbers(a.number, b.number));
}

// ---------------------------------------------------------------------------------------------
// Import of official wording
// ---------------------------------------------------------------------------------------------

export type CatalogueImportFormat = 'json' | 'csv';

export interface CatalogueImportOptions {
  /** Required for CSV (a CSV file has nowhere to hold it); overrides the JSON file's label. */
  versionLabel?: string;
  /** Supplies chapter purposes, evidence examples and short titles the file leaves out. */
  base?: StandardsCatalogue;
}

const MAX_TEXT = 5000;
const MAX_TITLE = 200;

const trimmedText = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} is empty` })
    .max(max, { error: `${what} must be ${max} characters or fewer` });

const versionLabelSchema = trimmedText('Version label', 100);

const standardNumberSchema = z
  .string({ error: 'Standard number must be text such as "2.3"' })
  .trim()
  .refine(isStandardNumber, {
    error: (issue) =>
      `"${String(issue.input)}" is not one of the 28 standard numbers (1.1–1.4, 2.1–2.5, 3.1–3.4, 4.1–4.5, 5.1–5.6, 6.1–6.4)`,
  });

const chapterNumberSchema = z.coerce
  .number({ error: 'Chapter must be a number from 1 to 6' })
  .int({ error: 'Chapter must be a whole number from 1 to 6' })
  .min(1, { error: 'Chapter must be a number from 1 to 6' })
  .max(6, { error: 'Chapter must be a number from 1 to 6' });

const importedStandardSchema = z.object({
  number: standardNumberSchema,
  chapter: chapterNumberSchema.optional(),
  title: trimmedText('Title', MAX_TITLE).optional(),
  text: trimmedText('Standard text', MAX_TEXT),
});

const importedChapterSchema = z.object({
  number: chapterNumberSchema,
  title: trimmedText('Chapter title', MAX_TITLE),
  purpose: trimmedText('Chapter purpose', MAX_TEXT).optional(),
  evidenceExamples: z.array(trimmedText('Evidence example', 1000)).optional(),
});

const importedCatalogueSchema = z.object({
  versionLabel: versionLabelSchema.optional(),
  sourceDocument: trimmedText('Source document', 500).optional(),
  chapters: z.array(importedChapterSchema, { error: 'chapters must be a list' }).optional(),
  standards: z.array(importedStandardSchema, {
    error: 'standards must be a list of the 28 standards',
  }),
});

type ImportedStandard = z.infer<typeof importedStandardSchema>;
type ImportedChapter = z.infer<typeof importedChapterSchema>;

function pathText(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Validates an administrator's file of the official wording and builds a catalogue from it.
 *
 * JSON: `{ versionLabel, sourceDocument?, chapters?: [{ number, title, purpose?, evidenceExamples? }],
 * standards: [{ number, chapter?, title?, text }] }` — when `chapters` is given it must list 1–6
 * once each. CSV: a header row with `standard` and `text` columns, optionally `chapter`,
 * `title`, `chapter_title`; one row per standard. Either way all 28 standard numbers must
 * appear exactly once. Anything the file leaves out (short titles, chapter purposes, evidence
 * examples) comes from `options.base` (the built-in catalogue by default).
 */
export function parseCatalogueImport(
  text: string,
  format: CatalogueImportFormat,
  options: CatalogueImportOptions = {},
): Result<StandardsCatalogue> {
  return format === 'json' ? parseJsonImport(text, options) : parseCsvImport(text, options);
}

/** A problem in the file: where (a field or JSON path, and for CSV the line) and what. */
interface FileProblem {
  field: string;
  line?: number | undefined;
  message: string;
}

/** The problems as form errors: JSON paths dotted (`standards.5.number`), CSV lines in the message. */
const invalidFile = (problems: FileProblem[]): Result<StandardsCatalogue> =>
  refused({
    kind: 'invalid',
    message: 'The catalogue file has problems. Correct them and upload it again.',
    fieldErrors: problems.map(
      (p): FieldError => ({ field: p.field, message: p.line === undefined ? p.message : `Line ${p.line}: ${p.message}` }),
    ),
  });

function parseJsonImport(
  text: string,
  options: CatalogueImportOptions,
): Result<StandardsCatalogue> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    return invalidFile([{ field: 'content', message: `The file is not valid JSON (${detail})` }]);
  }
  const parsed = importedCatalogueSchema.safeParse(data);
  if (!parsed.success) {
    return invalidFile(
      parsed.error.issues.map((issue) => ({
        field: pathText(issue.path) || 'content',
        message: issue.message,
      })),
    );
  }
  const file = parsed.data;
  const versionLabel = options.versionLabel ?? file.versionLabel;
  const problems: FileProblem[] = [];
  if (versionLabel === undefined) {
    problems.push({ field: 'versionLabel', message: 'Give the catalogue a version label' });
  }
  if (file.chapters !== undefined) problems.push(...checkChapters(file.chapters));
  problems.push(
    ...checkStandards(
      file.standards,
      (i) => ({ field: `standards.${i}.number` }),
      (i) => ({ field: `standards.${i}.chapter` }),
    ),
  );
  if (problems.length > 0 || versionLabel === undefined) return invalidFile(problems);
  return ok(
    assemble(versionLabel, file.sourceDocument, file.chapters ?? [], file.standards, options.base),
  );
}

const CSV_COLUMNS = ['chapter', 'chapter_title', 'standard', 'title', 'text'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

function parseCsvImport(text: string, options: CatalogueImportOptions): Result<StandardsCatalogue> {
  const problems: FileProblem[] = [];
  let versionLabel: string | undefined;
  if (options.versionLabel === undefined) {
    problems.push({ field: 'versionLabel', message: 'Give the catalogue a version label' });
  } else {
    const label = versionLabelSchema.safeParse(options.versionLabel);
    if (label.success) versionLabel = label.data;
    else
      problems.push({
        field: 'versionLabel',
        message: label.error.issues[0]?.message ?? 'Invalid',
      });
  }

  const csv = parseCsv(text);
  if (!csv.ok)
    return invalidFile([...problems, { field: 'content', line: csv.line, message: csv.message }]);
  const [header, ...rows] = csv.records;
  if (header === undefined) {
    return invalidFile([...problems, { field: 'content', message: 'The file is empty' }]);
  }
  const columnIndex = new Map<CsvColumn, number>();
  header.cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase().replace(/\s+/g, '_') as CsvColumn;
    if ((CSV_COLUMNS as readonly string[]).includes(name)) columnIndex.set(name, index);
  });
  for (const required of ['standard', 'text'] as const) {
    if (!columnIndex.has(required)) {
      problems.push({
        field: required,
        line: header.line,
        message: `The header row needs a "${required}" column (columns: ${CSV_COLUMNS.join(', ')})`,
      });
    }
  }
  if (problems.length > 0) return invalidFile(problems);

  const cellOf = (cells: string[], column: CsvColumn): string | undefined => {
    const index = columnIndex.get(column);
    const value = index === undefined ? undefined : cells[index];
    return value === undefined || value.trim() === '' ? undefined : value;
  };

  const standards: ImportedStandard[] = [];
  const lines: number[] = [];
  const chapterTitles = new Map<number, { title: string; line: number }>();
  for (const row of rows) {
    const parsed = importedStandardSchema.safeParse({
      number: cellOf(row.cells, 'standard') ?? '',
      chapter: cellOf(row.cells, 'chapter'),
      title: cellOf(row.cells, 'title'),
      text: cellOf(row.cells, 'text') ?? '',
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'row');
        problems.push({
          field: key === 'number' ? 'standard' : key,
          line: row.line,
          message: issue.message,
        });
      }
      continue;
    }
    standards.push(parsed.data);
    lines.push(row.line);
    const chapterTitle = cellOf(row.cells, 'chapter_title')?.trim();
    if (chapterTitle !== undefined) {
      const chapter = chapterOf(parsed.data.number as StandardNumber);
      const seen = chapterTitles.get(chapter);
      if (seen === undefined) chapterTitles.set(chapter, { title: chapterTitle, line: row.line });
      else if (seen.title !== chapterTitle) {
        problems.push({
          field: 'chapter_title',
          line: row.line,
          message: `Chapter ${chapter} already has the title "${seen.title}" (line ${seen.line})`,
        });
      }
    }
  }
  problems.push(
    ...checkStandards(
      standards,
      (i) => ({ field: 'standard', line: lines[i] }),
      (i) => ({ field: 'chapter', line: lines[i] }),
    ),
  );
  if (problems.length > 0 || versionLabel === undefined) return invalidFile(problems);
  const chapters: ImportedChapter[] = [...chapterTitles].map(([number, { title }]) => ({
    number,
    title,
  }));
  return ok(assemble(versionLabel, undefined, chapters, standards, options.base));
}

function checkChapters(chapters: ImportedChapter[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const seen = new Set<number>();
  chapters.forEach((chapter, i) => {
    if (seen.has(chapter.number)) {
      problems.push({
        field: `chapters.${i}.number`,
        message: `Chapter ${chapter.number} appears more than once`,
      });
    }
    seen.add(chapter.number);
  });
  for (const number of CHAPTER_NUMBERS) {
    if (!seen.has(number))
      problems.push({ field: 'chapters', message: `Chapter ${number} is missing` });
  }
  return problems;
}

type Locate = (index: number) => { field: string; line?: number | undefined };

function located(
  where: { field: string; line?: number | undefined },
  message: string,
): FileProblem {
  return where.line === undefined
    ? { field: where.field, message }
    : { field: where.field, line: where.line, message };
}

function checkStandards(
  standards: ImportedStandard[],
  numberAt: Locate,
  chapterAt: Locate,
): FileProblem[] {
  const problems: FileProblem[] = [];
  const firstSeen = new Map<string, number>();
  standards.forEach((standard, i) => {
    const earlier = firstSeen.get(standard.number);
    if (earlier !== undefined) {
      const earlierWhere = numberAt(earlier);
      const previously =
        earlierWhere.line === undefined ? earlierWhere.field : `line ${earlierWhere.line}`;
      problems.push(
        located(
          numberAt(i),
          `Standard ${standard.number} appears more than once (also at ${previously})`,
        ),
      );
    } else {
      firstSeen.set(standard.number, i);
    }
    const expectedChapter = chapterOf(standard.number as StandardNumber);
    if (standard.chapter !== undefined && standard.chapter !== expectedChapter) {
      problems.push(
        located(
          chapterAt(i),
          `Standard ${standard.number} belongs to chapter ${expectedChapter}, not chapter ${standard.chapter}`,
        ),
      );
    }
  });
  const missing = STANDARD_NUMBERS.filter((n) => !firstSeen.has(n));
  if (missing.length > 0) {
    problems.push({
      field: 'standards',
      message: `${missing.length === 1 ? 'Standard' : 'Standards'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: the file must contain all 28 standards`,
    });
  }
  return problems;
}

function assemble(
  versionLabel: string,
  sourceDocument: string | undefined,
  chapters: ImportedChapter[],
  standards: ImportedStandard[],
  base: StandardsCatalogue = builtInCatalogue(),
): StandardsCatalogue {
  const document = sourceDocument ?? base.sourceDocument;
  const reference = (chapter: ChapterNumber): SourceReference => ({
    document,
    location: sourceFor(chapter).location,
  });
  return {
    versionLabel,
    wording: 'official',
    sourceDocument: document,
    chapters: CHAPTER_NUMBERS.map((number) => {
      const fromFile = chapters.find((c) => c.number === number);
      const fromBase = findChapter(base, number);
      return {
        number,
        title: fromFile?.title ?? fromBase.title,
        purpose: fromFile?.purpose ?? fromBase.purpose,
        evidenceExamples: fromFile?.evidenceExamples ?? [...fromBase.evidenceExamples],
        source: reference(number),
      };
    }),
    standards: STANDARD_NUMBERS.map((number) => {
      const fromFile = standards.find((s) => s.number === number);
      const fromBase = findStandard(base, number);
      const chapter = chapterOf(number);
      return {
        number,
        chapter,
        title: fromFile?.title ?? fromBase.title,
        summary: fromFile?.text ?? fromBase.summary,
        source: reference(chapter),
      };
    }),
  };
}
