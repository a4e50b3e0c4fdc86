/**
 * CloudFront Functions (cloudfront-js-2.0), kept as source strings so tests can run them.
 */

/**
 * Default (S3) behaviour, viewer request: a path whose last segment has no dot is a page of the
 * single-page app and is served `/index.html`; files are served as they are. Only the S3
 * behaviour uses it, so `/api/*` errors (404, 401, …) reach the browser unchanged — unlike an
 * error-response rewrite, which would turn them into the SPA's index page.
 */
export const SPA_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** Header carrying the viewer's IP address to the API (set by CloudFront, never by the client). */
export const CLIENT_IP_HEADER = 'x-peegel-client-ip';

/**
 * `/api/*` behaviour, viewer request: behind CloudFront the API sees CloudFront's address as the
 * source IP, so CloudFront passes the viewer's address in {@link CLIENT_IP_HEADER} (replacing any
 * value the client sent) for per-client rate limits.
 */
export const CLIENT_IP_FUNCTION = `function handler(event) {
  var request = event.request;
  request.headers['${CLIENT_IP_HEADER}'] = { value: event.viewer.ip };
  return request;
}`;
