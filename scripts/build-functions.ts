/**
 * Bundles every Lambda entry exactly as the CDK stack does (options from infra/bundling.ts) into
 * `dist/functions/<name>/index.mjs` (+ `.map`), for inspection and for `bench/bundles.ts`.
 *
 * @example
 * npm run build:functions
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BUNDLE,
  esbuildOptions,
  LAMBDA_ENTRIES,
  REPO_ROOT,
  type LambdaName,
} from '../infra/bundling';

export interface BuiltFunction {
  name: LambdaName;
  /** Absolute path of the bundle. */
  file: string;
  /** Size of the minified bundle (without its source map). */
  bytes: number;
}

/** Where the bundles go unless told otherwise. */
export const FUNCTIONS_OUT_DIR = join(REPO_ROOT, 'dist', 'functions');

export async function buildFunctions(outDir: string = FUNCTIONS_OUT_DIR): Promise<BuiltFunction[]> {
  const names = Object.keys(LAMBDA_ENTRIES) as LambdaName[];
  return Promise.all(
    names.map(async (name) => {
      const dir = join(outDir, name);
      await rm(dir, { recursive: true, force: true });
      const file = join(dir, BUNDLE.outFile);
      const result = await build({ ...esbuildOptions(name, file), metafile: true, write: true });
      const output = Object.entries(result.metafile.outputs).find(([path]) =>
        path.endsWith(BUNDLE.outFile),
      );
      if (!output) throw new Error(`esbuild produced no ${BUNDLE.outFile} for ${name}`);
      return { name, file, bytes: output[1].bytes };
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildFunctions();
  for (const f of built) {
    console.log(`${f.name.padEnd(10)} ${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${f.file}`);
  }
}
