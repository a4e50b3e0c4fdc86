/**
 * A small runes wrapper around a livekit-client `Room`: connects with a deadline, publishes the
 * pre-join tracks, and exposes the remote participants, their tracks, speaking and connection
 * quality as reactive snapshots. Room metadata, active speakers and the connection state are
 * handed to the caller's managers through callbacks. Handlers are registered before `connect`.
 */
import type {
  ConnectionQuality,
  DisconnectReason,
  LocalAudioTrack,
  LocalVideoTrack,
  Participant,
  RemoteAudioTrack,
  RemoteVideoTrack,
  Room,
} from 'livekit-client';
import type { Seat } from '../../../../shared/schemas';
import type { SessionKey } from '../../../../shared/session-types';
import { parseIdentity } from '../../../../shared/session-identity';
import type { Role } from '../../../../shared/session-types';
import { loadLiveKit, type LiveKit } from './livekit';
import E2EEWorker from 'livekit-client/e2ee-worker?worker';

export type VideoStatus =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  /** No LiveKit server answered within the deadline. */
  | 'unreachable'
  /** This browser cannot encrypt end to end; the session is not joined unencrypted. */
  | 'unsupported'
  | 'disconnected';

/** Why the room closed on us, when it was not our own `leave`. */
export type RoomClosed = 'removed' | 'ended' | 'duplicate' | 'lost';

export type Quality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

export interface RemoteSnapshot {
  identity: string;
  name: string;
  role: Role | null;
  seat: Seat | null;
  together: boolean;
  quality: Quality;
  speaking: boolean;
  micOn: boolean;
  cameraOn: boolean;
  video: RemoteVideoTrack | null;
  audio: RemoteAudioTrack | null;
}

export interface LiveRoomCallbacks {
  /** `room.metadata` right after connecting, and each `RoomMetadataChanged`. */
  onMetadata(metadata: string | undefined): void;
  /** `ActiveSpeakersChanged`, as identities. */
  onActiveSpeakers(identities: string[], at: number): void;
  /** True once connected, false whenever not (also while reconnecting). */
  onConnectionChange(connected: boolean): void;
  /** The server closed the room on us, or the connection dropped (`lost`: status `unreachable`). */
  onClosed(reason: RoomClosed): void;
  /** A frame could not be decrypted: a newer key may exist (a send-back rotated it). */
  onEncryptionError(): void;
}

/** Keys kept at once (livekit-client's keyring size): old frames still decrypt after a rotation. */
const KEYRING_SIZE = 16;

/**
 * The session key as livekit-client's key provider: one shared key, set under its index so a
 * rotation keeps the previous key for frames still in flight. The string form derives the
 * AES key with PBKDF2, which every LiveKit SDK supports.
 */
function sessionKeyProvider(lk: LiveKit) {
  return new (class extends lk.ExternalE2EEKeyProvider {
    current = 0;
    async use(key: SessionKey): Promise<void> {
      if (key.index <= this.current) return;
      this.current = key.index;
      // Key 1 in slot 0, key 2 in slot 1, …: the ring wraps after KEYRING_SIZE rotations.
      this.onSetEncryptionKey(await lk.createKeyMaterialFromString(key.key), undefined, (key.index - 1) % KEYRING_SIZE);
    }
  })({ keyringSize: KEYRING_SIZE });
}

export interface LiveRoomState {
  status: VideoStatus;
  /** The other participants, as snapshots replaced on every change. */
  remotes: RemoteSnapshot[];
  localQuality: Quality;
  localSpeaking: boolean;
  /** The browser blocked audio playback until a click (`startAudio`). */
  audioBlocked: boolean;
  /** Short technical reason of the last failed connect, for the help text. */
  failure: string | null;
  /** Media is end-to-end encrypted in the current room. */
  encrypted: boolean;
  /** The session runs without end-to-end encryption (the therapist's setting). */
  unencrypted: boolean;
}

const IDLE: LiveRoomState = {
  status: 'idle',
  remotes: [],
  localQuality: 'unknown',
  localSpeaking: false,
  audioBlocked: false,
  failure: null,
  encrypted: false,
  unencrypted: false,
};

/** How long a first connection may take before the video service counts as unreachable. */
export const CONNECT_DEADLINE_MS = 8000;

export class LiveRoom {
  #state = $state.raw<LiveRoomState>(IDLE);

  /** The connection, the others and this device's place in the room, as one snapshot. */
  get state(): Readonly<LiveRoomState> {
    return this.#state;
  }

  #set(patch: Partial<LiveRoomState>): void {
    this.#state = { ...this.#state, ...patch };
  }

  private room: Room | null = null;
  private leaving = false;
  private keys: ReturnType<typeof sessionKeyProvider> | null = null;
  /** The current room's E2EE worker: ours to end (livekit-client leaves it running). */
  private worker: Worker | null = null;
  /** A worker started ahead (pre-join, waiting room), so joining does not wait for it. */
  private spare: Worker | null = null;

  /** Starts the E2EE worker ahead of joining (it downloads and compiles ~100 KB). */
  warmUp(): void {
    this.spare ??= new E2EEWorker();
  }

  constructor(private readonly callbacks: LiveRoomCallbacks) {}

  /**
   * Connects and publishes the given local tracks. Resolves true when connected, false when the
   * service did not answer within `CONNECT_DEADLINE_MS` (status `unreachable`).
   */
  async connect(
    url: string,
    token: string,
    tracks: { video: LocalVideoTrack | null; audio: LocalAudioTrack | null },
    /** The session key; null when the therapist turned end-to-end encryption off. */
    key: SessionKey | null,
  ): Promise<boolean> {
    await this.close();
    this.leaving = false;
    this.#set({ status: 'connecting', failure: null });
    const lk = await loadLiveKit();
    const { RoomEvent, ConnectionState } = lk;
    // An encrypted session is never joined without encryption: a browser that cannot is told so.
    if (key && !lk.isE2EESupported()) {
      this.#set({ status: 'unsupported' });
      return false;
    }
    const keys = key ? sessionKeyProvider(lk) : null;
    if (keys && key) await keys.use(key);
    this.keys = keys;
    const room = new lk.Room({
      adaptiveStream: true,
      dynacast: true,
      disconnectOnPageLeave: true,
      // The worker comes from our own origin (a Vite asset), so the CSP needs nothing new.
      ...(keys ? { encryption: { keyProvider: keys, worker: this.takeWorker() } } : {}),
    });
    this.room = room;
    this.#set({ unencrypted: !keys });
    if (keys) await room.setE2EEEnabled(true);
    const refresh = () => this.room === room && this.snapshot(room);

    room
      .on(RoomEvent.ConnectionStateChanged, (state) => {
        if (this.room !== room) return;
        if (state === ConnectionState.Connected) this.#set({ status: 'connected' });
        else if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting) {
          this.#set({ status: 'reconnecting' });
        }
        this.callbacks.onConnectionChange(state === ConnectionState.Connected);
      })
      .on(RoomEvent.RoomMetadataChanged, (metadata) => {
        if (this.room === room) this.callbacks.onMetadata(metadata);
      })
      .on(RoomEvent.ActiveSpeakersChanged, (speakers: Participant[]) => {
        if (this.room !== room) return;
        this.callbacks.onActiveSpeakers(
          speakers.map((p) => p.identity),
          Date.now(),
        );
        this.#set({ localSpeaking: speakers.some((p) => p.isLocal) });
        refresh();
      })
      .on(RoomEvent.ConnectionQualityChanged, (quality: ConnectionQuality, participant: Participant) => {
        if (this.room !== room) return;
        if (participant.isLocal) this.#set({ localQuality: quality as Quality });
        else refresh();
      })
      .on(RoomEvent.ParticipantConnected, refresh)
      .on(RoomEvent.ParticipantDisconnected, refresh)
      .on(RoomEvent.ParticipantNameChanged, refresh)
      .on(RoomEvent.ParticipantAttributesChanged, refresh)
      .on(RoomEvent.TrackSubscribed, refresh)
      .on(RoomEvent.TrackUnsubscribed, refresh)
      .on(RoomEvent.TrackMuted, refresh)
      .on(RoomEvent.TrackUnmuted, refresh)
      .on(RoomEvent.TrackPublished, refresh)
      .on(RoomEvent.TrackUnpublished, refresh)
      .on(RoomEvent.EncryptionError, () => {
        if (this.room === room) this.callbacks.onEncryptionError();
      })
      .on(RoomEvent.ParticipantEncryptionStatusChanged, (enabled: boolean, participant?: Participant) => {
        if (this.room === room && participant?.isLocal) this.#set({ encrypted: enabled });
      })
      .on(RoomEvent.AudioPlaybackStatusChanged, () => {
        if (this.room === room) this.#set({ audioBlocked: !room.canPlaybackAudio });
      })
      .on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
        if (this.room !== room) return;
        const closed = this.leaving ? null : closedReason(lk.DisconnectReason, reason);
        // A connection that dropped for good counts as unreachable: the page offers a retry.
        this.#set({ status: closed === 'lost' ? 'unreachable' : 'disconnected', remotes: [] });
        this.callbacks.onConnectionChange(false);
        if (closed) this.callbacks.onClosed(closed);
      });

    let deadline: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        room.connect(url, token, {
          maxRetries: 1,
          websocketTimeout: CONNECT_DEADLINE_MS,
          peerConnectionTimeout: CONNECT_DEADLINE_MS,
        }),
        new Promise<never>((_, reject) => {
          deadline = setTimeout(() => reject(new Error('Timeout')), CONNECT_DEADLINE_MS);
        }),
      ]);
    } catch (error) {
      if (this.room === room) {
        this.room = null;
        this.leaving = true;
        const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.#set({ status: 'unreachable', failure });
        this.callbacks.onConnectionChange(false);
      }
      void room.disconnect().catch(() => undefined);
      return false;
    } finally {
      clearTimeout(deadline);
    }
    if (this.room !== room) return false;

    this.#set({ status: 'connected' });
    this.callbacks.onConnectionChange(true);
    this.callbacks.onMetadata(room.metadata);
    this.#set({ audioBlocked: !room.canPlaybackAudio });
    this.snapshot(room);
    await Promise.all(
      [tracks.video, tracks.audio].map((track) =>
        track
          ? room.localParticipant.publishTrack(track).catch((error: unknown) => {
              // Others see this tile without that track; the toggles still work locally.
              console.warn(`publishing the ${track.kind} track failed:`, error instanceof Error ? error.message : error);
            })
          : undefined,
      ),
    );
    return true;
  }

  private takeWorker(): Worker {
    const worker = this.spare ?? new E2EEWorker();
    this.spare = null;
    this.worker = worker;
    return worker;
  }

  /** Ends everything, the spare worker too (the page is going away). */
  dispose(): void {
    void this.close();
    this.spare?.terminate();
    this.spare = null;
  }

  /** Switches to a newer session key (after a rotation); older ones stay for frames in flight. */
  async setKey(key: SessionKey): Promise<void> {
    await this.keys?.use(key);
  }

  /** The index of the key this room encrypts with (0 when not connected). */
  get keyIndex(): number {
    return this.keys?.current ?? 0;
  }

  /** Starts audio after a click, when the browser blocked autoplay. */
  async startAudio(): Promise<void> {
    await this.room?.startAudio();
    this.#set({ audioBlocked: this.room ? !this.room.canPlaybackAudio : false });
  }

  /**
   * Leaves the room (our own choice: no `onClosed`) and goes back to `idle`. Local tracks are
   * left to their owner.
   */
  async close(): Promise<void> {
    const room = this.room;
    this.room = null;
    this.leaving = true;
    this.keys = null;
    this.#set({ remotes: [], encrypted: false, unencrypted: false, status: 'idle' });
    const worker = this.worker;
    this.worker = null;
    if (room) await room.disconnect(false).catch(() => undefined);
    worker?.terminate();
  }

  private snapshot(room: Room): void {
    const list: RemoteSnapshot[] = [];
    for (const p of room.remoteParticipants.values()) {
      const parsed = parseIdentity(p.identity, p.attributes);
      let video: RemoteVideoTrack | null = null;
      let audio: RemoteAudioTrack | null = null;
      let cameraOn = false;
      let micOn = false;
      for (const pub of p.trackPublications.values()) {
        if (pub.kind === 'video' && pub.source !== 'screen_share') {
          cameraOn = !pub.isMuted;
          video = (pub.track as RemoteVideoTrack | undefined) ?? null;
        } else if (pub.kind === 'audio' && pub.source !== 'screen_share_audio') {
          micOn = !pub.isMuted;
          audio = (pub.track as RemoteAudioTrack | undefined) ?? null;
        }
      }
      list.push({
        identity: p.identity,
        name: p.name || p.identity,
        role: parsed?.role ?? null,
        seat: parsed?.seat ?? null,
        together: p.attributes.together === 'true',
        quality: p.connectionQuality as Quality,
        speaking: p.isSpeaking,
        micOn,
        cameraOn,
        video,
        audio,
      });
    }
    this.#set({ remotes: list });
  }
}

function closedReason(
  reasons: typeof import('livekit-client').DisconnectReason,
  reason: DisconnectReason | undefined,
): RoomClosed {
  switch (reason) {
    case reasons.PARTICIPANT_REMOVED:
      return 'removed';
    case reasons.ROOM_DELETED:
    case reasons.ROOM_CLOSED:
      return 'ended';
    case reasons.DUPLICATE_IDENTITY:
      return 'duplicate';
    default:
      return 'lost';
  }
}
