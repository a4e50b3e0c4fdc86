/**
 * Lambda bundle budgets (DESIGN §9): minified size and cold module-init time of each bundle,
 * built exactly as deployed (scripts/build-functions.ts) and imported in a fresh `node` process.
 *
 * @example
 * const rows = await benchBundles(); // [{ name: 'http', bytes: 301234, initMs: 87.5, sdkInitMs: 70.1, ownInitMs: 17.2 }, …]
 * // or: npx tsx bench/bundles.ts
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { buildFunctions } from '../scripts/build-functions';

export interface BundleBench {
  name: string;
  /** Minified bundle size in bytes (source map not counted). */
  bytes: number;
  /** Median time to `await import()` the bundle in a new process, in ms. */
  initMs: number;
  /** The part of `initMs` spent loading the `@aws-sdk/*` packages the Lambda runtime provides. */
  sdkInitMs: number;
  /**
   * The project's own part: the bundle's import once the SDK is loaded (median over the fresh
   * processes of each one's `initMs − sdkInitMs`).
   */
  ownInitMs: number;
  /** The smallest of those: noise on a shared machine only adds time. */
  ownInitMinMs: number;
  /**
   * The same split in CPU time (median): on an idle machine about the wall-clock time; on a busy
   * one it leaves out the waiting for a core (contention still slows the work itself).
   */
  sdkCpuMs: number;
  ownCpuMs: number;
}

export const BUNDLE_BUDGET = { maxBytes: 300 * 1024, maxInitMs: 150, maxOwnInitMs: 25 } as const;

/** Environment the functions read at start-up; dummy values, nothing is contacted. */
const CHILD_ENV = {
  TABLE_NAME: 'peegel-bench',
  SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:000000000000:secret:peegel-bench',
  PUBLIC_URL: 'https://peegel.invalid',
  LIVEKIT_URL: 'wss://livekit.invalid',
  MAIL_FROM: 'bench@peegel.invalid',
  RETENTION_DAYS: '90',
  AWS_REGION: 'eu-north-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  // As on Lambda: no source maps loaded at run time (infra/bundling.ts says why).
  NODE_OPTIONS: '',
};

/**
 * Runs in the child: counts socket connections (import must not touch the network), loads the
 * bundle's external `@aws-sdk/*` imports and then the bundle itself (the order in which ESM
 * evaluates them anyway), timing both in wall-clock and in the process's CPU time (to which
 * waiting for a busy machine's cores does not add); waits a moment for anything the module
 * started, and prints one JSON line.
 */
const CHILD_SCRIPT = `
import net from 'node:net';
import { createRequire } from 'node:module';
let connections = 0;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { connections++; return connect.apply(this, args); };
const bundleUrl = process.env.BENCH_BUNDLE_URL;
const resolve = createRequire(bundleUrl).resolve;
const cpuMs = (u) => (u.user + u.system) / 1000;
const start = performance.now();
const cpuStart = process.cpuUsage();
for (const specifier of JSON.parse(process.env.BENCH_EXTERNALS)) {
  await import(resolve(specifier));
}
const sdkDone = performance.now();
const sdkCpuMs = cpuMs(process.cpuUsage(cpuStart));
const mod = await import(bundleUrl);
const end = performance.now();
const cpuTotal = cpuMs(process.cpuUsage(cpuStart));
await new Promise((done) => setTimeout(done, 50));
process.stdout.write(JSON.stringify({
  initMs: end - start, sdkInitMs: sdkDone - start, sdkCpuMs, ownCpuMs: cpuTotal - sdkCpuMs,
  connections, handler: typeof mod.handler,
}) + '\\n');
`;

interface ChildResult {
  initMs: number;
  sdkInitMs: number;
  sdkCpuMs: number;
  ownCpuMs: number;
  connections: number;
  handler: string;
}

/**
 * The external `@aws-sdk/*` packages a bundle imports statically (`from "…"` and bare
 * `import "…"`; a dynamic `import("…")` is not loaded at init).
 */
function sdkImports(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/(?:from|import)\s*["'](@aws-sdk\/[^"']+)["']/g)) found.add(m[1]!);
  return [...found];
}

function importOnce(file: string, externals: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SCRIPT], {
      env: {
        PATH: process.env.PATH ?? '',
        ...CHILD_ENV,
        BENCH_BUNDLE_URL: pathToFileURL(file).href,
        BENCH_EXTERNALS: JSON.stringify(externals),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop();
      if (code !== 0 || !line) {
        reject(new Error(`importing ${file} failed (exit ${code}):\n${stderr}`));
        return;
      }
      resolve(JSON.parse(line) as ChildResult);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Builds every function bundle and measures it; `runs` fresh processes per bundle. */
export async function benchBundles(runs = 7): Promise<BundleBench[]> {
  const built = await buildFunctions();
  const rows: BundleBench[] = [];
  for (const fn of built) {
    const externals = sdkImports(await readFile(fn.file, 'utf8'));
    const times: number[] = [];
    const sdkTimes: number[] = [];
    const ownTimes: number[] = [];
    const sdkCpu: number[] = [];
    const ownCpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await importOnce(fn.file, externals);
      if (result.connections > 0) {
        throw new Error(
          `${fn.name}: importing the bundle opened ${result.connections} connection(s)`,
        );
      }
      if (result.handler !== 'function') {
        throw new Error(`${fn.name}: the bundle does not export a handler function`);
      }
      times.push(result.initMs);
      sdkTimes.push(result.sdkInitMs);
      ownTimes.push(result.initMs - result.sdkInitMs);
      sdkCpu.push(result.sdkCpuMs);
      ownCpu.push(result.ownCpuMs);
    }
    const round = (ms: number) => Math.round(ms * 10) / 10;
    rows.push({
      name: fn.name,
      bytes: fn.bytes,
      initMs: round(median(times)),
      sdkInitMs: round(median(sdkTimes)),
      ownInitMs: round(median(ownTimes)),
      ownInitMinMs: round(Math.min(...ownTimes)),
      sdkCpuMs: round(median(sdkCpu)),
      ownCpuMs: round(median(ownCpu)),
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchBundles();
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'OVER');
  console.log('function    size (min)          init (median, cold)   of which @aws-sdk   own code (wall / CPU)');
  for (const r of rows) {
    const kb = `${(r.bytes / 1024).toFixed(1)} KB`;
    console.log(
      `${r.name.padEnd(10)}  ${kb.padStart(9)} ${mark(r.bytes <= BUNDLE_BUDGET.maxBytes)}  ` +
        `${`${r.initMs.toFixed(1)} ms`.padStart(9)} ${mark(r.initMs <= BUNDLE_BUDGET.maxInitMs)}` +
        `      ${`${r.sdkInitMs.toFixed(1)} ms`.padStart(9)}` +
        `  ${`${r.ownInitMs.toFixed(1)} / ${r.ownCpuMs.toFixed(1)} ms`.padStart(16)} ${mark(r.ownCpuMs <= BUNDLE_BUDGET.maxOwnInitMs)}`,
    );
  }
  console.log(
    `budgets: ≤ ${BUNDLE_BUDGET.maxBytes / 1024} KB, ≤ ${BUNDLE_BUDGET.maxInitMs} ms, own code ≤ ${BUNDLE_BUDGET.maxOwnInitMs} ms (DESIGN §9)`,
  );
}
