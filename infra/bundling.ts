/**
 * How the Lambda functions are bundled — one source for the CDK stack (`NodejsFunction`) and for
 * `scripts/build-functions.ts` / `bench/bundles.ts`, so the size and start-up time we measure are
 * those of the code we deploy.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root (the folder holding package.json and package-lock.json). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One Lambda entry point per job. `entry` is relative to the repository root. */
export const LAMBDA_ENTRIES = {
  http: 'functions/lambda/http.ts',
  sessions: 'functions/lambda/sessions.ts',
  reminders: 'functions/lambda/reminders.ts',
} as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/**
 * ESM output has no `require`; some bundled dependencies are CommonJS and call it for Node
 * built-ins, so give the module one.
 */
const REQUIRE_BANNER =
  "import { createRequire as __peegelCreateRequire } from 'node:module'; " +
  'const require = __peegelCreateRequire(import.meta.url);';

/** The esbuild settings both build paths share. */
export const BUNDLE = {
  /** Matches `Runtime.NODEJS_22_X`. */
  target: 'node22',
  platform: 'node',
  format: 'esm',
  minify: true,
  /**
   * No source map in the deployed asset and none loaded at run time: `--enable-source-maps` costs
   * about 8 ms of every cold start (Node scans the bundle and the map as the module loads), and the
   * functions log errors by name only, never a stack. `npm run build:functions` writes the same
   * bytes with an external `index.mjs.map` beside them; `scripts/map-stack.ts` reads a minified
   * position from the logs back to the source with it.
   */
  sourcemap: false,
  /** The local map needs the mappings only; leaving the sources out keeps it small. */
  sourcesContent: false,
  /** Prefer the ESM build of dependencies that ship both. */
  mainFields: ['module', 'main'],
  /** Provided by the Node.js 22 Lambda runtime. */
  external: ['@aws-sdk/*'],
  banner: REQUIRE_BANNER,
  /** File name NodejsFunction gives ESM output. */
  outFile: 'index.mjs',
} as const;

/** Absolute path of an entry. */
export function entryPath(name: LambdaName): string {
  return join(REPO_ROOT, LAMBDA_ENTRIES[name]);
}

/** `NodejsFunction` bundling options; local esbuild only, never Docker. */
export function nodejsBundling(): BundlingOptions {
  return {
    target: BUNDLE.target,
    format: OutputFormat.ESM,
    minify: BUNDLE.minify,
    sourceMap: BUNDLE.sourcemap,
    sourcesContent: BUNDLE.sourcesContent,
    mainFields: [...BUNDLE.mainFields],
    externalModules: [...BUNDLE.external],
    banner: BUNDLE.banner,
    forceDockerBundling: false,
  };
}

/**
 * The same bundle through esbuild's JavaScript API.
 *
 * @example
 * await esbuild.build(esbuildOptions('http', 'dist/functions/http/index.mjs'));
 */
export function esbuildOptions(name: LambdaName, outfile: string): BuildOptions {
  return {
    entryPoints: [entryPath(name)],
    bundle: true,
    outfile,
    target: BUNDLE.target,
    platform: BUNDLE.platform,
    format: BUNDLE.format,
    minify: BUNDLE.minify,
    // External: the map is written, the bundle carries no comment, so its bytes equal the deployed ones.
    sourcemap: 'external',
    sourcesContent: BUNDLE.sourcesContent,
    mainFields: [...BUNDLE.mainFields],
    external: [...BUNDLE.external],
    banner: { js: BUNDLE.banner },
    absWorkingDir: REPO_ROOT,
    logLevel: 'warning',
  };
}
