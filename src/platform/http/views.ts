import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatShortDateTime,
  formatTime,
  recordedLater,
  toLocalInputValue,
} from '../london-time.js';
import { ROLE_LABELS, isRole } from '../roles.js';

// The code's own root: src/ when run from source, dist/ when run from the build (templates are
// copied beside the compiled code), so production needs no src/ folder.
const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = path.resolve(codeRoot, '..');

/**
 * The fingerprinted name of a built asset (scripts/build-assets.mjs writes public/build/manifest.json):
 * `{{ asset('app.css') }}` → `/assets/app.f81a2235a688.css`, served with a year's immutable cache.
 * Without a manifest (assets not built yet), the plain name.
 */
export function assetUrls(manifestFile = path.join(root, 'public/build/manifest.json')): (name: string) => string {
  let manifest: Record<string, string> = {};
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
  } catch {
    // not built yet: plain names (served without the long cache)
  }
  return (name: string) => `/assets/${manifest[name] ?? name}`;
}

const VIEW_OPTIONS = { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true } as const;

/** What nunjucks compiles a template file to: its root and block render functions. */
type CompiledTemplate = Record<string, unknown>;

interface NunjucksCompiler {
  compile(src: string, asyncFilters: string[], extensions: unknown[], name: string, opts: typeof VIEW_OPTIONS): string;
}

/**
 * Compiled templates, shared by every view environment of the process and keyed by file and
 * source. Each environment caches what it compiled, but each app builds its own environment, and
 * the test suite builds ~180 apps per worker: compiling the same templates (GOV.UK's macros
 * included) again for each cost ~1 s CPU per test file (docs/performance.md). The compiled code
 * depends only on the source and VIEW_OPTIONS (no async filters, no extensions), and is a set of
 * functions that take the environment as an argument, so sharing it is safe. A changed file has a
 * different source, so it is compiled afresh.
 */
const compiledTemplates = new Map<string, CompiledTemplate>();

function compiledOnce(fullPath: string, src: string): CompiledTemplate | undefined {
  const key = `${fullPath}\u0000${src}`;
  let compiled = compiledTemplates.get(key);
  if (!compiled) {
    try {
      const code = (nunjucks as unknown as { compiler: NunjucksCompiler }).compiler.compile(src, [], [], fullPath, VIEW_OPTIONS);
      compiled = new Function(code)() as CompiledTemplate;
    } catch {
      // Let nunjucks compile it itself, so the error is reported the way it always is.
      return undefined;
    }
    compiledTemplates.set(key, compiled);
  }
  return compiled;
}

/** Nunjucks' file loader, handing over the shared compiled code rather than the source. */
function compiledOnceLoader(searchPaths: string[]): nunjucks.FileSystemLoader {
  const loader = new nunjucks.FileSystemLoader(searchPaths);
  const readSource = loader.getSource.bind(loader);
  loader.getSource = (name: string) => {
    const source = readSource(name) as nunjucks.LoaderSource | null;
    if (!source) return source as unknown as nunjucks.LoaderSource;
    const compiled = compiledOnce(source.path, source.src);
    // A `{ type: 'code' }` source is nunjucks' own form for precompiled templates (Template.init).
    return compiled ? { ...source, src: { type: 'code', obj: compiled } as unknown as string } : source;
  };
  return loader;
}

export function createViewEnvironment(paths: Record<string, unknown> = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    compiledOnceLoader([
      path.join(codeRoot, 'views'),
      path.join(codeRoot, 'modules'),
      path.join(root, 'node_modules/govuk-frontend/dist'),
      path.join(root, 'node_modules/@ministryofjustice/frontend'),
    ]),
    VIEW_OPTIONS,
  );
  // Typed paths of every module (platform/http/paths.ts): `{{ paths.referrals.show({ id: r.id }) }}`.
  env.addGlobal('paths', paths);
  env.addGlobal('asset', assetUrls());
  // `{% if recordedLater(made, recorded) %}`: show both times when something was recorded after the event.
  env.addGlobal('recordedLater', recordedLater);
  env.addFilter('dateTime', (value: Date | null | undefined) => formatDateTime(value));
  env.addFilter('shortDateTime', (value: Date | null | undefined) => formatShortDateTime(value));
  env.addFilter('date', (value: Date | string | null | undefined) => formatDate(value));
  env.addFilter('time', (value: Date | null | undefined) => formatTime(value));
  env.addFilter('duration', (minutes: number) => formatDuration(minutes));
  env.addFilter('localInput', (value: Date | null | undefined) => toLocalInputValue(value));
  env.addFilter('isoDateTime', (value: Date | null | undefined) => (value ? value.toISOString() : ''));
  env.addFilter('roleLabel', (role: string) => (isRole(role) ? ROLE_LABELS[role] : role));
  env.addFilter('yesNo', (value: unknown) => (value ? 'Yes' : 'No'));
  /** Turns a list of { value, text } into GOV.UK select/radio items with the current value checked. */
  env.addFilter('asItems', (options: Array<{ value: string; text: string; hint?: string }>, current: unknown, mode: 'checked' | 'selected' = 'checked') =>
    options.map((option) => ({
      value: option.value,
      text: option.text,
      ...(option.hint ? { hint: { text: option.hint } } : {}),
      [mode]: Array.isArray(current) ? current.includes(option.value) : String(current ?? '') === option.value,
    })),
  );
  env.addFilter('withEmpty', (items: Array<Record<string, unknown>>, text = 'Choose') => [{ value: '', text }, ...items]);
  return env;
}
