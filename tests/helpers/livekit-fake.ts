/**
 * A stand-in for LiveKit's RoomService: a node:http server on 127.0.0.1 that answers the Twirp
 * JSON routes (`POST /twirp/livekit.RoomService/<Method>`) and records each call — method, body
 * and whether its Authorization JWT verifies with the API secret — so tests can point the real
 * `RoomServiceClient` at it and assert the exact calls. Modes: `ok`, `error` (HTTP 500) and
 * `hang` (never answers).
 *
 * Also `startLiveSession()`: the test API wired to this fake, a therapist and a booked couple.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { createLiveKitRooms } from '../../functions/livekit/adapter';
import { bookPublic, inviteTokens, setUpTherapist, startTestApi, type TestApi } from './api';

export const LIVEKIT_KEY = 'devkey';
export const LIVEKIT_SECRET = 'secret-secret-secret-secret-secret-1';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** The raw request body, for "this text never appears" checks. */
  raw: string;
  authorized: boolean;
  grants?: ClaimGrants['video'];
}

export interface FakeTrack {
  sid: string;
  type: 'AUDIO' | 'VIDEO';
  source: 'MICROPHONE' | 'CAMERA';
  muted?: boolean;
}

export interface LiveKitFake {
  url: string;
  mode: 'ok' | 'error' | 'hang';
  calls: RecordedCall[];
  /** Participants GetParticipant knows, by identity; anyone else is `not_found`. */
  participants: Map<string, { tracks: FakeTrack[] }>;
  callsTo(method: string): RecordedCall[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const notFound = (res: ServerResponse, msg: string) => send(res, 404, { code: 'not_found', msg });

export async function startLiveKitFake(): Promise<LiveKitFake> {
  const verifier = new TokenVerifier(LIVEKIT_KEY, LIVEKIT_SECRET);
  const sockets = new Set<Socket>();
  const fake: LiveKitFake = {
    url: '',
    mode: 'ok',
    calls: [],
    participants: new Map(),
    callsTo: (method) => fake.calls.filter((c) => c.method === method),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };

  const server: Server = createServer(async (req, res) => {
    const match = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(req.url ?? '');
    const raw = await readBody(req);
    if (req.method !== 'POST' || !match) return notFound(res, 'no such route');
    const method = match[1]!;
    let grants: ClaimGrants['video'];
    let authorized = false;
    try {
      const claims = await verifier.verify((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      grants = claims.video;
      authorized = true;
    } catch {
      authorized = false;
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    fake.calls.push({ method, body, raw, authorized, grants });

    if (fake.mode === 'hang') return; // never answers
    if (fake.mode === 'error') return send(res, 500, { code: 'internal', msg: 'fake failure' });
    if (!authorized) return send(res, 401, { code: 'unauthenticated', msg: 'bad token' });

    const room = String(body.room ?? body.name ?? '');
    switch (method) {
      case 'CreateRoom':
        return send(res, 200, { sid: 'RM_fake', name: room, maxParticipants: body.maxParticipants ?? 0 });
      case 'UpdateRoomMetadata':
        return send(res, 200, { sid: 'RM_fake', name: room, metadata: body.metadata ?? '' });
      case 'DeleteRoom':
        return send(res, 200, {});
      case 'RemoveParticipant': {
        const identity = String(body.identity);
        if (!fake.participants.delete(identity)) return notFound(res, 'participant not found');
        return send(res, 200, {});
      }
      case 'GetParticipant': {
        const p = fake.participants.get(String(body.identity));
        if (!p) return notFound(res, 'participant not found');
        return send(res, 200, { sid: 'PA_fake', identity: body.identity, state: 'ACTIVE', tracks: p.tracks });
      }
      case 'MutePublishedTrack': {
        const p = fake.participants.get(String(body.identity));
        const track = p?.tracks.find((t) => t.sid === body.trackSid);
        if (!track) return notFound(res, 'track not found');
        track.muted = Boolean(body.muted);
        return send(res, 200, { track });
      }
      default:
        return send(res, 200, {});
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

export interface LiveSession {
  api: TestApi;
  fake: LiveKitFake;
  therapist: { cookie: string; slug: string; id: string };
  bookingId: string;
  start: string;
  end: string;
  /** Invite tokens: Ann sits at seat A, Ben at seat B. */
  tokens: { A: string; B: string };
  close(): Promise<void>;
}

/** RoomService calls time out after this long in tests. */
export const TEST_LIVEKIT_TIMEOUT_MS = 1000;

/**
 * The test API wired to a fresh LiveKit fake, a therapist and one booked couple; the clock is
 * moved to five minutes before the session starts (inside the join window).
 */
export async function startLiveSession(
  options: { email?: string; timeoutMs?: number } = {},
): Promise<LiveSession> {
  const fake = await startLiveKitFake();
  const api = await startTestApi({
    livekitConfig: { url: fake.url, apiKey: LIVEKIT_KEY, apiSecret: LIVEKIT_SECRET },
    livekit: (config) => createLiveKitRooms(config, { timeoutMs: options.timeoutMs ?? TEST_LIVEKIT_TIMEOUT_MS }),
  });
  const therapist = await setUpTherapist(api, options.email ?? 'mari@example.com');
  const booking = await bookSlot(api, therapist.slug);
  api.clock.now = new Date(Date.parse(booking.start) - 5 * 60 * 1000);
  return {
    api,
    fake,
    therapist,
    ...booking,
    close: async () => {
      await api.close();
      await fake.close();
    },
  };
}

/** Books the first free slot of `slug` for Ann and Ben; returns the booking and both tokens. */
export async function bookSlot(api: TestApi, slug: string, index = 0) {
  const slots = await api.request(`/api/therapists/${slug}/slots`);
  const { slots: list } = (await slots.json()) as { slots: { start: string; end: string }[] };
  const slot = list[index];
  if (!slot) throw new Error('no free slot');
  const before = { A: inviteTokens(api, 'ann@example.com').length, B: inviteTokens(api, 'ben@example.com').length };
  const { res, body } = await bookPublic(api, slug, slot.start);
  if (res.status !== 201) throw new Error(`booking: ${res.status}`);
  const A = inviteTokens(api, 'ann@example.com').slice(before.A)[0];
  const B = inviteTokens(api, 'ben@example.com').slice(before.B)[0];
  if (!A || !B) throw new Error('invite tokens not found in the outbox');
  return { bookingId: body.booking.id, start: body.booking.start, end: body.booking.end, tokens: { A, B } };
}
