/**
 * Camera and microphone for the pre-join preview and the room: livekit-client local tracks,
 * device lists, on/off toggles, a live mic level and a plain reason when a device is missing or
 * blocked. Joining without camera or microphone stays possible.
 */
import type { LocalAudioTrack, LocalVideoTrack } from 'livekit-client';
import { loadLiveKit } from './livekit';
import { MicLevel } from './mic-level';

/** Why a device gives no track: blocked by the person or the browser, absent, in use, or other. */
export type DeviceProblem = 'denied' | 'missing' | 'busy' | 'insecure' | 'failed';

/** Maps a getUserMedia error to a reason the page can explain. */
export function deviceProblem(error: unknown): DeviceProblem {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return typeof navigator !== 'undefined' && !navigator.mediaDevices ? 'insecure' : 'failed';
  }
}

export interface LocalMediaState {
  video: LocalVideoTrack | null;
  audio: LocalAudioTrack | null;
  cameraOn: boolean;
  micOn: boolean;
  cameraProblem: DeviceProblem | null;
  micProblem: DeviceProblem | null;
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
  cameraId: string;
  micId: string;
  /** The microphone was muted from outside (the therapist, through the server). */
  mutedRemotely: boolean;
  status: 'idle' | 'starting' | 'ready';
}

export class LocalMedia {
  #state = $state.raw<LocalMediaState>({
    video: null,
    audio: null,
    cameraOn: true,
    micOn: true,
    cameraProblem: null,
    micProblem: null,
    cameras: [],
    mics: [],
    cameraId: '',
    micId: '',
    mutedRemotely: false,
    status: 'idle',
  });
  #level = $state(0);

  /** The tracks, toggles, devices and problems, as one snapshot replaced on each change. */
  get state(): Readonly<LocalMediaState> {
    return this.#state;
  }

  /** Microphone level 0…1, updated ~20×/s while the mic is on (apart, so as not to churn `state`). */
  get level(): number {
    return this.#level;
  }

  #set(patch: Partial<LocalMediaState>): void {
    this.#state = { ...this.#state, ...patch };
  }

  private readonly meter = new MicLevel((level) => (this.#level = level));
  private selfMuting = false;
  private disposed = false;
  private readonly onDeviceChange = () => void this.refreshDevices();

  private starting: Promise<void> | null = null;

  /** Asks for camera and microphone (one prompt), falling back to each alone. */
  start(): Promise<void> {
    if (this.#state.status === 'starting' && this.starting) return this.starting;
    this.starting = this.acquire().finally(() => (this.starting = null));
    return this.starting;
  }

  /**
   * Resolves once a `start` in progress has settled (at most `timeoutMs`), so joining a room
   * right after a click publishes the camera and microphone instead of nothing.
   */
  async whenReady(timeoutMs: number): Promise<void> {
    if (!this.starting) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.starting, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async acquire(): Promise<void> {
    this.#set({ status: 'starting', cameraProblem: null, micProblem: null });
    const lk = await loadLiveKit();
    if (!navigator.mediaDevices?.getUserMedia) {
      this.#set({ cameraProblem: 'insecure', micProblem: 'insecure', status: 'ready' });
      return;
    }
    this.stopTracks();
    // A restart keeps the devices chosen before.
    const videoOptions = {
      resolution: lk.VideoPresets.h720.resolution,
      ...(this.#state.cameraId ? { deviceId: this.#state.cameraId } : {}),
    };
    const audioOptions = {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      ...(this.#state.micId ? { deviceId: this.#state.micId } : {}),
    };
    try {
      const tracks = await lk.createLocalTracks({ audio: audioOptions, video: videoOptions });
      for (const track of tracks) {
        if (track.kind === lk.Track.Kind.Video) this.#set({ video: track as LocalVideoTrack });
        else this.#set({ audio: track as LocalAudioTrack });
      }
    } catch {
      // One of the two failed (or both): try each alone so the other still works.
      try {
        this.#set({ video: await lk.createLocalVideoTrack(videoOptions) });
      } catch (error) {
        this.#set({ cameraProblem: deviceProblem(error) });
      }
      try {
        this.#set({ audio: await lk.createLocalAudioTrack(audioOptions) });
      } catch (error) {
        this.#set({ micProblem: deviceProblem(error) });
      }
    }
    if (this.disposed) {
      this.stopTracks();
      return;
    }
    this.watchTracks(lk);
    this.selfMuting = true;
    try {
      if (!this.#state.cameraOn) await this.#state.video?.mute();
      if (!this.#state.micOn) await this.#state.audio?.mute();
    } finally {
      this.selfMuting = false;
    }
    await this.refreshDevices();
    navigator.mediaDevices.addEventListener?.('devicechange', this.onDeviceChange);
    this.#set({ status: 'ready' });
  }

  get hasCamera(): boolean {
    return this.#state.video !== null;
  }

  get hasMic(): boolean {
    return this.#state.audio !== null;
  }

  async setCameraOn(on: boolean): Promise<void> {
    this.#set({ cameraOn: on });
    if (!this.#state.video) return;
    if (on) await this.#state.video.unmute();
    else await this.#state.video.mute();
  }

  async setMicOn(on: boolean): Promise<void> {
    this.#set({ micOn: on, mutedRemotely: false });
    if (!this.#state.audio) return;
    this.selfMuting = true;
    try {
      if (on) await this.#state.audio.unmute();
      else await this.#state.audio.mute();
    } finally {
      this.selfMuting = false;
    }
  }

  async chooseCamera(deviceId: string): Promise<void> {
    this.#set({ cameraId: deviceId });
    await this.#state.video?.setDeviceId({ exact: deviceId });
  }

  async chooseMic(deviceId: string): Promise<void> {
    this.#set({ micId: deviceId });
    if (!this.#state.audio) return;
    await this.#state.audio.setDeviceId({ exact: deviceId });
    this.meter.attach(this.#state.audio.mediaStreamTrack);
  }

  /** Stops the camera and microphone and the level meter. */
  dispose(): void {
    this.disposed = true;
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.stopTracks();
  }

  private stopTracks(): void {
    this.meter.detach();
    this.#state.video?.stop();
    this.#state.audio?.stop();
    this.#set({ video: null, audio: null });
  }

  private watchTracks(lk: Awaited<ReturnType<typeof loadLiveKit>>): void {
    const audio = this.#state.audio;
    if (audio) {
      this.meter.attach(audio.mediaStreamTrack);
      // The therapist can mute a partner through the server; the toggle follows.
      audio.on(lk.TrackEvent.Muted, () => {
        this.#set({ micOn: false });
        if (!this.selfMuting) this.#set({ mutedRemotely: true });
      });
      audio.on(lk.TrackEvent.Unmuted, () => this.#set({ micOn: true }));
      audio.on(lk.TrackEvent.Restarted, () => this.meter.attach(audio.mediaStreamTrack));
    }
    const video = this.#state.video;
    if (video) {
      video.on(lk.TrackEvent.Muted, () => this.#set({ cameraOn: false }));
      video.on(lk.TrackEvent.Unmuted, () => this.#set({ cameraOn: true }));
    }
  }

  private async refreshDevices(): Promise<void> {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const usable = (d: MediaDeviceInfo) => d.deviceId !== '' && d.deviceId !== 'default';
      const cameras = devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== '');
      const mics = devices.filter((d) => d.kind === 'audioinput' && usable(d));
      const cameraId = (await this.#state.video?.getDeviceId(true)) ?? cameras[0]?.deviceId ?? '';
      const micId = (await this.#state.audio?.getDeviceId(true)) ?? mics[0]?.deviceId ?? '';
      this.#set({ cameras, mics, cameraId, micId });
    } catch {
      // Device lists are a convenience; the default devices still work.
    }
  }
}
