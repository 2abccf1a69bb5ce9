// Which layermake this is. esbuild defines both constants when it bundles dist/;
// running from src/ (tests) they read 'dev'.

declare const LAYERMAKE_VERSION: string;
declare const LAYERMAKE_BUILD_ID: string;

export const VERSION = typeof LAYERMAKE_VERSION === 'string' ? LAYERMAKE_VERSION : 'dev';

/** Identifies the exact layermake build: any change to layermake invalidates the cache. */
export const BUILD_ID = typeof LAYERMAKE_BUILD_ID === 'string' ? LAYERMAKE_BUILD_ID : 'dev';
