/**
 * The one module that talks to LiveKit's server API (RoomService over Twirp) and mints access
 * tokens. Nothing else imports the SDK's room service.
 *
 * Every RoomService call has a short timeout and no region failover: a slow or absent LiveKit
 * must never hold an API request for long. Failures surface as `LiveKitUnreachable` (transport
 * error, timeout, 5xx) — callers record their own state first and report the outcome.
 */
import {
  AccessToken,
  RoomConfiguration,
  RoomServiceClient,
  ServerError,
  TrackSource,
  TrackType,
  type VideoGrant,
} from 'livekit-server-sdk';
import { log } from '../platform/log';

/** Room options that travel in every join token's `roomConfig` and in `createRoom`. */
export interface RoomOptions {
  maxParticipants: number;
  /** Seconds a room stays open before anyone joins. */
  emptyTimeout: number;
  /** Seconds a room stays open after the last participant leaves. */
  departureTimeout: number;
}

export interface MintOptions {
  room: string;
  identity: string;
  name: string;
  attributes: Record<string, string>;
  ttlSeconds: number;
  grant: VideoGrant;
  /** Options for a room that LiveKit auto-creates on the first join. */
  roomOptions?: RoomOptions;
  /** Initial metadata of such a room (ids only). */
  roomMetadata?: string;
}

/** LiveKit's API did not answer in time, refused the connection or failed with a 5xx. */
export class LiveKitUnreachable extends Error {
  constructor(
    readonly operation: string,
    readonly causeName: string,
  ) {
    super(`LiveKit ${operation} failed (${causeName})`);
    this.name = 'LiveKitUnreachable';
  }
}

export type MuteOutcome = 'muted' | 'not_in_room' | 'no_microphone';

export interface LiveKitRooms {
  /** The URL clients connect to (ws:// or wss://). */
  readonly url: string;
  /** Signs a join token locally; never calls LiveKit. */
  mintToken(options: MintOptions): Promise<string>;
  /**
   * Creates the room with these options and initial metadata (ids only); a no-op on LiveKit's
   * side if it exists.
   */
  createRoom(room: string, options: RoomOptions, metadata?: string): Promise<void>;
  /** Sets the room metadata; a room that does not exist yet is not an error. */
  setRoomMetadata(room: string, metadata: string): Promise<void>;
  /**
   * Disconnects a participant and invalidates their tokens issued before `revokeBefore`.
   * Returns false when the participant (or room) is not there.
   */
  removeParticipant(room: string, identity: string, revokeBefore: Date): Promise<boolean>;
  /** Mutes the participant's published microphone track. */
  muteMicrophone(room: string, identity: string): Promise<MuteOutcome>;
  /** Closes the room for everyone. Returns false when there was no such room. */
  deleteRoom(room: string): Promise<boolean>;
}

export interface LiveKitAdapterOptions {
  /** Per-call timeout for RoomService requests. Default 1500 ms. */
  timeoutMs?: number;
}

function isNotFound(err: unknown): boolean {
  return err instanceof ServerError && (err.status === 404 || err.code === 'not_found');
}

/**
 * Builds the adapter over the SDK.
 *
 * @example
 * const rooms = createLiveKitRooms({ url: 'ws://localhost:7880', apiKey: 'devkey', apiSecret: 'secret' });
 * const jwt = await rooms.mintToken({ room: id, identity: 'therapist:t1', name: 'Mari', ... });
 */
export function createLiveKitRooms(
  config: { url: string; apiKey: string; apiSecret: string },
  options: LiveKitAdapterOptions = {},
): LiveKitRooms {
  const timeoutMs = options.timeoutMs ?? 1500;
  const client = new RoomServiceClient(config.url, config.apiKey, config.apiSecret, {
    requestTimeout: timeoutMs / 1000,
    failover: false,
  });

  /** Runs one RoomService call; maps transport failures to `LiveKitUnreachable`. */
  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    // A second guard next to the SDK's AbortSignal, in case a call hangs outside fetch.
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LiveKitUnreachable(operation, 'Timeout')), timeoutMs + 250);
    });
    try {
      return await Promise.race([fn(), guard]);
    } catch (err) {
      if (err instanceof LiveKitUnreachable) throw err;
      if (err instanceof ServerError && err.status < 500) throw err;
      const name = err instanceof Error ? err.name : 'Error';
      throw new LiveKitUnreachable(operation, name);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    url: config.url,

    async mintToken(o) {
      const at = new AccessToken(config.apiKey, config.apiSecret, {
        identity: o.identity,
        name: o.name,
        ttl: o.ttlSeconds,
        attributes: o.attributes,
      });
      at.addGrant(o.grant);
      if (o.roomOptions) {
        at.roomConfig = new RoomConfiguration({ ...o.roomOptions, metadata: o.roomMetadata ?? '' });
      }
      return at.toJwt();
    },

    async createRoom(room, o, metadata) {
      await call('createRoom', () => client.createRoom({ name: room, ...o, ...(metadata ? { metadata } : {}) }));
    },

    async setRoomMetadata(room, metadata) {
      try {
        await call('updateRoomMetadata', () => client.updateRoomMetadata(room, metadata));
      } catch (err) {
        // No room yet: nobody is connected; joiners get the overlay in the join response.
        if (isNotFound(err)) return;
        throw err;
      }
    },

    async removeParticipant(room, identity, revokeBefore) {
      const revokeTokenTs = BigInt(Math.floor(revokeBefore.getTime() / 1000));
      try {
        await call('removeParticipant', () => client.removeParticipant(room, identity, { revokeTokenTs }));
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },

    async muteMicrophone(room, identity) {
      let participant;
      try {
        participant = await call('getParticipant', () => client.getParticipant(room, identity));
      } catch (err) {
        if (isNotFound(err)) return 'not_in_room';
        throw err;
      }
      const mic =
        participant.tracks.find((t) => t.source === TrackSource.MICROPHONE) ??
        participant.tracks.find((t) => t.type === TrackType.AUDIO);
      if (!mic) return 'no_microphone';
      try {
        await call('mutePublishedTrack', () => client.mutePublishedTrack(room, identity, mic.sid, true));
      } catch (err) {
        if (isNotFound(err)) return 'not_in_room';
        throw err;
      }
      return 'muted';
    },

    async deleteRoom(room) {
      try {
        await call('deleteRoom', () => client.deleteRoom(room));
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
  };
}

/**
 * Runs a LiveKit call whose failure must not fail the request: logs the error by name and
 * returns `'unreachable'` (or `'ok'` with the result).
 *
 * @example const { livekit } = await bestEffort('deleteRoom', id, () => rooms.deleteRoom(id));
 */
export async function bestEffort<T>(
  operation: string,
  sessionId: string,
  fn: () => Promise<T>,
): Promise<{ livekit: 'ok'; result: T } | { livekit: 'unreachable'; result?: undefined }> {
  try {
    return { livekit: 'ok', result: await fn() };
  } catch (err) {
    const name = err instanceof LiveKitUnreachable ? err.causeName : err instanceof Error ? err.name : 'Error';
    const status = err instanceof ServerError ? err.status : undefined;
    log.warn('livekit_call_failed', { operation, sessionId, error: name, status });
    return { livekit: 'unreachable' };
  }
}
