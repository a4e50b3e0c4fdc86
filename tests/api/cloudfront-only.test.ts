/**
 * "Behind CloudFront only" as the deployed app sees it: the origin-secret guard the Lambda entries
 * put in front of everything, the client-address header trusted only with the secret, and the
 * rate-limit key (IPv6 by its /64). The app is the real one built by `buildApp`, with the Lambda's
 * `clientIp` and guard, over dynalite.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../functions/app-core';
import { bookingApi } from '../../functions/booking-api';
import type { AppEnv } from '../../functions/config';
import { rateLimitKey } from '../../functions/platform/client-address';
import { cloudFrontOnly } from '../../functions/platform/cloudfront-only';
import { awsClientIp } from '../../functions/platform/aws';
import { CLIENT_IP_HEADER, ORIGIN_SECRET_HEADER } from '../../infra/web/edge-functions';
import { PUBLIC_URL, startTestApi, type TestApi } from '../helpers/api';

const CURRENT = 'c'.repeat(64);
const PREVIOUS = 'p'.repeat(64);

let api: TestApi;
let app: Hono;
let secretReads = 0;

/** A probe route beside the real booking routes: which rate-limit key would this request use? */
const probe = new Hono<AppEnv>().get('/probe/client-key', (c) =>
  c.json({ key: c.get('deps').clientIp(c) }),
);

beforeAll(async () => {
  api = await startTestApi();
  const config = { ...api.deps.config, mode: 'aws' as const };
  const deps = { ...api.deps, config, clientIp: awsClientIp };
  const routes = new Hono<AppEnv>().route('/', bookingApi).route('/', probe);
  app = buildApp(deps, routes, {
    guard: cloudFrontOnly(async () => {
      secretReads++;
      return [CURRENT, PREVIOUS];
    }),
  });
});
afterAll(() => api.close());

/** A request as API Gateway hands it to the function (`sourceIp` is CloudFront's). */
function send(path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const env = { requestContext: { http: { sourceIp: '130.176.0.1' } } };
  return app.request(path, { ...init, headers }, env);
}

describe('requests around CloudFront are refused before anything else', () => {
  it('no origin secret: 403 JSON on every path, known or not', async () => {
    for (const [method, path] of [
      ['GET', '/api/therapists/anyone'],
      ['POST', '/api/auth/email'],
      ['GET', '/api/nope'],
      ['GET', '/not-api'],
    ] as const) {
      const body = method === 'POST' ? '{}' : undefined;
      const res = await send(path, { 'content-type': 'application/json' }, { method, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('a wrong, empty or truncated secret is refused too', async () => {
    for (const value of ['', 'guess', CURRENT.slice(1), `${CURRENT}c`, CURRENT.toUpperCase()]) {
      const res = await send('/api/therapists/anyone', { [ORIGIN_SECRET_HEADER]: value });
      expect(res.status, JSON.stringify(value)).toBe(403);
    }
  });

  it('the current and the previous secret (during a rotation) are accepted', async () => {
    for (const value of [CURRENT, PREVIOUS]) {
      const res = await send('/api/therapists/nobody-here', { [ORIGIN_SECRET_HEADER]: value });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect(secretReads).toBeGreaterThan(0);
  });

  it('a sign-in email can only be triggered through CloudFront', async () => {
    const before = api.mailer.messages.length;
    const body = JSON.stringify({ email: 'around@example.com' });
    const headers = { 'content-type': 'application/json', origin: PUBLIC_URL };
    const around = await send('/api/auth/email', headers, { method: 'POST', body });
    expect(around.status).toBe(403);
    expect(api.mailer.messages.length).toBe(before);
    const withSecret = { ...headers, [ORIGIN_SECRET_HEADER]: CURRENT };
    const through = await send('/api/auth/email', withSecret, { method: 'POST', body });
    expect(through.status).toBe(202);
    expect(api.mailer.messages.length).toBe(before + 1);
  });
});

describe('the client address', () => {
  const key = async (headers: Record<string, string>) => {
    const res = await send('/api/probe/client-key', headers);
    expect(res.status).toBe(200);
    return ((await res.json()) as { key: string }).key;
  };

  const viaCdn = (address: string) => ({
    [ORIGIN_SECRET_HEADER]: CURRENT,
    [CLIENT_IP_HEADER]: address,
  });

  it("CloudFront's viewer address is used with the secret", async () => {
    expect(await key(viaCdn('203.0.113.9'))).toBe('203.0.113.9');
  });

  it('the header is not trusted on a request that did not prove the secret', async () => {
    // The same app without the guard: nothing verified the request, so the header is ignored.
    const deps = { ...api.deps, clientIp: awsClientIp };
    const unguarded = buildApp(deps, new Hono<AppEnv>().route('/', probe));
    const env = { requestContext: { http: { sourceIp: '130.176.0.1' } } };
    const headers = viaCdn('203.0.113.9');
    const res = await unguarded.request('/api/probe/client-key', { headers }, env);
    expect(((await res.json()) as { key: string }).key).toBe('130.176.0.1');
  });

  it('IPv6 viewers share one key per /64: stepping through addresses does not reset limits', async () => {
    const a = await key(viaCdn('2001:db8:aa:bb:1::1'));
    const b = await key(viaCdn('2001:0db8:00aa:00bb:ffff:ffff:ffff:fffe'));
    const other = await key(viaCdn('2001:db8:aa:bc::1'));
    expect(a).toBe('2001:db8:aa:bb::/64');
    expect(b).toBe(a);
    expect(other).toBe('2001:db8:aa:bc::/64');
  });
});

describe('rateLimitKey', () => {
  it('keeps IPv4 addresses, unwraps IPv4-mapped IPv6, and cuts IPv6 to the /64', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(rateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('2001:DB8:0:0:1:2:3:4')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('[2001:db8:1:2::5]')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('leaves anything that is not an address unchanged', () => {
    for (const v of ['unknown', 'local', '', '2001:db8::1::2', '999.1.1.1']) {
      expect(rateLimitKey(v)).toBe(v);
    }
  });
});
