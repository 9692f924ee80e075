// Builds the stylesheet and copies GOV.UK / MOJ Frontend scripts into public/build.
// Idempotent and quick when nothing changed, so `npm start` and the tests can call it.
import { copyFile, mkdir, readFile, stat, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'public', 'build');
const sassEntry = path.join(root, 'src', 'assets', 'app.scss');
const stamp = path.join(out, '.stamp');

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
  return hash.digest('hex');
}

const wanted = await sourceHash();
if ((await exists(stamp)) && (await readFile(stamp, 'utf8')) === wanted) process.exit(0);

const sass = await import('sass');
await mkdir(path.join(out, 'images'), { recursive: true });
const result = sass.compile(sassEntry, {
  loadPaths: [root, path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'mixed-decls', 'global-builtin', 'color-functions', 'slash-div'],
  logger: { warn() {} },
});
await writeFile(path.join(out, 'app.css'), result.css);

const copies = [
  ['node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js', 'govuk-frontend.min.js'],
  ['node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js', 'moj-frontend.min.js'],
  ['node_modules/govuk-frontend/dist/govuk/assets/images/favicon.ico', 'images/favicon.ico'],
];
for (const [from, to] of copies) await copyFile(path.join(root, from), path.join(out, to));
const mojImages = path.join(root, 'node_modules/@ministryofjustice/frontend/moj/assets/images');
for (const name of await readdir(mojImages)) await copyFile(path.join(mojImages, name), path.join(out, 'images', name));
for (const name of await readdir(path.join(root, 'src', 'assets'))) {
  if (name.endsWith('.js') || name.endsWith('.mjs')) await copyFile(path.join(root, 'src', 'assets', name), path.join(out, name));
}
await writeFile(stamp, wanted);
console.log('Built assets into public/build');
