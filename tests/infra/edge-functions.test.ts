/** The CloudFront Functions, run as CloudFront would run them. */
import { describe, expect, it } from 'vitest';
import {
  CLIENT_IP_FUNCTION,
  CLIENT_IP_HEADER,
  ORIGIN_SECRET_HEADER,
  SPA_REWRITE_FUNCTION,
} from '../../infra/web/edge-functions';

interface CfRequest {
  uri: string;
  headers: Record<string, { value: string }>;
}
interface CfResponse {
  statusCode: number;
  headers: Record<string, { value: string }>;
  body: { encoding: string; data: string };
}
type Handler = (event: { request: CfRequest; viewer: { ip: string } }) => CfRequest & CfResponse;

const load = (code: string) => new Function(`${code}\nreturn handler;`)() as Handler;
const run = (code: string, uri: string, headers: CfRequest['headers'] = {}) =>
  load(code)({ request: { uri, headers }, viewer: { ip: '203.0.113.7' } });

describe('SPA rewrite (site behaviour)', () => {
  it('serves index.html for app paths', () => {
    for (const uri of ['/', '/book/dr-tamm', '/manage', '/session/01J9ZK7', '/app/settings/']) {
      expect(run(SPA_REWRITE_FUNCTION, uri).uri, uri).toBe('/index.html');
    }
  });

  it('serves files as they are', () => {
    for (const uri of ['/assets/index-abc123.js', '/favicon.svg', '/index.html', '/robots.txt']) {
      expect(run(SPA_REWRITE_FUNCTION, uri).uri, uri).toBe(uri);
    }
  });

  it('answers /api paths that reach it with the JSON 404, never the app shell', () => {
    for (const uri of ['/api', '/api/', '/api/nope', '/api/sessions/01J9ZK7', '/api/x.json']) {
      const res = run(SPA_REWRITE_FUNCTION, uri);
      expect(res.statusCode, uri).toBe(404);
      expect(res.headers['content-type']).toEqual({ value: 'application/json' });
      expect(JSON.parse(res.body.data)).toEqual({
        error: { code: 'not_found', message: 'No such API route' },
      });
      expect(res.uri, uri).toBeUndefined();
    }
    // Pages that merely start with the letters "api" are pages.
    expect(run(SPA_REWRITE_FUNCTION, '/apiary').uri).toBe('/index.html');
  });
});

describe('client IP (API behaviour)', () => {
  it("sets the viewer's address, replacing anything the client sent", () => {
    const request = run(CLIENT_IP_FUNCTION, '/api/me', {
      [CLIENT_IP_HEADER]: { value: '10.0.0.1' },
    });
    expect(request.headers[CLIENT_IP_HEADER]).toEqual({ value: '203.0.113.7' });
    expect(request.uri).toBe('/api/me');
  });

  it('drops an origin secret the client sent (CloudFront adds the real one on the way out)', () => {
    const request = run(CLIENT_IP_FUNCTION, '/api/me', {
      [ORIGIN_SECRET_HEADER]: { value: 'guessed' },
      cookie: { value: 'a=b' },
    });
    expect(request.headers[ORIGIN_SECRET_HEADER]).toBeUndefined();
    expect(request.headers.cookie).toEqual({ value: 'a=b' });
  });
});
