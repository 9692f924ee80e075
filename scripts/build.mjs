// npm run build: type-checks src/ and emits JavaScript into dist/ (tsconfig.build.json), copies
// the files the code reads beside itself (templates, migrations, JSON data) into dist/ at the
// same relative paths, and compiles the assets (Sass → public/build). Production then runs
// `NODE_ENV=production npm start`: plain node on dist/, no TypeScript and no Sass at start.
import { spawnSync } from 'node:child_process';
import { cp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAssets } from './build-assets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const started = Date.now();
const require = createRequire(import.meta.url);

console.log(`Building AMHP Hub on Node ${process.version}`);
await rm(dist, { recursive: true, force: true });

// 1. Type-check and emit (tsc prints the errors and exits non-zero on any).
const tsc = require.resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (compiled.status !== 0) {
  console.error('\nnpm run build: the TypeScript compiler reported errors (above); nothing to run.');
  await rm(dist, { recursive: true, force: true });
  process.exit(1);
}

// 2. Everything in src/ that is not TypeScript (.njk templates, .sql migrations, .json data …)
//    goes beside the compiled code, so paths resolved from import.meta.url find it. src/assets
//    is the front-end source and is built into public/build instead.
let copied = 0;
async function copyNonTypeScript(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    const relative = path.relative(src, from);
    if (entry.isDirectory()) {
      if (relative === 'assets') continue;
      await copyNonTypeScript(from);
    } else if (entry.isFile() && !/\.(c|m)?ts$/.test(entry.name)) {
      await cp(from, path.join(dist, relative));
      copied += 1;
    }
  }
}
await copyNonTypeScript(src);

// 3. Assets: compiled now, whatever the stamp says.
const assets = await buildAssets({ force: true, quiet: true });
if (assets === 'no-sass') {
  console.error('\nnpm run build needs the dev dependencies (Sass, TypeScript): run `npm ci` (not --omit=dev) first.');
  process.exit(1);
}

await writeFile(path.join(dist, 'build-info.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), node: process.version }, null, 2)}\n`);
const files = (await readdir(dist, { recursive: true })).filter((name) => name.endsWith('.js')).length;
console.log(`Built dist/ (${files} JavaScript files, ${copied} templates/migrations/data files) and public/build in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
