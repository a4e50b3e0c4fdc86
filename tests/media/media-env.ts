/**
 * What the real-media tests need, checked once: a loopback-only network namespace (they run
 * under scripts/netns.mjs, which sets PEEGEL_NETNS=1), a LiveKit server binary, and Chromium for
 * the browser ones. Missing any of these, the tests skip with a loud message — or fail, when
 * PEEGEL_REQUIRE_MEDIA=1 (CI sets it, so CI can never pass without running them).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { describe, it } from 'vitest';
import { findLiveKitServer } from '../../scripts/livekit-server.mjs';
import { CHROMIUM, startProduct } from '../e2e/browser';
import type { LocalServer } from '../../functions/local/app-server';

export interface MediaEnv {
  ok: boolean;
  reason: string;
  bin: string;
}

/** Every address of every interface here: loopback only (127.0.0.0/8, ::1), or not. */
export function loopbackOnly(): boolean {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return (
    process.env.PEEGEL_NETNS === '1' &&
    addresses.length > 0 &&
    addresses.every((a) => (a.family === 'IPv4' ? a.address.startsWith('127.') : a.address === '::1'))
  );
}

function describeInterfaces(): string {
  return Object.entries(networkInterfaces())
    .map(([name, list]) => `${name} ${(list ?? []).map((a) => a.address).join(' ')}`)
    .join('; ');
}

/**
 * @param browser needs Chromium
 * @param nativeClient needs the 127.0.0.2 interface for @livekit/rtc-node (see scripts/netns.mjs)
 */
export function mediaEnv({ browser = false, nativeClient = false } = {}): MediaEnv {
  if (!loopbackOnly()) {
    return {
      ok: false,
      reason: `not inside a loopback-only network namespace (interfaces: ${describeInterfaces()}; run through npm test)`,
      bin: '',
    };
  }
  if (nativeClient && process.env.PEEGEL_NETNS_ALIAS !== '127.0.0.2') {
    return { ok: false, reason: 'no 127.0.0.2 interface in the namespace (veth unavailable)', bin: '' };
  }
  let found;
  try {
    found = findLiveKitServer();
  } catch (err) {
    return { ok: false, reason: (err as Error).message, bin: '' };
  }
  if (!found) return { ok: false, reason: 'no LiveKit server binary (run: node scripts/livekit-server.mjs)', bin: '' };
  if (browser && !existsSync(CHROMIUM)) return { ok: false, reason: `no Chromium at ${CHROMIUM}`, bin: found.path };
  return { ok: true, reason: '', bin: found.path };
}

/**
 * `describe` for tests that need the real server: runs them, or skips them loudly (fails under
 * PEEGEL_REQUIRE_MEDIA=1).
 */
export function describeMedia(name: string, env: MediaEnv, body: () => void): void {
  if (env.ok) {
    describe(name, body);
    return;
  }
  const message = `REAL-MEDIA TESTS SKIPPED (${name}): ${env.reason}`;
  console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n`);
  if (process.env.PEEGEL_REQUIRE_MEDIA === '1') {
    describe(name, () => {
      it('can run (PEEGEL_REQUIRE_MEDIA=1)', () => {
        throw new Error(message);
      });
    });
  } else {
    describe.skip(name, body);
  }
}

async function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4').once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A LiveKit base port whose UDP ports (+2 media, +3 to +23 TURN) are free too. 7880 stays free
 * for the tests of the no-server path.
 */
export async function freeLiveKitPort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (!(await tcpFree(port))) continue;
    let free = true;
    for (let p = port + 2; p <= port + 23 && free; p++) free = await udpFree(p);
    if (free) return port;
  }
  throw new Error('no free port for LiveKit');
}

/** The whole product with a real LiveKit server beside it, on loopback. */
export async function startMediaProduct(
  env: MediaEnv,
  options: Parameters<typeof startProduct>[0] = {},
): Promise<LocalServer> {
  // PEEGEL_MEDIA_DEBUG=1 keeps the LiveKit server's config and log in artifacts/livekit-<port>.
  const port = await freeLiveKitPort();
  const logDir = process.env.PEEGEL_MEDIA_DEBUG ? `artifacts/livekit-${port}` : undefined;
  return startProduct({ ...options, livekitServer: { bin: env.bin, port, logDir } });
}
