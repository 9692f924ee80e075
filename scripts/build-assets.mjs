// Builds the stylesheet and copies GOV.UK / MOJ Frontend scripts into public/build.
//
//   node scripts/build-assets.mjs            build if the sources changed since the last build
//   node scripts/build-assets.mjs --force    build whatever the stamp says (npm run build)
//
// It runs at install (postinstall), in `npm run build`, and from `npm start` in development when
// the sources changed; never at a production start (which only serves what the build wrote).
// Sass is a build tool (a devDependency): where it is not installed (`npm ci --omit=dev`) the
// postinstall says so and leaves the assets to `npm run build` on a machine with the dev tools.
import { copyFile, mkdir, readFile, stat, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const assetsOut = path.join(root, 'public', 'build');
const sassEntry = path.join(root, 'src', 'assets', 'app.scss');
const stamp = path.join(assetsOut, '.stamp');

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function sourceHash() {
  const hash = createHash('sha256');
  const assetsDir = path.join(root, 'src', 'assets');
  for (const name of (await readdir(assetsDir)).sort()) hash.update(name).update(await readFile(path.join(assetsDir, name)));
  hash.update(await readFile(path.join(root, 'package-lock.json')).catch(() => Buffer.from('')));
  // This script too: a change to what it writes (fingerprints, compressed copies) rebuilds.
  hash.update(await readFile(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

/** True when public/build was built from the current sources. */
export async function assetsAreFresh() {
  return (await exists(stamp)) && (await readFile(stamp, 'utf8')) === (await sourceHash());
}

/**
 * Compiles the Sass and copies the front-end scripts and images. Returns 'fresh' when nothing
 * had to be done, 'built' when it built, 'no-sass' when the Sass compiler is not installed.
 */
export async function buildAssets({ force = false, quiet = false } = {}) {
  const wanted = await sourceHash();
  if (!force && (await exists(stamp)) && (await readFile(stamp, 'utf8')) === wanted) return 'fresh';

  let sass;
  try {
    sass = await import('sass');
  } catch {
    return 'no-sass';
  }
  await mkdir(path.join(assetsOut, 'images'), { recursive: true });
  const result = sass.compile(sassEntry, {
    loadPaths: [root, path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import', 'mixed-decls', 'global-builtin', 'color-functions', 'slash-div'],
    logger: { warn() {} },
  });
  await writeFile(path.join(assetsOut, 'app.css'), result.css);

  const copies = [
    ['node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js', 'govuk-frontend.min.js'],
    ['node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js', 'moj-frontend.min.js'],
    ['node_modules/govuk-frontend/dist/govuk/assets/images/favicon.ico', 'images/favicon.ico'],
  ];
  for (const [from, to] of copies) await copyFile(path.join(root, from), path.join(assetsOut, to));
  const mojImages = path.join(root, 'node_modules/@ministryofjustice/frontend/moj/assets/images');
  for (const name of await readdir(mojImages)) await copyFile(path.join(mojImages, name), path.join(assetsOut, 'images', name));
  for (const name of await readdir(path.join(root, 'src', 'assets'))) {
    if (name.endsWith('.js') || name.endsWith('.mjs')) await copyFile(path.join(root, 'src', 'assets', name), path.join(assetsOut, name));
  }
  await fingerprint();
  await writeFile(stamp, wanted);
  if (!quiet) console.log('Built assets into public/build');
  return 'built';
}

/** The stylesheet and scripts the layout links, fingerprinted (content hash in the name). */
const FINGERPRINTED = ['app.css', 'govuk-frontend.min.js', 'moj-frontend.min.js', 'js-enabled.js', 'init.mjs'];

/**
 * Writes `name.<hash>.ext` beside each file the pages link (served with a year's immutable cache:
 * a change makes a new name), a brotli and a gzip copy of each (served as they are, no work per
 * request: @fastify/static preCompressed), and manifest.json (plain name → fingerprinted name),
 * which the templates' `asset()` reads. init.mjs imports the two frontends by their new names, so
 * it is written last.
 */
async function fingerprint() {
  const { brotliCompressSync, gzipSync, constants } = await import('node:zlib');
  const manifest = {};
  for (const name of [...FINGERPRINTED].sort((a, b) => (a === 'init.mjs') - (b === 'init.mjs'))) {
    let body = await readFile(path.join(assetsOut, name));
    if (name === 'init.mjs') {
      let text = body.toString('utf8');
      for (const [plain, hashed] of Object.entries(manifest)) text = text.replaceAll(`/assets/${plain}'`, `/assets/${hashed}'`);
      body = Buffer.from(text);
    }
    const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const dot = name.indexOf('.');
    const hashed = `${name.slice(0, dot)}.${digest}${name.slice(dot)}`;
    await writeFile(path.join(assetsOut, hashed), body);
    await writeFile(path.join(assetsOut, `${hashed}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    await writeFile(path.join(assetsOut, `${hashed}.gz`), gzipSync(body, { level: 9 }));
    manifest[name] = hashed;
  }
  await writeFile(path.join(assetsOut, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const outcome = await buildAssets({ force: process.argv.includes('--force') });
  if (outcome === 'no-sass') {
    console.log('Sass is not installed (dev dependencies omitted): assets not built. Build them with `npm run build` where the dev dependencies are installed.');
  }
}
