/**
 * Typed URL paths. A module declares its paths once (`<module>-paths.ts`); route declarations
 * use `.pattern`, redirects and links call the path with its parameters, and templates reach the
 * same functions as `paths.<module>.<name>({ id: … })`. A path with a parameter cannot be built
 * without it, and a renamed path fails to compile wherever it was used.
 */

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<P extends string> = { [K in ParamNames<P>]: string };

export type PathTo<P extends string> = ([ParamNames<P>] extends [never]
  ? (params?: undefined, query?: QueryValues) => string
  : (params: PathParams<P>, query?: QueryValues) => string) & { readonly pattern: P };

/** Any module's path, whatever its parameters: what route declarations and ModuleParts accept. */
export type AnyPath = ((params: never, query?: QueryValues) => string) & { readonly pattern: string };

export type QueryValues = Record<string, string | number | boolean | null | undefined>;

function queryString(query: QueryValues | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** One path: `pathTo('/referrals/:id')({ id })` → '/referrals/3f…'. */
export function pathTo<const P extends string>(pattern: P): PathTo<P> {
  const build = (params?: Record<string, string>, query?: QueryValues) => {
    const filled = pattern.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
      const value = params?.[name];
      if (value === undefined || value === '') throw new Error(`Path ${pattern} needs :${name}`);
      return encodeURIComponent(value);
    });
    return `${filled}${queryString(query)}`;
  };
  return Object.assign(build, { pattern }) as unknown as PathTo<P>;
}

/** A module's paths, e.g. `definePaths({ list: '/referrals', show: '/referrals/:id' })`. */
export function definePaths<const T extends Record<string, string>>(patterns: T): { [K in keyof T]: PathTo<T[K]> } {
  return Object.fromEntries(Object.entries(patterns).map(([name, pattern]) => [name, pathTo(pattern)])) as { [K in keyof T]: PathTo<T[K]> };
}
