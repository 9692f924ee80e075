// The development start's compiled copy of src/ (issue 17, point 6). Importing src/server.ts
// through tsx's loader hooks transpiles and resolves some 470 modules one by one on a hooks thread
// at every start (about 3 CPU-seconds of a 7-second start); instead, src/server.ts is bundled
// once with esbuild (the transpiler tsx itself uses) into one ES module in .cache/dev/, which
// plain node imports with no hooks. It is rebuilt only when one of the files it was built from
// (or tsconfig.json, or esbuild's version) changes: the manifest lists every input with a hash
// of its content, and each start compares them (~470 small files read, tens of milliseconds).
//
// Packages stay external (node resolves them from node_modules, as with tsx). Code that finds
// its files beside itself (templates, migrations, the cache: `new URL('…', import.meta.url)`)
// gets its own source file's URL, so it finds them in src/ exactly as under tsx.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.cache', 'dev');
/** Each entry's manifest: the server's keeps its first name. */
const manifestFileOf = (name) => path.join(outDir, name === 'server' ? 'manifest.json' : `${name}-manifest.json`);
/** Bump when the build options below change: older bundles are then rebuilt. */
const OPTIONS_VERSION = 1;

/** esbuild as tsx resolves it (tsx depends on it; the app does not, directly). */
function loadEsbuild() {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  return import(pathToFileURL(fromTsx.resolve('esbuild')).href);
}

function hashOf(file) {
  try {
    return createHash('sha1').update(readFileSync(path.join(root, file))).digest('hex');
  } catch {
    return 'missing';
  }
}

/** The bundle named by the manifest, if every file it was built from is unchanged. */
function currentBundle(name, esbuildVersion) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFileOf(name), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.options !== OPTIONS_VERSION || manifest.esbuild !== esbuildVersion) return undefined;
  const bundle = path.join(outDir, manifest.bundle);
  if (!existsSync(bundle)) return undefined;
  for (const [file, hash] of Object.entries(manifest.inputs)) if (hashOf(file) !== hash) return undefined;
  return bundle;
}

/**
 * Gives each src file its own import.meta.url (see the top of this file), and notes the hash of
 * the very text compiled (a file saved again during the build is then rebuilt at the next start).
 */
function ownUrlPlugin(hashes) {
  return {
    name: 'own-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.(c|m)?ts$/ }, async (args) => {
        const bytes = await readFile(args.path);
        hashes.set(path.relative(root, args.path).split(path.sep).join('/'), createHash('sha1').update(bytes).digest('hex'));
        return { contents: bytes.toString('utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
}

/**
 * The path of an up-to-date bundle of `entry` (src/server.ts; src/cli/create-admin.ts for `npm
 * run create-admin`), built now if needed; undefined when esbuild is not installed or .cache/
 * cannot be written (the caller then falls back to tsx). A source that does not compile fails
 * here, with esbuild's message naming the file and line.
 */
export async function devBundle({ entry = 'src/server.ts', name = 'server' } = {}) {
  let esbuild;
  try {
    esbuild = await loadEsbuild();
  } catch {
    return undefined;
  }
  const esbuildVersion = esbuild.version ?? esbuild.default?.version;
  const current = currentBundle(name, esbuildVersion);
  if (current) return current;

  const { build } = esbuild.build ? esbuild : esbuild.default;
  const compiled = new Map();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    tsconfig: 'tsconfig.json',
    // Class and function names as in the source (error names, logs), not esbuild's renamings.
    keepNames: true,
    // Stack traces name src/*.ts lines (start.mjs enables source maps); the sources are on disk.
    sourcemap: 'external',
    sourcesContent: false,
    write: false,
    metafile: true,
    outfile: path.join(outDir, `${name}.mjs`),
    logLevel: 'error',
    plugins: [ownUrlPlugin(compiled)],
  });
  // esbuild's service process is not needed once built: the server would otherwise keep it.
  await (esbuild.stop ?? esbuild.default?.stop)?.();
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'tsconfig.json'].sort()) inputs[file] = compiled.get(file) ?? hashOf(file);
  const key = createHash('sha1').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  try {
    return await writeBundle(name, result.outputFiles, `${name}-${key}.mjs`, { options: OPTIONS_VERSION, esbuild: esbuildVersion, inputs });
  } catch {
    return undefined; // a read-only checkout: the caller goes through tsx instead
  }
}

async function writeBundle(name, outputFiles, bundleName, manifest) {
  const manifestFile = manifestFileOf(name);
  await mkdir(outDir, { recursive: true });
  // Several starts may build at once: each file is written whole under a temporary name and
  // renamed (atomic), the bundle before the manifest that names it.
  const partial = `.${process.pid}.partial`;
  const bundle = path.join(outDir, bundleName);
  for (const output of outputFiles) {
    const target = output.path.endsWith('.map') ? `${bundle}.map` : bundle;
    const text = output.path.endsWith('.map') ? output.text : output.text.replace(/\/\/# sourceMappingURL=[\w-]+\.mjs\.map\s*$/, `//# sourceMappingURL=${bundleName}.map\n`);
    await writeFile(target + partial, text);
    await rename(target + partial, target);
  }
  await writeFile(manifestFile + partial, `${JSON.stringify({ ...manifest, bundle: bundleName }, null, 1)}\n`);
  await rename(manifestFile + partial, manifestFile);
  // Older bundles: a running server has already read its own (and its source map); one written
  // in the last minute may be about to be imported by a start that read the manifest before.
  for (const other of await readdir(outDir)) {
    if (!other.startsWith(`${name}-`) || other.endsWith('manifest.json') || other.startsWith(bundleName)) continue;
    const file = path.join(outDir, other);
    const written = await stat(file).then((s) => s.mtimeMs, () => Date.now());
    if (Date.now() - written > 60_000) await rm(file, { force: true });
  }
  return bundle;
}
