/**
 * The one place that loads livekit-client: a dynamic import, so the SDK is its own chunk and only
 * session pages ever download it. Everything else imports its types only.
 */
export type LiveKit = typeof import('livekit-client');

let loading: Promise<LiveKit> | null = null;

/** livekit-client, loaded on first use. A failed load (e.g. offline) may be retried. */
export function loadLiveKit(): Promise<LiveKit> {
  loading ??= import('livekit-client').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
