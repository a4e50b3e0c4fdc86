/** The CloudFront Functions, run as CloudFront would run them. */
import { describe, expect, it } from 'vitest';
import {
  CLIENT_IP_FUNCTION,
  CLIENT_IP_HEADER,
  SPA_REWRITE_FUNCTION,
} from '../../infra/web/edge-functions';

interface CfRequest {
  uri: string;
  headers: Record<string, { value: string }>;
}
type Handler = (event: { request: CfRequest; viewer: { ip: string } }) => CfRequest;

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
});

describe('client IP (API behaviour)', () => {
  it("sets the viewer's address, replacing anything the client sent", () => {
    const request = run(CLIENT_IP_FUNCTION, '/api/me', {
      [CLIENT_IP_HEADER]: { value: '10.0.0.1' },
    });
    expect(request.headers[CLIENT_IP_HEADER]).toEqual({ value: '203.0.113.7' });
    expect(request.uri).toBe('/api/me');
  });
});
