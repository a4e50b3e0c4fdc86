import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, client, fieldErrors, localizeFieldErrors, parseRetryAfter, partnerClient } from './api';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(response: Response | Error) {
  const fn = vi.fn(async (_url: string, _init: RequestInit) => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

/** The URL and init of the n-th request, with its headers readable. */
function sent(fetch: ReturnType<typeof stubFetch>, n = 0) {
  const [url, init] = fetch.mock.calls[n]!;
  return { url, init, headers: new Headers(init.headers) };
}

const errorBody = (status: number, error: object, extra: object = {}, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error, ...extra }), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('call', () => {
  it('sends JSON with same-origin cookies, not from the cache, and no bearer for the therapist', async () => {
    const fetch = stubFetch(new Response(JSON.stringify({ ok: true }), { status: 202 }));
    await expect(call(client.api.auth.email.$post({ json: { email: 'a@example.com', locale: 'et' } }))).resolves.toEqual({
      ok: true,
    });
    const { url, init, headers } = sent(fetch);
    expect(url).toBe('/api/auth/email');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.cache).toBe('no-store');
    expect(init.body).toBe('{"email":"a@example.com","locale":"et"}');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Accept')).toBe('application/json');
    expect(headers.has('Authorization')).toBe(false);
  });

  it('fills path parameters and the query string', async () => {
    const fetch = stubFetch(new Response(JSON.stringify({ slots: [], timezone: 'Europe/Tallinn' }), { status: 200 }));
    const from = '2026-01-01T00:00:00Z';
    await call(client.api.therapists[':slug'].slots.$get({ param: { slug: 'anna' }, query: { from, to: from } }));
    expect(sent(fetch).url).toBe('/api/therapists/anna/slots?from=2026-01-01T00%3A00%3A00Z&to=2026-01-01T00%3A00%3A00Z');
  });

  it("sends a partner's invite token as a bearer, with per-call headers beside it", async () => {
    const fetch = stubFetch(new Response(JSON.stringify({ booking: {} }), { status: 200 }));
    await call(partnerClient('tok').api.bookings.me.$get(undefined, { headers: { 'X-Extra': '1' } }));
    const { url, headers } = sent(fetch);
    expect(url).toBe('/api/bookings/me');
    expect(headers.get('Authorization')).toBe('Bearer tok');
    expect(headers.get('X-Extra')).toBe('1');
    expect(headers.get('Accept')).toBe('application/json');
  });

  it('turns the API error shape into an ApiError, with details and the fields beside `error`', async () => {
    stubFetch(
      errorBody(422, { code: 'invalid_request', message: 'Bad', details: [{ path: ['slug'], message: 'x' }] }, { hint: 'h' }),
    );
    const error = await call(client.api.me.$patch({ json: { slug: 'x' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_request', message: 'Bad', extra: { hint: 'h' } });
    expect(fieldErrors((error as ApiError).details)).toEqual({ slug: 'x' });
  });

  it('reads Retry-After on 429', async () => {
    stubFetch(errorBody(429, { code: 'rate_limited', message: 'Slow down' }, {}, { 'Retry-After': '120' }));
    await expect(call(client.api.auth.email.$post({ json: { email: 'a@example.com', locale: 'en' } }))).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      retryAfter: 120,
    });
  });

  it('reports a network failure as status 0, and lets an abort through', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    await expect(call(client.api.me.$get())).rejects.toMatchObject({ status: 0, code: 'network', isNetwork: true });
    stubFetch(new DOMException('aborted', 'AbortError'));
    await expect(call(client.api.me.$get())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a non-JSON answer as bad_response, also with a 2xx status', async () => {
    stubFetch(new Response('<html>oops</html>', { status: 502 }));
    await expect(call(client.api.me.$get())).rejects.toMatchObject({ status: 502, code: 'bad_response' });
    stubFetch(new Response('<html>proxy</html>', { status: 200 }));
    await expect(call(client.api.me.$get())).rejects.toMatchObject({ status: 200, code: 'bad_response' });
  });

  it('returns undefined for 204', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(call(client.api.auth.logout.$post())).resolves.toBeUndefined();
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
  it('replaces known paths and keeps the rest', () => {
    expect(
      localizeFieldErrors({ 'partners.0.email': 'Invalid input', start: 'Too soon' }, (p) =>
        p.endsWith('.email') ? 'Palun sisesta e-posti aadress' : undefined,
      ),
    ).toEqual({ 'partners.0.email': 'Palun sisesta e-posti aadress', start: 'Too soon' });
  });
});
