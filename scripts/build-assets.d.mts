// Types for the tests that build the stylesheet (scripts/build-assets.mjs is plain JavaScript).
export const assetsOut: string;
export function assetsAreFresh(): Promise<boolean>;
export function buildAssets(options?: { force?: boolean; quiet?: boolean }): Promise<'fresh' | 'built' | 'no-sass'>;
