// Issue 17 item 5, "only the CSS a page needs": the stylesheet imports only the GOV.UK and MOJ
// Frontend components the pages use (src/assets/app.scss). This holds the other side: every
// component a template uses — by its macro or by a class written out — is in the built stylesheet,
// so a page that starts using another component fails here rather than showing it unstyled.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetsOut, buildAssets } from '../scripts/build-assets.mjs';

const root = path.resolve(import.meta.dirname, '..');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The component blocks (`govuk-table`, `moj-timeline`) named in class lists of our own sources. */
function blocksUsed(sources: string[]): Set<string> {
  const blocks = new Set<string>();
  for (const source of sources) {
    // class="…", classes: "…" (macro parameters) and className strings: the tokens in them.
    for (const match of source.matchAll(/class(?:es|Name)?\s*[=:]\s*["'`]([^"'`]*)["'`]/g)) {
      for (const token of match[1]!.split(/\s+/)) {
        const block = /^((?:govuk|moj)-[a-z]+(?:-[a-z]+)*)/.exec(token.replace(/(__|--).*$/, ''))?.[1];
        if (block) blocks.add(block);
      }
    }
  }
  return blocks;
}

describe('the stylesheet holds what the pages use', () => {
  let css = '';
  let templates: string[] = [];
  beforeAll(async () => {
    await buildAssets({ quiet: true });
    css = readFileSync(path.join(assetsOut, 'app.css'), 'utf8');
    templates = filesUnder(path.join(root, 'src'), /\.(njk|ts)$/).map((file) => readFileSync(file, 'utf8'));
  });

  it('styles every GOV.UK and MOJ component a template imports by its macro', () => {
    const macros = new Set<string>();
    for (const source of templates) {
      for (const match of source.matchAll(/["'](govuk|moj)\/components\/([a-z-]+)\/macro\.njk["']/g)) macros.add(`${match[1]}-${match[2]}`);
    }
    expect(macros.size).toBeGreaterThan(10);
    const unstyled = [...macros].filter((block) => !css.includes(`.${block}`));
    expect(unstyled, 'add these components to src/assets/app.scss').toEqual([]);
  });

  it('styles every component class a template writes out', () => {
    const blocks = blocksUsed(templates);
    // Names that are not components (the page template's own hooks).
    for (const notAComponent of ['govuk-template', 'govuk-frontend-supported']) blocks.delete(notAComponent);
    expect(blocks.has('govuk-table')).toBe(true);
    const unstyled = [...blocks].filter((block) => !css.includes(`.${block}`));
    expect(unstyled, 'add these components to src/assets/app.scss').toEqual([]);
  });

  it('leaves out components no page uses', () => {
    for (const unused of ['govuk-accordion', 'govuk-tabs', 'govuk-character-count', 'moj-multi-select', 'moj-filter']) {
      expect(css.includes(`.${unused}`), unused).toBe(false);
    }
  });
});
