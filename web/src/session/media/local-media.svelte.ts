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

export class LocalMedia {
  #video = $state.raw<LocalVideoTrack | null>(null);
  #audio = $state.raw<LocalAudioTrack | null>(null);
  #cameraOn = $state(true);
  #micOn = $state(true);
  #cameraProblem = $state<DeviceProblem | null>(null);
  #micProblem = $state<DeviceProblem | null>(null);
  #cameras = $state.raw<MediaDeviceInfo[]>([]);
  #mics = $state.raw<MediaDeviceInfo[]>([]);
  #cameraId = $state('');
  #micId = $state('');
  #mutedRemotely = $state(false);
  #level = $state(0);
  #status = $state<'idle' | 'starting' | 'ready'>('idle');

  get video(): LocalVideoTrack | null {
    return this.#video;
  }

  get audio(): LocalAudioTrack | null {
    return this.#audio;
  }

  get cameraOn(): boolean {
    return this.#cameraOn;
  }

  get micOn(): boolean {
    return this.#micOn;
  }

  get cameraProblem(): DeviceProblem | null {
    return this.#cameraProblem;
  }

  get micProblem(): DeviceProblem | null {
    return this.#micProblem;
  }

  get cameras(): MediaDeviceInfo[] {
    return this.#cameras;
  }

  get mics(): MediaDeviceInfo[] {
    return this.#mics;
  }

  get cameraId(): string {
    return this.#cameraId;
  }

  get micId(): string {
    return this.#micId;
  }

  /** The microphone was muted from outside (the therapist, through the server). */
  get mutedRemotely(): boolean {
    return this.#mutedRemotely;
  }

  /** Microphone level 0…1, updated ~20×/s while the mic is on. */
  get level(): number {
    return this.#level;
  }

  get status(): 'idle' | 'starting' | 'ready' {
    return this.#status;
  }

  private readonly meter = new MicLevel((level) => (this.#level = level));
  private selfMuting = false;
  private disposed = false;
  private readonly onDeviceChange = () => void this.refreshDevices();

  private starting: Promise<void> | null = null;

  /** Asks for camera and microphone (one prompt), falling back to each alone. */
  start(): Promise<void> {
    if (this.status === 'starting' && this.starting) return this.starting;
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
    this.#status = 'starting';
    this.#cameraProblem = null;
    this.#micProblem = null;
    const lk = await loadLiveKit();
    if (!navigator.mediaDevices?.getUserMedia) {
      this.#cameraProblem = this.#micProblem = 'insecure';
      this.#status = 'ready';
      return;
    }
    this.stopTracks();
    // A restart keeps the devices chosen before.
    const videoOptions = {
      resolution: lk.VideoPresets.h720.resolution,
      ...(this.cameraId ? { deviceId: this.cameraId } : {}),
    };
    const audioOptions = {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      ...(this.micId ? { deviceId: this.micId } : {}),
    };
    try {
      const tracks = await lk.createLocalTracks({ audio: audioOptions, video: videoOptions });
      for (const track of tracks) {
        if (track.kind === lk.Track.Kind.Video) this.#video = track as LocalVideoTrack;
        else this.#audio = track as LocalAudioTrack;
      }
    } catch {
      // One of the two failed (or both): try each alone so the other still works.
      try {
        this.#video = await lk.createLocalVideoTrack(videoOptions);
      } catch (error) {
        this.#cameraProblem = deviceProblem(error);
      }
      try {
        this.#audio = await lk.createLocalAudioTrack(audioOptions);
      } catch (error) {
        this.#micProblem = deviceProblem(error);
      }
    }
    if (this.disposed) {
      this.stopTracks();
      return;
    }
    this.watchTracks(lk);
    this.selfMuting = true;
    try {
      if (!this.cameraOn) await this.video?.mute();
      if (!this.micOn) await this.audio?.mute();
    } finally {
      this.selfMuting = false;
    }
    await this.refreshDevices();
    navigator.mediaDevices.addEventListener?.('devicechange', this.onDeviceChange);
    this.#status = 'ready';
  }

  get hasCamera(): boolean {
    return this.video !== null;
  }

  get hasMic(): boolean {
    return this.audio !== null;
  }

  async setCameraOn(on: boolean): Promise<void> {
    this.#cameraOn = on;
    if (!this.video) return;
    if (on) await this.video.unmute();
    else await this.video.mute();
  }

  async setMicOn(on: boolean): Promise<void> {
    this.#micOn = on;
    this.#mutedRemotely = false;
    if (!this.audio) return;
    this.selfMuting = true;
    try {
      if (on) await this.audio.unmute();
      else await this.audio.mute();
    } finally {
      this.selfMuting = false;
    }
  }

  async chooseCamera(deviceId: string): Promise<void> {
    this.#cameraId = deviceId;
    await this.video?.setDeviceId({ exact: deviceId });
  }

  async chooseMic(deviceId: string): Promise<void> {
    this.#micId = deviceId;
    if (!this.audio) return;
    await this.audio.setDeviceId({ exact: deviceId });
    this.meter.attach(this.audio.mediaStreamTrack);
  }

  /** Stops the camera and microphone and the level meter. */
  dispose(): void {
    this.disposed = true;
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.stopTracks();
  }

  private stopTracks(): void {
    this.meter.detach();
    this.video?.stop();
    this.audio?.stop();
    this.#video = null;
    this.#audio = null;
  }

  private watchTracks(lk: Awaited<ReturnType<typeof loadLiveKit>>): void {
    const audio = this.audio;
    if (audio) {
      this.meter.attach(audio.mediaStreamTrack);
      // The therapist can mute a partner through the server; the toggle follows.
      audio.on(lk.TrackEvent.Muted, () => {
        this.#micOn = false;
        if (!this.selfMuting) this.#mutedRemotely = true;
      });
      audio.on(lk.TrackEvent.Unmuted, () => (this.#micOn = true));
      audio.on(lk.TrackEvent.Restarted, () => this.meter.attach(audio.mediaStreamTrack));
    }
    const video = this.video;
    if (video) {
      video.on(lk.TrackEvent.Muted, () => (this.#cameraOn = false));
      video.on(lk.TrackEvent.Unmuted, () => (this.#cameraOn = true));
    }
  }

  private async refreshDevices(): Promise<void> {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const usable = (d: MediaDeviceInfo) => d.deviceId !== '' && d.deviceId !== 'default';
      this.#cameras = devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== '');
      this.#mics = devices.filter((d) => d.kind === 'audioinput' && usable(d));
      this.#cameraId = (await this.video?.getDeviceId(true)) ?? this.cameras[0]?.deviceId ?? '';
      this.#micId = (await this.audio?.getDeviceId(true)) ?? this.mics[0]?.deviceId ?? '';
    } catch {
      // Device lists are a convenience; the default devices still work.
    }
  }
}
