/** Gzip JavaScript sizes of pages in the built web app (dist/web). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ASSETS = 'dist/web/assets';
const gz = (file: string) => gzipSync(readFileSync(join(ASSETS, file)), { level: 9 }).length;

function importsOf(file: string, dynamic: boolean): string[] {
  const code = readFileSync(join(ASSETS, file), 'utf8');
  const out = new Set<string>();
  const staticRe = /(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g;
  const dynamicRe = /import\(\s*["']\.\/([\w.-]+\.js)["']\s*\)/g;
  for (const m of code.matchAll(staticRe)) out.add(m[1]!);
  if (dynamic) for (const m of code.matchAll(dynamicRe)) out.add(m[1]!);
  return [...out];
}

/** The chunk and everything it imports (statically, or also dynamically). */
export function closure(start: string[], dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f) || !existsSync(join(ASSETS, f))) continue;
    seen.add(f);
    queue.push(...importsOf(f, dynamic));
  }
  return seen;
}

export function entryChunk(): string {
  const html = readFileSync('dist/web/index.html', 'utf8');
  const m = /src="\/assets\/([\w.-]+\.js)"/.exec(html);
  if (!m) throw new Error('no entry script in dist/web/index.html');
  return m[1]!;
}

export function chunkNamed(prefix: string): string | undefined {
  return readdirSync(ASSETS).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
}

/**
 * Booking page: the entry and the booking page chunk with their static imports (what the browser
 * loads for /book/:slug). Session page: the same for the session chunk plus its dynamic imports
 * (livekit-client is loaded on demand there).
 */
export function webSizes(): { page: string; files: number; gzipBytes: number }[] {
  const entry = entryChunk();
  const rows: { page: string; files: number; gzipBytes: number }[] = [];
  for (const [page, chunk, dynamic] of [
    ['booking page (/book/:slug)', chunkNamed('BookingPage'), false],
    ['session page (/session/:id)', chunkNamed('SessionPage'), true],
  ] as const) {
    if (!chunk) {
      rows.push({ page, files: 0, gzipBytes: NaN });
      continue;
    }
    const files = new Set([...closure([entry], false), ...closure([chunk], dynamic)]);
    rows.push({ page, files: files.size, gzipBytes: [...files].reduce((n, f) => n + gz(f), 0) });
  }
  return rows;
}
