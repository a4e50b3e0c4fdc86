/**
 * A live microphone level from a WebAudio `AnalyserNode` on the mic's `MediaStreamTrack`,
 * reported about 20 times a second as 0…1 (RMS of the waveform, scaled so speech fills the bar).
 */

/** 0…1 from time-domain samples (128 = silence), scaled so normal speech reaches ~0.6–0.9. */
export function levelFromSamples(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) {
    const v = (s - 128) / 128;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, rms * 4);
}

export class MicLevel {
  private context: AudioContext | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly onLevel: (level: number) => void) {}

  /** Starts measuring `track` (replacing an earlier one). */
  attach(track: MediaStreamTrack): void {
    this.detach();
    const Context = window.AudioContext;
    if (!Context) return;
    const context = new Context();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    analyser.smoothingTimeConstant = 0.6;
    const source = context.createMediaStreamSource(new MediaStream([track]));
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    let smoothed = 0;
    this.timer = setInterval(() => {
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      analyser.getByteTimeDomainData(samples);
      const level = levelFromSamples(samples);
      // Rise fast, fall slowly: easier to read than the raw value.
      smoothed = level > smoothed ? level : smoothed * 0.85 + level * 0.15;
      this.onLevel(track.enabled && track.readyState === 'live' ? smoothed : 0);
    }, 50);
    this.context = context;
    this.source = source;
  }

  detach(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.source?.disconnect();
    this.source = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.onLevel(0);
  }
}
