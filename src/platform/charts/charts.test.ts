import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../http/views.js';
import { NO_DATA, barChart, escapeXml, formatFigure, lineChart, single } from './charts.js';

describe('bar chart', () => {
  const chart = barChart({ id: 'by source', title: 'Referrals by source', unit: 'Referrals', series: single('Referrals', [['GP', 4], ['Police <s136>', 0], ['Ambulance', null], ['Ward', 2]]) });

  it('is an accessible picture with a title and a description of every figure', () => {
    expect(chart.svg.startsWith('<svg')).toBe(true);
    expect(chart.svg).toContain('role="img"');
    expect(chart.svg).toContain('aria-labelledby="by-source-title by-source-desc"');
    expect(chart.svg).toContain('<title id="by-source-title">Referrals by source</title>');
    expect(chart.description).toBe('GP 4; Police <s136> 0; Ambulance no data; Ward 2.');
    expect(chart.svg).toContain('Police &lt;s136&gt; 0;');
    expect(chart.svg).not.toContain('<script');
  });

  it('draws zero as a bar of no length written 0, and an absent figure as "no data" with no bar', () => {
    expect(chart.svg.match(/<rect /g)).toHaveLength(3);
    expect(chart.svg).toContain('width="0" height="16"');
    expect(chart.svg).toContain(`>${NO_DATA}</text>`);
    // The longest bar is the largest figure: 4 → 300, 2 → 150.
    expect(chart.svg).toContain('width="300"');
    expect(chart.svg).toContain('width="150"');
  });

  it('gives the same numbers as a table', () => {
    expect(chart.table).toEqual({
      caption: 'Referrals by source',
      head: ['', 'Referrals'],
      rows: [
        { label: 'GP', cells: ['4'] },
        { label: 'Police <s136>', cells: ['0'] },
        { label: 'Ambulance', cells: ['no data'] },
        { label: 'Ward', cells: ['2'] },
      ],
    });
  });

  it('compares several series in one row each, with a legend', () => {
    const compared = barChart({ id: 'c', title: 'Outcomes', series: [{ name: 'This month', points: [{ label: 'Section 2', value: 3 }] }, { name: 'Last month', points: [{ label: 'Section 2', value: 1 }] }] });
    expect(compared.table.head).toEqual(['', 'This month', 'Last month']);
    expect(compared.table.rows).toEqual([{ label: 'Section 2', cells: ['3', '1'] }]);
    expect(compared.svg).toContain('>This month</text>');
  });
});

describe('line chart', () => {
  it('breaks the line at an absent point and writes "no data" there; zero sits on the axis', () => {
    const chart = lineChart({ id: 'trend', title: 'Referrals by month', series: single('Referrals', [['Jan', 5], ['Feb', 0], ['Mar', null], ['Apr', 10]]), suffix: '' });
    expect(chart.kind).toBe('line');
    expect(chart.description).toBe('Jan 5; Feb 0; Mar no data; Apr 10.');
    expect(chart.svg.match(/<polyline /g)).toHaveLength(1); // Jan–Feb joined; Apr alone
    expect(chart.svg.match(/<circle /g)).toHaveLength(3);
    expect(chart.svg).toContain(`>${NO_DATA}</text>`);
    expect(chart.table.rows.map((r) => r.cells[0])).toEqual(['5', '0', 'no data', '10']);
  });

  it('draws an all-zero series on the axis without dividing by zero', () => {
    const chart = lineChart({ id: 'z', title: 'Zeroes', series: single('n', [['a', 0], ['b', 0]]) });
    expect(chart.svg).not.toContain('NaN');
    expect(chart.table.rows.map((r) => r.cells[0])).toEqual(['0', '0']);
  });
});

describe('figures and escaping', () => {
  it('formats whole numbers plainly, others to one decimal place, absent as no data', () => {
    expect(formatFigure(1234)).toBe('1,234');
    expect(formatFigure(2.25, ' h')).toBe('2.3 h');
    expect(formatFigure(0)).toBe('0');
    expect(formatFigure(null)).toBe('no data');
    expect(escapeXml(`a&b"'<>`)).toBe('a&amp;b&quot;&#39;&lt;&gt;');
  });

  it('the shared macro shows the picture and the same numbers as a table beside it', () => {
    const env = createViewEnvironment();
    const chart = barChart({ id: 'm', title: 'Referrals by route', unit: 'Referrals', series: single('Referrals', [['Phone', 3], ['E-mail', 0], ['Other', null]]) });
    const html = env.renderString('{% from "partials/charts.njk" import chartWithTable %}{{ chartWithTable(chart) }}', { chart });
    expect(html).toContain('<svg');
    expect(html).toContain('<caption class="govuk-table__caption govuk-table__caption--s">Referrals by route</caption>');
    expect(html).toMatch(/Phone<\/th><td[^>]*>3<\/td>/);
    expect(html).toMatch(/E-mail<\/th><td[^>]*>0<\/td>/);
    expect(html).toMatch(/Other<\/th><td[^>]*>no data<\/td>/);
  });
});
