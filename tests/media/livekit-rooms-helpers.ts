/**
 * Helpers for the server-side real-media test (livekit-rooms.test.ts): drive the product's API
 * over HTTP as the therapist (session cookie, Origin) and as the partners (invite tokens), and
 * join LiveKit rooms with @livekit/rtc-node — every wait bounded.
 */
import { Room, RoomEvent } from '@livekit/rtc-node';
import type { LocalServer } from '../../functions/local/app-server';

/** Polls `probe` every 50 ms until it returns something other than undefined/false. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How a promise ends within `ms`: resolved, rejected (with the error's message) or still pending. */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<
  | { outcome: 'resolved'; value: T }
  | { outcome: 'rejected'; error: string }
  | { outcome: 'pending' }
> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<{ outcome: 'pending' }>((r) => {
    timer = setTimeout(() => r({ outcome: 'pending' }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ outcome: 'resolved' as const, value }),
        (err: unknown) => ({
          outcome: 'rejected' as const,
          error: err instanceof Error ? err.message : String(err),
        }),
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** The product's API over HTTP, as a therapist (cookie) or a partner (bearer token). */
export class ProductApi {
  constructor(readonly server: LocalServer) {}

  async request<T = unknown>(
    method: string,
    path: string,
    auth: { cookie?: string; bearer?: string } = {},
    json?: unknown,
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Origin: this.server.url };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.server.url}${path}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: body as T };
  }

  /** Signs the seeded demo therapist in through the sign-in link; returns cookie and id. */
  async signInTherapist(): Promise<{ cookie: string; id: string; displayName: string }> {
    const link = this.server.signInLink;
    if (!link) throw new Error('the product seeded no sign-in link');
    const token = new URL(link).hash.slice('#token='.length);
    const res = await fetch(`${this.server.url}/api/auth/verify`, {
      method: 'POST',
      headers: { Origin: this.server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) throw new Error(`sign-in verify: ${res.status}`);
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error('sign-in verify set no cookie');
    const me = await this.request<{ therapist: { id: string; displayName: string } }>(
      'GET',
      '/api/me',
      { cookie },
    );
    if (me.status !== 200) throw new Error(`GET /api/me: ${me.status}`);
    return { cookie, id: me.body.therapist.id, displayName: me.body.therapist.displayName };
  }

  /** The invite token in the newest `/manage#token=` link sent to `email`. */
  inviteToken(email: string): string {
    const link = this.server.mailer.messages
      .filter((m) => m.to === email)
      .flatMap((m) => m.links)
      .reverse()
      .find((l) => l.includes('/manage#token='));
    if (!link) throw new Error('no manage link in the outbox for a partner');
    return new URL(link).hash.slice('#token='.length);
  }
}

/** Everything one rtc-node Room saw, for assertions after the fact. */
export interface RoomLog {
  metadata: string[];
  data: { from: string | undefined; topic: string | undefined; bytes: number }[];
  text: { from: string; topic: string }[];
  nameChanges: { identity: string; name: string }[];
  metadataChanges: { identity: string; metadata: string | undefined }[];
  attributeChanges: { identity: string; changed: Record<string, string> }[];
  disconnects: string[];
}

export interface Joined {
  room: Room;
  log: RoomLog;
}

/**
 * A Room with its listeners registered before `connect()` (TECH-NOTES), connected within
 * `timeoutMs`. The text-stream handlers listen on `topics`.
 */
export async function joinRoom(
  url: string,
  token: string,
  topics: string[] = [],
  timeoutMs = 15_000,
): Promise<Joined> {
  const room = new Room();
  const log: RoomLog = {
    metadata: [],
    data: [],
    text: [],
    nameChanges: [],
    metadataChanges: [],
    attributeChanges: [],
    disconnects: [],
  };
  room.on(RoomEvent.RoomMetadataChanged, (metadata) => log.metadata.push(metadata));
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) =>
    log.data.push({ from: participant?.identity, topic, bytes: payload.byteLength }),
  );
  room.on(RoomEvent.ParticipantNameChanged, (name, p) =>
    log.nameChanges.push({ identity: p.identity, name }),
  );
  room.on(RoomEvent.ParticipantMetadataChanged, (metadata, p) =>
    log.metadataChanges.push({ identity: p.identity, metadata }),
  );
  room.on(RoomEvent.ParticipantAttributesChanged, (changed, p) =>
    log.attributeChanges.push({ identity: p.identity, changed }),
  );
  room.on(RoomEvent.ParticipantDisconnected, (p) => log.disconnects.push(p.identity));
  for (const topic of topics) {
    room.registerTextStreamHandler(topic, (_reader, info) => {
      log.text.push({ from: info.identity, topic });
    });
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      room.connect(url, token, { autoSubscribe: true, dynacast: false }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`connect did not finish within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    await room.disconnect().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  // The metadata at connect time, which RoomMetadataChanged does not report.
  log.metadata.unshift(room.metadata ?? '');
  return { room, log };
}

/** Disconnects, bounded: a hung native disconnect must not hold up the rest of the cleanup. */
export async function leaveRoom(room: Room | undefined, timeoutMs = 5_000): Promise<void> {
  if (!room) return;
  await settleWithin(room.disconnect(), timeoutMs);
}
