#!/usr/bin/env node
/**
 * Gzip size of the JavaScript each route loads, from the Vite manifest of `dist/web`.
 * Usage: node web/scripts/bundle-size.mjs [--json] [--max-booking-kb 60] [--dist dist/web]
 * Exits 1 when the booking page exceeds its budget (DESIGN §9).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const distArg = args.includes('--dist') ? args[args.indexOf('--dist') + 1] : undefined;
const dist = distArg ? `${distArg.replace(/\/$/, '')}/` : fileURLToPath(new URL('../../dist/web/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8'));
const budgetKb = Number(args[args.indexOf('--max-booking-kb') + 1]) || 60;

const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
if (!entry) throw new Error('no entry chunk in manifest');

/** Every chunk file a manifest key loads eagerly (static imports, transitively). */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const gz = (file) => gzipSync(readFileSync(dist + file), { level: 9 }).length;
const base = closure(entry[0]);
const routes = {};
for (const key of entry[1].dynamicImports ?? []) {
  const files = closure(key, new Set(base));
  const name = key.replace(/^src\//, '');
  routes[name] = { files: [...files], gzipBytes: [...files].reduce((n, f) => n + gz(f), 0) };
}

if (args.includes('--json')) {
  console.log(JSON.stringify(routes, null, 2));
} else {
  for (const [name, r] of Object.entries(routes).sort((a, b) => a[1].gzipBytes - b[1].gzipBytes)) {
    console.log(`${(r.gzipBytes / 1024).toFixed(1).padStart(6)} KB gzip  ${name}`);
  }
}

const booking = Object.entries(routes).find(([name]) => name.includes('BookingPage'));
if (booking && booking[1].gzipBytes > budgetKb * 1024) {
  console.error(`booking page JS ${(booking[1].gzipBytes / 1024).toFixed(1)} KB gzip exceeds ${budgetKb} KB`);
  process.exit(1);
}
