import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cachedBinary,
  ensureLiveKitServer,
  findLiveKitServer,
  LIVEKIT_MODULE,
  LIVEKIT_VERSION,
} from '../../scripts/livekit-server.mjs';
import { liveKitConfig, localLiveKitKeys } from './livekit-local';

describe('the local LiveKit server config', () => {
  const config = liveKitConfig({
    keys: { apiKey: 'k', apiSecret: 's' },
    port: 7880,
    rtcUdpPort: 7882,
    turnUdpPort: 7883,
    webhookUrl: 'http://127.0.0.1:8787/api/livekit/webhook',
  });

  it('binds and advertises loopback only, with no public STUN handed to clients', () => {
    expect(config.bind_addresses).toEqual(['127.0.0.1']);
    expect(config.rtc).toMatchObject({
      node_ip: '127.0.0.1',
      use_external_ip: false,
      enable_loopback_candidate: true,
      ips: { includes: ['127.0.0.1/32'] },
      // LiveKit binds ICE/TCP on every interface: off.
      tcp_port: 0,
      udp_port: 7882,
    });
    // An enabled TURN server is what stops LiveKit from handing out Google's and Twilio's STUN.
    expect(config.turn).toMatchObject({ enabled: true, udp_port: 7883, bind_addresses: ['127.0.0.1'] });
    expect(JSON.stringify(config)).not.toMatch(/stun\.|google|twilio/i);
  });

  it('posts webhooks to the local API, signed with its own key', () => {
    expect(config.keys).toEqual({ k: 's' });
    expect(config.webhook).toEqual({ api_key: 'k', urls: ['http://127.0.0.1:8787/api/livekit/webhook'] });
  });
});

describe('local LiveKit keys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'peegel-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are generated once under DATA_DIR, private to the owner, and never the public dev pair', () => {
    const first = localLiveKitKeys(dir);
    expect(first.apiKey).not.toBe('devkey');
    expect(first.apiSecret).not.toBe('secret');
    expect(first.apiSecret.length).toBeGreaterThanOrEqual(32);
    expect(localLiveKitKeys(dir)).toEqual(first);
    expect(statSync(join(dir, 'livekit-keys.json')).mode & 0o777).toBe(0o600);
    expect(localLiveKitKeys().apiSecret).not.toBe(localLiveKitKeys().apiSecret);
  });
});

describe('finding or building the LiveKit server (scripts/livekit-server.mjs)', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'peegel-lk-'));
    mkdirSync(join(dir, 'bin'));
    process.env.XDG_CACHE_HOME = join(dir, 'cache');
    process.env.PATH = join(dir, 'bin');
    delete process.env.LIVEKIT_SERVER_BIN;
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  function executable(path: string, body = '#!/bin/sh\nexit 0\n') {
    writeFileSync(path, body);
    chmodSync(path, 0o755);
    return path;
  }

  /** A stand-in `go` on PATH: reports a version and "builds" by writing $GOBIN/server. */
  function fakeGo(version: string, build: 'ok' | 'fail') {
    const install =
      build === 'ok'
        ? `echo "$@" > "$XDG_CACHE_HOME/go-args"; printf 'binary' > "$GOBIN/server"; /bin/chmod +x "$GOBIN/server"`
        : `echo "go: github.com/example@v1: some build error" >&2; exit 1`;
    executable(
      join(dir, 'bin', 'go'),
      `#!/bin/sh\nif [ "$1" = env ]; then echo ${version}; exit 0; fi\nif [ "$1" = install ]; then ${install}; fi\n`,
    );
  }

  it('prefers LIVEKIT_SERVER_BIN, then PATH, then the cache', () => {
    const cached = cachedBinary();
    mkdirSync(join(cached, '..'), { recursive: true });
    executable(cached);
    expect(findLiveKitServer()).toEqual({ path: cached, source: 'cache' });

    const onPath = executable(join(dir, 'bin', 'livekit-server'));
    expect(findLiveKitServer()).toEqual({ path: onPath, source: 'PATH' });

    process.env.LIVEKIT_SERVER_BIN = executable(join(dir, 'mine'));
    expect(findLiveKitServer()).toEqual({ path: join(dir, 'mine'), source: 'LIVEKIT_SERVER_BIN' });

    process.env.LIVEKIT_SERVER_BIN = join(dir, 'missing');
    expect(() => findLiveKitServer()).toThrow(/not an executable/);
  });

  it('builds the pinned version once with go install into the cache', async () => {
    fakeGo('go1.26.8', 'ok');
    const lines: string[] = [];
    const result = await ensureLiveKitServer({ log: (l) => lines.push(l) });
    expect(result).toEqual({ path: cachedBinary(), source: 'built' });
    expect(readFileSync(cachedBinary(), 'utf8')).toBe('binary');
    expect(lines[0]).toMatch(/Building the LiveKit server v\d+\.\d+\.\d+ with Go, once/);
    expect(readFileSync(join(dir, 'cache', 'go-args'), 'utf8').trim()).toBe(`install ${LIVEKIT_MODULE}@${LIVEKIT_VERSION}`);
    // The next run finds it without building.
    expect(findLiveKitServer()).toEqual({ path: cachedBinary(), source: 'cache' });
  });

  it("shows the build's own error and leaves no half-built binary", async () => {
    fakeGo('go1.26.8', 'fail');
    await expect(ensureLiveKitServer({ log: () => undefined })).rejects.toThrow(
      new RegExp(`go install ${LIVEKIT_MODULE.replace(/\//g, '\\/')}@${LIVEKIT_VERSION} failed[\\s\\S]*some build error`),
    );
    expect(findLiveKitServer()).toBeUndefined();
  });

  it('explains what to install when there is neither a server nor a recent Go', async () => {
    const none = await ensureLiveKitServer({ log: () => undefined });
    expect(none).toMatchObject({ missing: expect.stringMatching(/Go is not installed[\s\S]*LIVEKIT_URL/) });
    fakeGo('go1.22.1', 'ok');
    const old = await ensureLiveKitServer({ log: () => undefined });
    expect(old).toMatchObject({ missing: expect.stringMatching(/Go 1\.22 is installed, but .* needs Go 1\.26/) });
    expect(findLiveKitServer()).toBeUndefined();
  });
});
