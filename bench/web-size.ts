/**
 * Gzip JavaScript sizes of pages in the built web app (dist/web), from Vite's build manifest:
 * the entry, the page's chunk, and their static imports — plus, for the session page, its
 * dynamic imports (livekit-client is loaded on demand there).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const WEB = 'dist/web';
const gz = (file: string) => gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length;

function manifest(): Record<string, Chunk> {
  return JSON.parse(readFileSync(join(WEB, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
}

/** The files a page loads: `start` keys with their static imports (and dynamic ones if asked). */
export function closure(m: Record<string, Chunk>, start: string[], dynamic: boolean): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const key = queue.pop()!;
    if (seen.has(key) || !m[key]) continue;
    seen.add(key);
    files.add(m[key].file);
    queue.push(...(m[key].imports ?? []));
    if (dynamic && key !== 'index.html') queue.push(...(m[key].dynamicImports ?? []));
  }
  return files;
}

export function webSizes(): { page: string; files: number; gzipBytes: number; livekit: boolean }[] {
  const m = manifest();
  const entry = Object.keys(m).find((k) => m[k]!.isEntry)!;
  return (
    [
      ['booking page (/book/:slug)', 'src/booking/BookingPage.svelte', false],
      ['session page (/session/:id)', 'src/session/SessionPage.svelte', true],
    ] as const
  ).map(([page, key, dynamic]) => {
    const files = closure(m, [entry, key], dynamic);
    return {
      page,
      files: files.size,
      gzipBytes: [...files].reduce((n, f) => n + gz(f), 0),
      livekit: [...files].some((f) => f.includes('livekit')),
    };
  });
}
