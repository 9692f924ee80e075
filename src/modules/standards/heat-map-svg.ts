/**
 * Server-rendered SVG charts for the summary report: the heat map of the 28 standards by
 * chapter, and a bar chart of counts by extent met.
 *
 * Plain SVG only (presentation attributes, no CSS, no scripts, Arial/Helvetica), so the same
 * string works inline in a page, without JavaScript, and when converted into the PDF.
 * Accessibility: role="img" with <title> and <desc> (the desc states the counts and the
 * priorities), every cell says its extent met and risk in words so colour is never the only
 * signal, and all text is near-black on light tints (contrast well above WCAG AA 4.5:1).
 */
import { CHAPTER_NUMBERS, findChapter, standardsInChapter } from './standards-catalogue.js';
import type { StandardsCatalogue } from './standards-catalogue.js';
import { effectiveExtentMet, partsDiffer } from './evaluation.js';
import type { StandardRecord } from './evaluation.js';
import { overallRiskScore, priorityBand, rankPriorities } from './priorities.js';
import { EXTENT_MET_LABELS, EXTENTS_MET, isCompleteRiskRatings } from './standards-scales.js';
import type { ExtentMet, RiskLevel } from './standards-scales.js';

export const FONT_FAMILY = 'Arial, Helvetica, sans-serif';
export const TEXT_COLOUR = '#0b0c0c';
export const BACKGROUND_COLOUR = '#ffffff';

export type HeatMapCategory = ExtentMet | 'not_assessed';

export const HEAT_MAP_CATEGORIES: readonly HeatMapCategory[] = [...EXTENTS_MET, 'not_assessed'];

export const CATEGORY_LABELS: Record<HeatMapCategory, string> = {
  ...EXTENT_MET_LABELS,
  not_assessed: 'Not assessed',
};

/** Light fills for dark text; the outlines are dark enough (≥ 3:1 on white) to mark the shape. */
export const CATEGORY_COLOURS: Record<HeatMapCategory, { fill: string; stroke: string }> = {
  met: { fill: '#cce2d8', stroke: '#00703c' },
  partly_met: { fill: '#fff4c2', stroke: '#806000' },
  not_met: { fill: '#f6d5d0', stroke: '#b3261e' },
  not_assessed: { fill: '#ffffff', stroke: '#505a5f' },
};

const RISK_LETTER: Record<RiskLevel, string> = { low: 'L', medium: 'M', high: 'H' };

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= maxChars) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = `${last.slice(0, Math.max(0, maxChars - 1))}…`;
  return kept;
}

interface TextOptions {
  size: number;
  weight?: 'bold' | undefined;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
}

function textEl(x: number, y: number, content: string, o: TextOptions): string {
  const attrs = [
    `x="${x}"`,
    `y="${y}"`,
    `font-size="${o.size}"`,
    o.weight === undefined ? '' : `font-weight="${o.weight}"`,
    o.anchor === undefined || o.anchor === 'start' ? '' : `text-anchor="${o.anchor}"`,
    `fill="${o.fill ?? TEXT_COLOUR}"`,
  ].filter((a) => a !== '');
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

function svgOpen(
  width: number,
  height: number,
  idPrefix: string,
  title: string,
  desc: string,
): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" font-family="${FONT_FAMILY}">`,
    `<title id="${idPrefix}-title">${escapeXml(title)}</title>`,
    `<desc id="${idPrefix}-desc">${escapeXml(desc)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="${BACKGROUND_COLOUR}"/>`,
  ].join('\n');
}

export function categoryOf(record: StandardRecord | undefined): HeatMapCategory {
  return (record === undefined ? null : effectiveExtentMet(record)) ?? 'not_assessed';
}

export function countByCategory(
  records: readonly StandardRecord[],
  catalogue: StandardsCatalogue,
): Record<HeatMapCategory, number> {
  const counts: Record<HeatMapCategory, number> = {
    met: 0,
    partly_met: 0,
    not_met: 0,
    not_assessed: 0,
  };
  for (const standard of catalogue.standards) {
    counts[categoryOf(records.find((r) => r.standardNumber === standard.number))]++;
  }
  return counts;
}

function countsSentence(counts: Record<HeatMapCategory, number>): string {
  return HEAT_MAP_CATEGORIES.map((c) => `${CATEGORY_LABELS[c]}: ${counts[c]}`).join(', ');
}

export interface HeatMapInput {
  catalogue: StandardsCatalogue;
  records: readonly StandardRecord[];
  /** Shown as the visible heading and used in the accessible title, e.g. the service and date. */
  heading: string;
  /** Unique per page when several charts are inlined, so aria ids do not clash. */
  idPrefix?: string;
}

const CELL_W = 118;
const CELL_H = 88;
const GAP = 6;
const LABEL_W = 236;
const MARGIN = 16;
const MAX_CELLS = 6;

export function renderHeatMapSvg(input: HeatMapInput): string {
  const idPrefix = input.idPrefix ?? 'standards-heat-map';
  const { catalogue, records } = input;
  const counts = countByCategory(records, catalogue);
  const priorities = rankPriorities(records).ranked.filter((r) => r.band === 'high');
  const width = MARGIN * 2 + LABEL_W + MAX_CELLS * CELL_W + (MAX_CELLS - 1) * GAP;
  const legendTop = MARGIN + 30;
  const gridTop = legendTop + 62;
  const height = gridTop + CHAPTER_NUMBERS.length * (CELL_H + GAP) + MARGIN;

  const title = `Heat map of the 28 AMHP service standards: ${input.heading}`;
  const desc = [
    `Each standard is shown by chapter with its extent met and its risk ratings to AMHPs, the service and the organisation.`,
    `${countsSentence(counts)}.`,
    priorities.length === 0
      ? 'No standard is a high priority.'
      : `High priority: ${priorities.map((p) => `${p.standardNumber} (${EXTENT_MET_LABELS[p.extentMet].toLowerCase()})`).join(', ')}.`,
  ].join(' ');

  const parts: string[] = [svgOpen(width, height, idPrefix, title, desc)];
  parts.push(textEl(MARGIN, MARGIN + 16, input.heading, { size: 18, weight: 'bold' }));

  // Legend: swatch + words for each category, then how to read the risk line.
  let x = MARGIN;
  for (const category of HEAT_MAP_CATEGORIES) {
    const colours = CATEGORY_COLOURS[category];
    parts.push(
      `<rect x="${x}" y="${legendTop}" width="22" height="16" fill="${colours.fill}" stroke="${colours.stroke}" stroke-width="2"${category === 'not_assessed' ? ' stroke-dasharray="4 2"' : ''}/>`,
      textEl(x + 30, legendTop + 13, `${CATEGORY_LABELS[category]} (${counts[category]})`, {
        size: 13,
      }),
    );
    x += 170;
  }
  parts.push(
    textEl(
      MARGIN,
      legendTop + 40,
      'Risk if not met — A: to AMHPs, S: to the AMHP service, O: to the organisation; H high, M medium, L low. Thick black outline: high priority.',
      { size: 12 },
    ),
  );

  CHAPTER_NUMBERS.forEach((chapterNumber, row) => {
    const y = gridTop + row * (CELL_H + GAP);
    const chapter = findChapter(catalogue, chapterNumber);
    parts.push(textEl(MARGIN, y + 16, `Chapter ${chapterNumber}`, { size: 13, weight: 'bold' }));
    wrap(chapter.title, 36, 4).forEach((line, i) => {
      parts.push(textEl(MARGIN, y + 33 + i * 15, line, { size: 12 }));
    });
    standardsInChapter(catalogue, chapterNumber).forEach((standard, col) => {
      const record = records.find((r) => r.standardNumber === standard.number);
      const category = categoryOf(record);
      const colours = CATEGORY_COLOURS[category];
      const cx = MARGIN + LABEL_W + col * (CELL_W + GAP);
      const highPriority = priorities.some((p) => p.standardNumber === standard.number);
      parts.push(
        `<g>`,
        `<rect x="${cx}" y="${y}" width="${CELL_W}" height="${CELL_H}" rx="3" fill="${colours.fill}" stroke="${highPriority ? TEXT_COLOUR : colours.stroke}" stroke-width="${highPriority ? 4 : 2}"${category === 'not_assessed' ? ' stroke-dasharray="4 2"' : ''}/>`,
        textEl(cx + 10, y + 22, standard.number, { size: 17, weight: 'bold' }),
        textEl(cx + 10, y + 42, CATEGORY_LABELS[category], { size: 13 }),
      );
      if (record !== undefined && partsDiffer(record)) {
        parts.push(textEl(cx + CELL_W - 8, y + 21, 'Parts differ', { size: 11, anchor: 'end' }));
      }
      if (record !== undefined && isCompleteRiskRatings(record.risk)) {
        const r = record.risk;
        const extent = effectiveExtentMet(record);
        parts.push(
          textEl(
            cx + 10,
            y + 62,
            `A:${RISK_LETTER[r.amhps]}  S:${RISK_LETTER[r.service]}  O:${RISK_LETTER[r.organisation]}`,
            {
              size: 12,
              weight: 'bold',
            },
          ),
        );
        if (extent !== null) {
          const band = priorityBand(overallRiskScore(extent, r));
          parts.push(
            textEl(cx + 10, y + 79, `Priority: ${band}`, {
              size: 11,
              weight: band === 'high' ? 'bold' : undefined,
            }),
          );
        }
      } else {
        parts.push(textEl(cx + 10, y + 62, 'Risk not rated', { size: 12 }));
      }
      parts.push(`</g>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface BarChartInput {
  counts: Record<HeatMapCategory, number>;
  heading: string;
  idPrefix?: string;
}

export function renderExtentBarChartSvg(input: BarChartInput): string {
  const idPrefix = input.idPrefix ?? 'standards-extent-chart';
  const labelW = 130;
  const barMax = 360;
  const barH = 26;
  const rowGap = 12;
  const top = MARGIN + 34;
  const width = MARGIN * 2 + labelW + barMax + 60;
  const height = top + HEAT_MAP_CATEGORIES.length * (barH + rowGap) + MARGIN;
  const total = HEAT_MAP_CATEGORIES.reduce((sum, c) => sum + input.counts[c], 0);
  const scaleMax = Math.max(1, ...HEAT_MAP_CATEGORIES.map((c) => input.counts[c]));

  const parts: string[] = [
    svgOpen(
      width,
      height,
      idPrefix,
      `Standards by extent met: ${input.heading}`,
      `Bar chart of ${total} standards. ${countsSentence(input.counts)}.`,
    ),
    textEl(MARGIN, MARGIN + 16, input.heading, { size: 16, weight: 'bold' }),
  ];
  HEAT_MAP_CATEGORIES.forEach((category, i) => {
    const y = top + i * (barH + rowGap);
    const count = input.counts[category];
    const w = Math.round((count / scaleMax) * barMax);
    const colours = CATEGORY_COLOURS[category];
    parts.push(textEl(MARGIN, y + 18, CATEGORY_LABELS[category], { size: 13 }));
    if (w > 0) {
      parts.push(
        `<rect x="${MARGIN + labelW}" y="${y}" width="${w}" height="${barH}" fill="${colours.fill}" stroke="${colours.stroke}" stroke-width="2"${category === 'not_assessed' ? ' stroke-dasharray="4 2"' : ''}/>`,
      );
    }
    parts.push(
      textEl(MARGIN + labelW + w + 8, y + 18, String(count), { size: 13, weight: 'bold' }),
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
