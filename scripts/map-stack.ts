/**
 * Reads minified positions from a Lambda's logs back to the source: the deployed bundles carry no
 * source map (infra/bundling.ts says why), and `npm run build:functions` builds the same bytes
 * with `dist/functions/<name>/index.mjs.map` beside them. Build from the deployed commit first.
 *
 * @example
 * npm run build:functions
 * npx tsx scripts/map-stack.ts sessions 1:183245 1:90211
 * // 1:183245 → functions/sessions/join.ts:97:9 (enterWaiting)
 * // or paste a whole stack: npx tsx scripts/map-stack.ts sessions "$(pbpaste)"
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LAMBDA_ENTRIES, REPO_ROOT, type LambdaName } from '../infra/bundling';
import { FUNCTIONS_OUT_DIR } from './build-functions';

/** Each `line:column` (1-based, as in stack traces) in `text`, with where it comes from. */
export function mapPositions(map: SourceMap, mapDir: string, text: string): string[] {
  // In a pasted stack, only the bundle's frames (a log line's time is `hh:mm` too).
  const positions = text.includes('index.mjs:') ? /index\.mjs:(\d+):(\d+)/g : /(\d+):(\d+)/g;
  return [...text.matchAll(positions)].map(([position, line, column]) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
      name?: string;
    };
    if (!entry.originalSource) return `${position} → (not in the map)`;
    const source = relative(REPO_ROOT, join(mapDir, entry.originalSource.replace(/^file:\/\//, '')));
    const where = `${source}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
    return `${position} → ${where}${entry.name ? ` (${entry.name})` : ''}`;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || !(name in LAMBDA_ENTRIES) || rest.length === 0) {
    console.error(`usage: npx tsx scripts/map-stack.ts <${Object.keys(LAMBDA_ENTRIES).join('|')}> <line:column | stack text>…`);
    process.exit(2);
  }
  const mapDir = join(FUNCTIONS_OUT_DIR, name as LambdaName);
  const file = join(mapDir, 'index.mjs.map');
  let payload;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.error(`No ${relative(REPO_ROOT, file)}: run npm run build:functions (at the deployed commit) first.`);
    process.exit(1);
  }
  for (const line of mapPositions(new SourceMap(payload), mapDir, rest.join(' '))) console.log(line);
}
