/** A Svelte attachment that plays a livekit-client track in a `<video>` or `<audio>` element. */
import type { Track } from 'livekit-client';

/**
 * @example <video {@attach attachTrack(track)} muted playsinline></video>
 */
export function attachTrack(track: Track | null | undefined) {
  return (element: HTMLMediaElement) => {
    if (!track) return;
    track.attach(element);
    return () => {
      track.detach(element);
    };
  };
}
