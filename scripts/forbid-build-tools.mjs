// Preloaded by scripts/smoke-production.mjs (NODE_OPTIONS=--import): a production start that
// resolves a TypeScript file or a build tool (tsx, TypeScript, esbuild, Sass) fails loudly.
// Node 24's synchronous module hooks see both import and require; where they do not exist (npm
// itself may run on the machine's older Node) this does nothing.
import module from 'node:module';

const forbidden = /\/node_modules\/(tsx|typescript|esbuild|@esbuild|sass|sass-embedded)\/|\.(c|m)?ts$/;
if (typeof module.registerHooks === 'function') {
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      if (resolved.url.startsWith('file:') && forbidden.test(new URL(resolved.url).pathname)) {
        throw new Error(`The production start loaded a build tool or TypeScript source: ${resolved.url}`);
      }
      return resolved;
    },
  });
}
