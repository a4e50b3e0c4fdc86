/**
 * A real LiveKit server beside the local API (`npm start`, the real-media tests, the bench):
 * bound to 127.0.0.1, media on loopback only, its own keys, webhooks to the local API.
 *
 * Loopback only, on purpose: the server advertises 127.0.0.1 candidates and nothing else
 * (`node_ip`, `ips.includes`, no external IP discovery, no ICE over TCP). Its embedded TURN server
 * runs on 127.0.0.1 too, for one reason: the ICE servers LiveKit hands to clients. With no TURN
 * and no STUN configured it hands out public STUN servers (Google's, Twilio's), and every client
 * would send packets there. The loopback TURN port also answers STUN, which gives a client that
 * ignores loopback interfaces (libwebrtc outside Chromium, e.g. @livekit/rtc-node) a 127.0.0.1
 * candidate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LiveKitKeys {
  apiKey: string;
  apiSecret: string;
}

export interface LocalLiveKitOptions {
  /** The `livekit-server` binary (see scripts/livekit-server.mjs). */
  bin: string;
  keys: LiveKitKeys;
  /** Signalling and Twirp API (HTTP/WebSocket). Default 7880. */
  port?: number;
  /** ICE over UDP, one muxed port on 127.0.0.1. Default port + 2. */
  rtcUdpPort?: number;
  /** The embedded TURN/STUN server's UDP port on 127.0.0.1. Default port + 3. */
  turnUdpPort?: number;
  /** Where LiveKit posts its webhooks (the local API's `/api/livekit/webhook`). */
  webhookUrl?: string;
  /** Where the config (with the secret) and the log go; a temporary folder when undefined. */
  dir?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** How long to wait for `GET /` to answer OK. Default 20 s. */
  readyTimeoutMs?: number;
}

export interface LocalLiveKit extends LiveKitKeys {
  /** What clients and the API connect to, e.g. ws://127.0.0.1:7880. */
  url: string;
  logFile: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal) when the server exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  close(): Promise<void>;
}

/**
 * Keys for the local server: read from `DATA_DIR/livekit-keys.json`, or generated there once.
 * Not the public `devkey`/`secret` pair, so a LiveKit server reachable on this machine cannot be
 * driven by anyone who knows the dev defaults. In memory when `dataDir` is undefined.
 */
export function localLiveKitKeys(dataDir?: string): LiveKitKeys {
  const fresh = (): LiveKitKeys => ({
    apiKey: `peegel-${randomBytes(6).toString('hex')}`,
    apiSecret: randomBytes(32).toString('base64url'),
  });
  if (!dataDir) return fresh();
  const file = join(dataDir, 'livekit-keys.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LiveKitKeys>;
    if (stored.apiKey && stored.apiSecret) return { apiKey: stored.apiKey, apiSecret: stored.apiSecret };
  }
  const keys = fresh();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/** The server's YAML config (JSON is YAML). Exported for the unit test of its loopback rules. */
export function liveKitConfig(
  o: Required<Pick<LocalLiveKitOptions, 'keys' | 'port' | 'rtcUdpPort' | 'turnUdpPort'>> &
    Pick<LocalLiveKitOptions, 'webhookUrl' | 'logLevel'>,
) {
  return {
    port: o.port,
    bind_addresses: ['127.0.0.1'],
    keys: { [o.keys.apiKey]: o.keys.apiSecret },
    rtc: {
      // No ICE over TCP: LiveKit binds its TCP port on every interface, and UDP on loopback
      // always works.
      tcp_port: 0,
      udp_port: o.rtcUdpPort,
      node_ip: '127.0.0.1',
      use_external_ip: false,
      enable_loopback_candidate: true,
      ips: { includes: ['127.0.0.1/32'] },
      ...(process.platform === 'linux' ? { interfaces: { includes: ['lo'] } } : {}),
    },
    // See the module comment: replaces the public STUN servers LiveKit would hand to clients.
    // Relaying to loopback peers stays denied (LiveKit's default for restricted addresses).
    turn: {
      enabled: true,
      udp_port: o.turnUdpPort,
      bind_addresses: ['127.0.0.1'],
      relay_range_start: o.turnUdpPort + 1,
      relay_range_end: o.turnUdpPort + 20,
    },
    room: { auto_create: true },
    ...(o.webhookUrl ? { webhook: { api_key: o.keys.apiKey, urls: [o.webhookUrl] } } : {}),
    logging: { level: o.logLevel ?? 'info', json: false },
  };
}

/** Waits until the server answers `GET /` with OK, or fails with the log's last lines. */
async function waitUntilReady(url: string, exited: Promise<unknown>, logFile: string, timeoutMs: number): Promise<void> {
  const http = url.replace(/^ws/, 'http');
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(http, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
  throw new Error(
    `the LiveKit server ${gone ? 'exited' : `did not answer within ${timeoutMs} ms`} (log: ${logFile})\n${tail}`,
  );
}

/**
 * Starts `livekit-server` and resolves once it answers.
 *
 * @example
 * const lk = await startLocalLiveKit({ bin, keys: localLiveKitKeys(dataDir), webhookUrl });
 * // lk.url === 'ws://127.0.0.1:7880'
 */
export async function startLocalLiveKit(o: LocalLiveKitOptions): Promise<LocalLiveKit> {
  const port = o.port ?? 7880;
  // Something already answering there (often a LiveKit server left from an earlier run whose
  // parent was killed) would pass for ours below.
  const taken = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) }).then(
    () => true,
    () => false,
  );
  if (taken) {
    throw new Error(
      `port ${port} is already in use (a LiveKit server left from an earlier run? stop it, e.g. ` +
        `pkill livekit-server, or start with LIVEKIT_PORT=<another port>)`,
    );
  }
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'peegel-livekit-'));
  const temporary = o.dir === undefined;
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'livekit.yaml');
  const config = liveKitConfig({
    keys: o.keys,
    port,
    rtcUdpPort: o.rtcUdpPort ?? port + 2,
    turnUdpPort: o.turnUdpPort ?? port + 3,
    webhookUrl: o.webhookUrl,
    logLevel: o.logLevel,
  });
  // The secret goes in a file only the owner can read, not on the command line (`ps` shows that).
  writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  const logFile = join(dir, 'livekit.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(o.bin, ['--config', configFile], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: -1, signal: null }));
  });
  const url = `ws://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    if (temporary) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, exited, logFile, o.readyTimeoutMs ?? 20_000);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, ...o.keys, logFile, process: child, exited, close };
}
