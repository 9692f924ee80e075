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

export function createViewEnvironment(paths: Record<string, unknown> = {}): nunjucks.Environment {
  const env = nunjucks.configure(
    [
      path.join(codeRoot, 'views'),
      path.join(codeRoot, 'modules'),
      path.join(root, 'node_modules/govuk-frontend/dist'),
      path.join(root, 'node_modules/@ministryofjustice/frontend'),
    ],
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
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
