/**
 * Small, pure SVG charts drawn on the server (issue 15 point 7): a bar chart and a line chart.
 * Each returns the SVG text (`<svg role="img">` with `<title>` and `<desc>`, no script) and the
 * same numbers as a table, which the shared Nunjucks macro (`views/partials/charts.njk`) shows
 * beside the picture. The PDFs draw the same SVG with svg-to-pdfkit.
 *
 * A figure of zero is drawn and written as 0; an absent figure (null) is never drawn as a zero:
 * it is written "no data" in the picture and in the table.
 */

/** One labelled figure; null means "no data" (absent), never zero. */
export interface ChartPoint {
  label: string;
  value: number | null;
}

export interface ChartSeries {
  name: string;
  points: readonly ChartPoint[];
}

export interface ChartSpec {
  /** Unique within the page: the ids of the title and description are built from it. */
  id: string;
  title: string;
  /** What the numbers count, e.g. "Referrals" (the table's column heading for one series). */
  unit?: string;
  /** Written after each figure in the description, e.g. " minutes". */
  suffix?: string;
}

export interface Chart {
  id: string;
  kind: 'bar' | 'line';
  title: string;
  description: string;
  svg: string;
  width: number;
  height: number;
  /** The same numbers as a table: one row per label, one column per series. */
  table: { caption: string; head: string[]; rows: Array<{ label: string; cells: string[] }> };
}

export const NO_DATA = 'no data';

const TEXT = '#0b0c0c';
const GREY = '#505a5f';
const LINE = '#b1b4b6';
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#f47738', '#28a197'];

/** Escapes text for SVG/XML content and attributes. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A figure as people read it: whole numbers plain, others to one decimal place; absent as "no data". */
export function formatFigure(value: number | null, suffix = ''): string {
  if (value === null || !Number.isFinite(value)) return NO_DATA;
  const text = Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${text}${suffix}`;
}

function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}

function describe(series: readonly ChartSeries[], suffix: string): string {
  return series
    .map((s) => `${series.length > 1 ? `${s.name}: ` : ''}${s.points.map((p) => `${p.label} ${formatFigure(p.value, suffix)}`).join('; ')}.`)
    .join(' ');
}

function tableOf(spec: ChartSpec, series: readonly ChartSeries[], labels: readonly string[]): Chart['table'] {
  const head = ['', ...(series.length === 1 ? [spec.unit ?? series[0]!.name] : series.map((s) => s.name))];
  const rows = labels.map((label) => ({
    label,
    cells: series.map((s) => formatFigure(s.points.find((p) => p.label === label)?.value ?? null, spec.suffix ?? '')),
  }));
  return { caption: spec.title, head, rows };
}

function open(id: string, title: string, description: string, width: number, height: number): string {
  const sid = safeId(id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${sid}-title ${sid}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="app-chart" focusable="false">` +
    `<title id="${sid}-title">${escapeXml(title)}</title><desc id="${sid}-desc">${escapeXml(description)}</desc>`
  );
}

function labelsOf(series: readonly ChartSeries[]): string[] {
  const labels: string[] = [];
  for (const s of series) for (const p of s.points) if (!labels.includes(p.label)) labels.push(p.label);
  return labels;
}

/**
 * A horizontal bar chart: one row per label, one bar per series in the row, each with its figure
 * written at the end (0 drawn as a bar of no length with "0"; null as "no data", no bar).
 */
export function barChart(spec: ChartSpec & { series: readonly ChartSeries[] }): Chart {
  const { series } = spec;
  const suffix = spec.suffix ?? '';
  const labels = labelsOf(series);
  const labelWidth = 190;
  const barArea = 300;
  const barHeight = 16;
  const rowHeight = series.length * (barHeight + 2) + 10;
  const legend = series.length > 1 ? 22 : 0;
  const width = labelWidth + barArea + 90;
  const height = Math.max(rowHeight, labels.length * rowHeight) + legend + 4;
  const max = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.value ?? 0)));
  const description = describe(series, suffix);
  let body = '';
  if (legend) {
    body += series
      .map((s, i) => `<rect x="${labelWidth + i * 120}" y="4" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${labelWidth + i * 120 + 16}" y="15" font-size="12" fill="${TEXT}">${escapeXml(s.name)}</text>`)
      .join('');
  }
  labels.forEach((label, row) => {
    const top = legend + row * rowHeight;
    body += `<text x="0" y="${top + 14}" font-size="13" fill="${TEXT}">${escapeXml(label.length > 28 ? `${label.slice(0, 27)}…` : label)}</text>`;
    series.forEach((s, i) => {
      const value = s.points.find((p) => p.label === label)?.value ?? null;
      const y = top + i * (barHeight + 2);
      if (value === null) {
        body += `<text x="${labelWidth}" y="${y + 12}" font-size="12" fill="${GREY}" font-style="italic">${NO_DATA}</text>`;
        return;
      }
      const w = max > 0 ? Math.round((Math.max(0, value) / max) * barArea) : 0;
      body += `<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="${COLOURS[i % COLOURS.length]}"/>`;
      body += `<text x="${labelWidth + w + 4}" y="${y + 12}" font-size="12" fill="${TEXT}">${escapeXml(formatFigure(value, suffix))}</text>`;
    });
  });
  body += `<line x1="${labelWidth}" y1="${legend}" x2="${labelWidth}" y2="${height - 2}" stroke="${LINE}"/>`;
  const svg = `${open(spec.id, spec.title, description, width, height)}${body}</svg>`;
  return { id: safeId(spec.id), kind: 'bar', title: spec.title, description, svg, width, height, table: tableOf(spec, series, labels) };
}

/**
 * A line chart over ordered labels (months, hours…): one line per series, a dot and its figure
 * at every point; an absent point breaks the line and is written "no data" below the axis.
 */
export function lineChart(spec: ChartSpec & { series: readonly ChartSeries[] }): Chart {
  const { series } = spec;
  const suffix = spec.suffix ?? '';
  const labels = labelsOf(series);
  const left = 40;
  const plotWidth = Math.max(240, labels.length * 48);
  const plotTop = series.length > 1 ? 28 : 10;
  const plotHeight = 160;
  const width = left + plotWidth + 20;
  const height = plotTop + plotHeight + 40;
  const max = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.value ?? 0)));
  const top = max > 0 ? max : 1;
  const step = labels.length > 1 ? plotWidth / (labels.length - 1) : 0;
  const x = (i: number) => Math.round(left + (labels.length > 1 ? i * step : plotWidth / 2));
  const y = (v: number) => Math.round(plotTop + plotHeight - (Math.max(0, v) / top) * plotHeight);
  const description = describe(series, suffix);
  let body = `<line x1="${left}" y1="${plotTop + plotHeight}" x2="${left + plotWidth}" y2="${plotTop + plotHeight}" stroke="${LINE}"/>`;
  body += `<text x="${left - 6}" y="${plotTop + 4}" font-size="11" fill="${GREY}" text-anchor="end">${escapeXml(formatFigure(top === 1 && max === 0 ? 0 : top))}</text>`;
  body += `<text x="${left - 6}" y="${plotTop + plotHeight}" font-size="11" fill="${GREY}" text-anchor="end">0</text>`;
  const every = Math.max(1, Math.ceil(labels.length / 12));
  labels.forEach((label, i) => {
    if (i % every === 0) body += `<text x="${x(i)}" y="${plotTop + plotHeight + 16}" font-size="11" fill="${TEXT}" text-anchor="middle">${escapeXml(label)}</text>`;
  });
  series.forEach((s, si) => {
    const colour = COLOURS[si % COLOURS.length]!;
    if (series.length > 1) body += `<rect x="${left + si * 120}" y="4" width="12" height="12" fill="${colour}"/><text x="${left + si * 120 + 16}" y="15" font-size="12" fill="${TEXT}">${escapeXml(s.name)}</text>`;
    let segment: string[] = [];
    const flush = () => {
      if (segment.length > 1) body += `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${segment.join(' ')}"/>`;
      segment = [];
    };
    labels.forEach((label, i) => {
      const value = s.points.find((p) => p.label === label)?.value ?? null;
      if (value === null) {
        flush();
        body += `<text x="${x(i)}" y="${plotTop + plotHeight + 30 + si * 0}" font-size="10" fill="${GREY}" text-anchor="middle" font-style="italic">${NO_DATA}</text>`;
        return;
      }
      segment.push(`${x(i)},${y(value)}`);
      body += `<circle cx="${x(i)}" cy="${y(value)}" r="3" fill="${colour}"/>`;
      if (labels.length <= 24) body += `<text x="${x(i)}" y="${y(value) - 6}" font-size="10" fill="${TEXT}" text-anchor="middle">${escapeXml(formatFigure(value, suffix))}</text>`;
    });
    flush();
  });
  const svg = `${open(spec.id, spec.title, description, width, height)}${body}</svg>`;
  return { id: safeId(spec.id), kind: 'line', title: spec.title, description, svg, width, height, table: tableOf(spec, series, labels) };
}

/** One series from label/value pairs. */
export function single(name: string, points: ReadonlyArray<readonly [string, number | null]>): ChartSeries[] {
  return [{ name, points: points.map(([label, value]) => ({ label, value })) }];
}
