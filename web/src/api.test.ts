import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, fieldErrors, parseRetryAfter, request } from './api';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(response: Response | Error) {
  const fn = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

describe('request', () => {
  it('sends JSON with same-origin credentials and a bearer token', async () => {
    const fetch = stubFetch(new Response(JSON.stringify({ ok: 1 }), { status: 200 }));
    const out = await request<{ ok: number }>('POST', '/api/x', {
      body: { a: 1 },
      token: 'tok',
      query: { from: '2026-01-01T00:00:00Z', to: undefined },
    });
    expect(out).toEqual({ ok: 1 });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/x?from=2026-01-01T00%3A00%3A00Z');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"a":1}');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns the API error shape into an ApiError', async () => {
    stubFetch(
      new Response(
        JSON.stringify({ error: { code: 'invalid', message: 'Bad', details: [{ path: ['slug'], message: 'x' }] } }),
        { status: 422 },
      ),
    );
    const error = await request('PATCH', '/api/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'invalid', message: 'Bad' });
    expect(fieldErrors((error as ApiError).details)).toEqual({ slug: 'x' });
  });

  it('reads Retry-After on 429', async () => {
    stubFetch(
      new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down' } }), {
        status: 429,
        headers: { 'Retry-After': '120' },
      }),
    );
    await expect(request('POST', '/api/auth/email')).rejects.toMatchObject({ status: 429, retryAfter: 120 });
  });

  it('reports a network failure as status 0', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    await expect(request('GET', '/api/me')).rejects.toMatchObject({ status: 0, code: 'network', isNetwork: true });
  });

  it('reports a non-JSON error page as bad_response', async () => {
    stubFetch(new Response('<html>oops</html>', { status: 502 }));
    await expect(request('GET', '/api/me')).rejects.toMatchObject({ status: 502, code: 'bad_response' });
  });

  it('returns undefined for 204', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(request('POST', '/api/auth/logout')).resolves.toBeUndefined();
  });
});

describe('fieldErrors', () => {
  it('keys messages by dotted path and keeps the first', () => {
    expect(
      fieldErrors([
        { path: ['partners', 0, 'email'], message: 'Invalid email' },
        { path: ['partners', 0, 'email'], message: 'second' },
        { path: [], message: 'whole body' },
        { nonsense: true },
      ]),
    ).toEqual({ 'partners.0.email': 'Invalid email', '': 'whole body' });
    expect(fieldErrors({ issues: [{ path: ['a'], message: 'm' }] })).toEqual({ a: 'm' });
    expect(fieldErrors(undefined)).toEqual({});
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 0)).toBe(61);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('localizeFieldErrors', () => {
  it('replaces known paths and keeps the rest', async () => {
    const { localizeFieldErrors } = await import('./api');
    expect(
      localizeFieldErrors({ 'partners.0.email': 'Invalid input', start: 'Too soon' }, (p) =>
        p.endsWith('.email') ? 'Palun sisesta e-posti aadress' : undefined,
      ),
    ).toEqual({ 'partners.0.email': 'Palun sisesta e-posti aadress', start: 'Too soon' });
  });
});
