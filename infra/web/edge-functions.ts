/**
 * CloudFront Functions (cloudfront-js-2.0), kept as source strings so tests can run them, and the
 * header names CloudFront and the API agree on.
 */

/** Header carrying the viewer's IP address to the API (set by CloudFront, never by the client). */
export const CLIENT_IP_HEADER = 'x-peegel-client-ip';

/**
 * Header carrying the origin secret from CloudFront to the API (an origin custom header whose
 * value comes from Secrets Manager); the API refuses requests without it.
 */
export const ORIGIN_SECRET_HEADER = 'x-peegel-origin-secret';

/** The JSON 404 of the API, as the edge answers it for an `/api` path the site behaviour sees. */
const API_NOT_FOUND_BODY = JSON.stringify({
  error: { code: 'not_found', message: 'No such API route' },
});

/**
 * Default (S3) behaviour, viewer request: a path whose last segment has no dot is a page of the
 * single-page app and is served `/index.html`; files are served as they are. Only the S3
 * behaviour uses it, so `/api/*` errors (404, 401, …) reach the browser unchanged — unlike an
 * error-response rewrite, which would turn them into the SPA's index page. An `/api` path that
 * reaches this behaviour anyway (`/api` itself, or should the `/api/*` behaviour ever be missing)
 * gets the API's JSON 404, never the app shell.
 */
export const SPA_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/api' || uri.indexOf('/api/') === 0) {
    return {
      statusCode: 404,
      statusDescription: 'Not Found',
      headers: {
        'content-type': { value: 'application/json' },
        'cache-control': { value: 'no-store' }
      },
      body: { encoding: 'text', data: '${API_NOT_FOUND_BODY}' }
    };
  }
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/**
 * `/api/*` behaviour, viewer request: behind CloudFront the API sees CloudFront's address as the
 * source IP, so CloudFront passes the viewer's address in {@link CLIENT_IP_HEADER} (replacing any
 * value the client sent) for per-client rate limits. A client-sent {@link ORIGIN_SECRET_HEADER}
 * is dropped here; CloudFront adds the real one on the way to the origin.
 */
export const CLIENT_IP_FUNCTION = `function handler(event) {
  var request = event.request;
  delete request.headers['${ORIGIN_SECRET_HEADER}'];
  request.headers['${CLIENT_IP_HEADER}'] = { value: event.viewer.ip };
  return request;
}`;
