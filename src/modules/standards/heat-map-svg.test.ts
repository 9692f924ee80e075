import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_COLOUR,
  CATEGORY_COLOURS,
  countByCategory,
  escapeXml,
  FONT_FAMILY,
  HEAT_MAP_CATEGORIES,
  renderExtentBarChartSvg,
  renderHeatMapSvg,
  TEXT_COLOUR,
} from './heat-map-svg.js';
import { builtInCatalogue, STANDARD_NUMBERS } from './standards-catalogue.js';
import { aRecord, completedRecords } from '../../../test/support/builders/standards-builders.js';

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const catalogue = builtInCatalogue();
const records = completedRecords('eval-1', {
  '2.3': aRecord('2.3').notMet().rated('high', 'high', 'medium').agreed().build(),
  '2.4': aRecord('2.4')
    .parts(['daytime', 'not_met'], ['edt', 'met'])
    .rated('high', 'medium', 'low')
    .agreed()
    .build(),
  '5.4': aRecord('5.4').build(),
});
const svg = renderHeatMapSvg({
  catalogue,
  records,
  heading: 'Wessex Vale <AMHP> & EDT — 4 March 2025',
});

function texts(markup: string): string[] {
  return [...markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

describe('renderHeatMapSvg', () => {
  it('is a self-contained accessible image: role, title and description referenced by id', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(
      /role="img" aria-labelledby="standards-heat-map-title standards-heat-map-desc"/,
    );
    expect(svg).toContain(
      '<title id="standards-heat-map-title">Heat map of the 28 AMHP service standards: Wessex Vale &lt;AMHP&gt; &amp; EDT',
    );
    expect(svg).toMatch(
      /<desc id="standards-heat-map-desc">[^<]*Met: 25, Partly met: 1, Not met: 1, Not assessed: 1\.[^<]*High priority: 2\.3 \(not met\)\./,
    );
  });

  it('uses plain presentation attributes and Arial/Helvetica so it survives PDF conversion', () => {
    expect(svg).toContain(`font-family="${FONT_FAMILY}"`);
    expect(svg).not.toMatch(/class=|style=|<style|<script|<foreignObject/);
    expect(svg).toMatch(/width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
  });

  it('is well-formed: every opened element is closed', () => {
    const opened = (svg.match(/<(svg|g|text|title|desc)\b/g) ?? []).length;
    const closed = (svg.match(/<\/(svg|g|text|title|desc)>/g) ?? []).length;
    expect(opened).toBe(closed);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('labels all 28 standards and all six chapters in text', () => {
    const labels = texts(svg);
    for (const number of STANDARD_NUMBERS) expect(labels).toContain(number);
    for (const chapter of [1, 2, 3, 4, 5, 6]) expect(labels).toContain(`Chapter ${chapter}`);
  });

  it('says the extent met and the risk ratings in words, not only by colour', () => {
    const labels = texts(svg);
    expect(labels.filter((t) => t === 'Met')).toHaveLength(25);
    expect(labels).toContain('Not met');
    expect(labels).toContain('Not assessed');
    expect(labels).toContain('A:H  S:H  O:M');
    expect(labels).toContain('Priority: high');
    expect(labels).toContain('Parts differ');
    expect(labels).toContain('Risk not rated');
  });

  it('has a legend naming every colour with its count', () => {
    const labels = texts(svg);
    expect(labels).toEqual(
      expect.arrayContaining(['Met (25)', 'Partly met (1)', 'Not met (1)', 'Not assessed (1)']),
    );
    expect(labels.some((t) => t.startsWith('Risk if not met — A: to AMHPs'))).toBe(true);
  });

  it('escapes text so that a heading cannot break the markup', () => {
    expect(svg).not.toContain('<AMHP>');
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('keeps text contrast at WCAG AA or better on every fill, and outlines at 3:1 on white', () => {
    for (const category of HEAT_MAP_CATEGORIES) {
      const { fill, stroke } = CATEGORY_COLOURS[category];
      expect(contrast(TEXT_COLOUR, fill)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(stroke, BACKGROUND_COLOUR)).toBeGreaterThanOrEqual(3);
    }
  });

  it('lets several charts share a page with distinct ids', () => {
    const other = renderHeatMapSvg({ catalogue, records, heading: 'x', idPrefix: 'baseline-map' });
    expect(other).toContain('id="baseline-map-title"');
  });
});

describe('renderExtentBarChartSvg', () => {
  const counts = countByCategory(records, catalogue);
  const chart = renderExtentBarChartSvg({ counts, heading: 'Standards by extent met' });

  it('counts the 28 standards by extent met', () => {
    expect(counts).toEqual({ met: 25, partly_met: 1, not_met: 1, not_assessed: 1 });
  });

  it('is accessible and labels every bar with its category and count', () => {
    expect(chart).toMatch(
      /role="img" aria-labelledby="standards-extent-chart-title standards-extent-chart-desc"/,
    );
    expect(chart).toContain(
      'Bar chart of 28 standards. Met: 25, Partly met: 1, Not met: 1, Not assessed: 1.',
    );
    expect(texts(chart)).toEqual([
      'Standards by extent met',
      'Met',
      '25',
      'Partly met',
      '1',
      'Not met',
      '1',
      'Not assessed',
      '1',
    ]);
  });

  it('draws no bar for a zero count but still prints the 0', () => {
    const empty = renderExtentBarChartSvg({
      counts: { met: 0, partly_met: 0, not_met: 0, not_assessed: 28 },
      heading: 'h',
    });
    expect((empty.match(/<rect /g) ?? []).length).toBe(2); // background + the one non-zero bar
    expect(texts(empty).filter((t) => t === '0')).toHaveLength(3);
  });
});
