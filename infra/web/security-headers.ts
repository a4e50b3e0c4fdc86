/**
 * Security headers CloudFront adds to every response (site and API). Exported so the local server
 * or browser tests can send the same policy and catch a violation before it reaches production.
 */

/**
 * The Content-Security-Policy: our origin only, plus the LiveKit server (its `wss://` signalling
 * URL and the `https://` counterpart the client uses for region pinging and connection checks).
 *
 * @example
 * contentSecurityPolicy('wss://my-project.livekit.cloud');
 * // "default-src 'self'; … connect-src 'self' wss://my-project.livekit.cloud https://my-project.livekit.cloud; …"
 */
export function contentSecurityPolicy(livekitUrl: string): string {
  const url = new URL(livekitUrl);
  const host = url.host;
  // A local LiveKit dev server speaks plain ws:// and http://; deployed ones use TLS.
  const [ws, http] = url.protocol === 'ws:' ? ['ws', 'http'] : ['wss', 'https'];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    `connect-src 'self' ${ws}://${host} ${http}://${host}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Camera and microphone for our own pages only; nothing else a session page could ask for. */
export const PERMISSIONS_POLICY =
  'camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()';

/** Two years, the value HSTS preload lists expect. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;
