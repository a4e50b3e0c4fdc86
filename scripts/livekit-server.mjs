#!/usr/bin/env node
/**
 * Finds the LiveKit server binary, building it once with Go when there is none.
 *
 * Order: `LIVEKIT_SERVER_BIN`; `livekit-server` on PATH; the project's cached build
 * (`~/.cache/peegel/livekit-server-<version>/livekit-server`, outside the repo). With none of
 * those and Go ≥ 1.26 on the machine, it runs
 * `go install github.com/livekit/livekit-server/cmd/server@<version>` with GOBIN in the cache,
 * so the build comes from the Go module proxy like any Go module. Nothing here downloads a
 * prebuilt binary, and nothing of LiveKit lands in the repository.
 *
 * Used by `npm start` (functions/local/server.ts), the real-media tests and `.ci/run`:
 *   node scripts/livekit-server.mjs            → prints the binary's path, building it if needed
 *   node scripts/livekit-server.mjs --no-build → prints the path, or explains what is missing
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The pinned release. `go install module@version` refuses a module whose go.mod has `replace`
 * directives: v1.13.5 has none (v1.13.0 and the development head do) — check before moving it.
 */
export const LIVEKIT_VERSION = 'v1.13.5';
export const LIVEKIT_MODULE = 'github.com/livekit/livekit-server/cmd/server';
const MIN_GO = [1, 26];

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'peegel');
}

/** Where the cached build of the pinned version lives. */
export function cachedBinary() {
  return join(cacheRoot(), `livekit-server-${LIVEKIT_VERSION}`, 'livekit-server');
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The LiveKit server to run, without building anything.
 * @returns {{ path: string, source: 'LIVEKIT_SERVER_BIN' | 'PATH' | 'cache' } | undefined}
 */
export function findLiveKitServer() {
  const fromEnv = process.env.LIVEKIT_SERVER_BIN;
  if (fromEnv) {
    if (!executable(fromEnv)) throw new Error(`LIVEKIT_SERVER_BIN=${fromEnv} is not an executable file`);
    return { path: fromEnv, source: 'LIVEKIT_SERVER_BIN' };
  }
  const found = onPath('livekit-server');
  if (found) return { path: found, source: 'PATH' };
  const cached = cachedBinary();
  if (executable(cached)) return { path: cached, source: 'cache' };
  return undefined;
}

/** Go's version as [major, minor], or undefined when `go` is not installed. */
export function goVersion() {
  const out = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return undefined;
  const m = /go(\d+)\.(\d+)/.exec(out.stdout);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function goIsRecentEnough(v) {
  return !!v && (v[0] > MIN_GO[0] || (v[0] === MIN_GO[0] && v[1] >= MIN_GO[1]));
}

/** The one paragraph shown when there is neither a LiveKit server nor a Go to build one. */
export function missingMessage(go) {
  const goLine = go
    ? `Go ${go.join('.')} is installed, but the LiveKit server ${LIVEKIT_VERSION} needs Go ${MIN_GO.join('.')} or newer.`
    : 'Go is not installed.';
  return (
    `No LiveKit server found: LIVEKIT_SERVER_BIN is not set, there is no livekit-server on PATH and no ` +
    `cached build in ${cachedBinary()}. ${goLine} Install Go ${MIN_GO.join('.')}+ (https://go.dev/doc/install) ` +
    `and run npm start again to build it once, or install LiveKit's server yourself ` +
    `(https://docs.livekit.io/home/self-hosting/local/) and put livekit-server on PATH or in ` +
    `LIVEKIT_SERVER_BIN, or point LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET at a LiveKit ` +
    `server you run elsewhere (LiveKit Cloud works). Until then sessions show "video service ` +
    `unreachable"; booking, the waiting room and the overlay keep working.`
  );
}

/**
 * Builds the pinned server into the cache with `go install`, streaming Go's own output to
 * `log` (stderr by default). Builds into a temporary GOBIN and renames, so an interrupted
 * build never leaves a half-written binary where the next run would find it.
 */
export async function buildLiveKitServer({ log = (line) => process.stderr.write(line) } = {}) {
  const target = cachedBinary();
  const dir = join(target, '..');
  mkdirSync(dir, { recursive: true });
  const gobin = mkdtempSync(join(dir, '.build-'));
  log(
    `Building the LiveKit server ${LIVEKIT_VERSION} with Go, once (a few minutes on two cores; ` +
      `cached in ${dir})…\n`,
  );
  const started = Date.now();
  const output = [];
  const code = await new Promise((resolve) => {
    const child = spawn('go', ['install', `${LIVEKIT_MODULE}@${LIVEKIT_VERSION}`], {
      env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => output.push(chunk.toString());
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // A visible heartbeat: a Go build prints little while it compiles.
    const beat = setInterval(() => log(`  …still building LiveKit (${Math.round((Date.now() - started) / 1000)} s)\n`), 30_000);
    child.on('error', (err) => {
      output.push(String(err));
      clearInterval(beat);
      resolve(-1);
    });
    child.on('close', (status) => {
      clearInterval(beat);
      resolve(status ?? -1);
    });
  });
  const built = join(gobin, 'server');
  if (code !== 0 || !existsSync(built)) {
    rmSync(gobin, { recursive: true, force: true });
    const tail = output.join('').split('\n').filter((l) => !l.startsWith('go: downloading')).slice(-40).join('\n');
    throw new Error(`go install ${LIVEKIT_MODULE}@${LIVEKIT_VERSION} failed (exit ${code}):\n${tail}`);
  }
  renameSync(built, target);
  rmSync(gobin, { recursive: true, force: true });
  log(`Built the LiveKit server in ${Math.round((Date.now() - started) / 1000)} s: ${target}\n`);
  return target;
}

/**
 * The server's path: found, or built when Go allows. `{ missing }` carries the paragraph that
 * explains what to install when neither is possible.
 * @returns {Promise<{ path: string, source: string } | { missing: string }>}
 */
export async function ensureLiveKitServer({ build = true, log } = {}) {
  const found = findLiveKitServer();
  if (found) return found;
  const go = goVersion();
  if (!build || !goIsRecentEnough(go)) return { missing: missingMessage(go) };
  return { path: await buildLiveKitServer({ log }), source: 'built' };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const build = !process.argv.includes('--no-build');
  try {
    const result = await ensureLiveKitServer({ build });
    if ('missing' in result) {
      console.error(result.missing);
      process.exit(1);
    }
    console.log(result.path);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
