/** Small measuring helpers for `npm run bench`. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadResult {
  name: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  note?: string;
}

/**
 * A fixed-rate open-loop load (default 200 requests/s, evenly spaced) against one request shape,
 * generated in a separate process (bench/rate-client.mjs) so the load generator does not steal
 * the server's event loop.
 */
export async function fixedRate(
  name: string,
  opts: { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; rate?: number; seconds?: number },
): Promise<LoadResult> {
  const args = [
    fileURLToPath(new URL('./rate-client.mjs', import.meta.url)),
    opts.url,
    opts.method ?? 'GET',
    JSON.stringify(opts.headers ?? {}),
    opts.body ?? '',
    String(opts.rate ?? 200),
    String(opts.seconds ?? 8),
  ];
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
  const r = JSON.parse(out) as { p50: number; p99: number; rps: number; errors: number };
  return { name, p50: round(r.p50), p99: round(r.p99), rps: r.rps, errors: r.errors };
}

/** Closed-loop: one request after another, for routes whose requests depend on the previous one. */
export async function sequential(name: string, count: number, run: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const times: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    if (!(await run(i))) errors++;
    times.push(performance.now() - t0);
  }
  const total = (performance.now() - started) / 1000;
  return { name, ...percentiles(times), rps: count / total, errors };
}

export function percentiles(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: round(at(0.5)), p99: round(at(0.99)) };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
