import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialOverlay } from '../../../shared/overlay';
import { ApiError } from '../api';
import { overlayTransport, sessionApi } from './session-api';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(...responses: Response[]) {
  const fn = vi.fn(async (_url: string, _init: RequestInit) => responses.shift()!);
  vi.stubGlobal('fetch', fn);
  return fn;
}

/** The URL and init of the n-th request, with its headers readable. */
function sent(fetch: ReturnType<typeof stubFetch>, n = 0) {
  const [url, init] = fetch.mock.calls[n]!;
  return { url, init, headers: new Headers(init.headers) };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('sessionApi', () => {
  it('saves and reads the three requests at /bcr, the partner with the bearer', async () => {
    const bcr = { requests: ['a', 'b', 'c'], chosen: 1, from: 'A' };
    const fetch = stubFetch(json(200, { bcr }), json(200, { bcr }));
    await expect(sessionApi('b1', {}).saveBcr(bcr as never)).resolves.toEqual({ bcr });
    expect(sent(fetch).url).toBe('/api/sessions/b1/bcr');
    expect(sent(fetch).init.method).toBe('PUT');
    expect(sent(fetch).init.body).toBe(JSON.stringify(bcr));
    await expect(sessionApi('b1', { token: 'tok' }).bcr()).resolves.toEqual({ bcr });
    expect(sent(fetch, 1).headers.get('Authorization')).toBe('Bearer tok');
  });

  it('sends a partner’s signal and the therapist’s acknowledgement, and keeps Retry-After of a 429', async () => {
    const signal = { seat: 'A', kind: 'pause', at: '2026-12-01T09:00:00.000Z', seenAt: null };
    const fetch = stubFetch(
      json(200, { signal }),
      json(429, { error: { code: 'rate_limited', message: 'wait' } }, { 'Retry-After': '7' }),
      json(200, { signal: { ...signal, seenAt: '2026-12-01T09:00:05.000Z' } }),
    );
    await expect(sessionApi('b1', { token: 'tok' }).signal('pause')).resolves.toEqual({ signal });
    expect(sent(fetch).url).toBe('/api/sessions/b1/signal');
    expect(sent(fetch).init.body).toBe('{"kind":"pause"}');
    const error = await sessionApi('b1', { token: 'tok' }).signal('ouch').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 7 });
    await sessionApi('b1', {}).signalSeen('A');
    expect(sent(fetch, 2).url).toBe('/api/sessions/b1/signal/seen');
    expect(sent(fetch, 2).init.body).toBe('{"seat":"A"}');
  });

  it('joins with the invite token and keeps opensAt of a 409 not_open', async () => {
    const fetch = stubFetch(
      json(409, { error: { code: 'not_open', message: 'later' }, opensAt: '2026-12-01T08:50:00.000Z' }),
    );
    const error = await sessionApi('b1', { token: 'tok' }).join(true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'not_open', extra: { opensAt: '2026-12-01T08:50:00.000Z' } });
    const { url, init, headers } = sent(fetch);
    expect(url).toBe('/api/sessions/b1/join');
    expect(init.method).toBe('POST');
    expect(init.cache).toBe('no-store');
    expect(headers.get('Authorization')).toBe('Bearer tok');
    expect(init.body).toBe('{"together":true}');
  });

  it("sends the therapist's calls with the cookie only, no bearer", async () => {
    const fetch = stubFetch(json(200, { seats: [], endedAt: null }));
    await expect(sessionApi('b1', {}).admit('A')).resolves.toEqual({ seats: [], endedAt: null });
    const { url, init, headers } = sent(fetch);
    expect(url).toBe('/api/sessions/b1/admit');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"seat":"A"}');
    expect(headers.has('Authorization')).toBe(false);
  });

  it('reads where the session stands (GET /api/sessions/:id) with the caller\'s token', async () => {
    const view = { id: 'b1', role: 'partner', seat: 'B', status: 'lobby' };
    const fetch = stubFetch(json(200, view));
    await expect(sessionApi('b1', { token: 'tok' }).session()).resolves.toEqual(view);
    const { url, init, headers } = sent(fetch);
    expect(url).toBe('/api/sessions/b1');
    expect(init.method).toBe('GET');
    expect(headers.get('Authorization')).toBe('Bearer tok');
  });

  it('reads a waiting answer (202) as a result, not an error', async () => {
    stubFetch(json(202, { status: 'waiting', since: '2026-12-01T08:51:00.000Z', seat: 'A' }));
    const result = await sessionApi('b1', { token: 'tok' }).join();
    expect(result.status).toBe('waiting');
    if (result.status === 'waiting') expect(result.seat).toBe('A');
  });

  it('turns a dropped connection into a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(sessionApi('b1', {}).lobby()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('keeps Retry-After of a rate-limited call', async () => {
    stubFetch(json(429, { error: { code: 'rate_limited', message: 'slow' } }, { 'Retry-After': '3' }));
    await expect(sessionApi('b1', {}).end()).rejects.toMatchObject({ status: 429, retryAfter: 3 });
  });
});

describe('overlayTransport', () => {
  it('sends If-None-Match and reads 304 as "unchanged"', async () => {
    const fetch = stubFetch(new Response(null, { status: 304 }));
    await expect(overlayTransport('b1', { token: 'tok' }).fetch('W/"3"')).resolves.toBeNull();
    const { url, headers } = sent(fetch);
    expect(url).toBe('/api/sessions/b1/overlay');
    expect(headers.get('If-None-Match')).toBe('W/"3"');
    expect(headers.get('Authorization')).toBe('Bearer tok');
  });

  it('returns the overlay with its ETag', async () => {
    const overlay = initialOverlay();
    const fetch = stubFetch(json(200, { overlay }, { ETag: 'W/"1"' }));
    await expect(overlayTransport('b1', {}).fetch(null)).resolves.toEqual({ overlay, etag: 'W/"1"' });
    expect(sent(fetch).headers.has('If-None-Match')).toBe(false);
  });

  it('throws a refused poll with its code', async () => {
    stubFetch(json(403, { error: { code: 'forbidden', message: 'wait' } }));
    await expect(overlayTransport('b1', { token: 'tok' }).fetch(null)).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
    });
  });

  it('reads a saved change as ok', async () => {
    const overlay = { ...initialOverlay(), version: 4 };
    const fetch = stubFetch(json(200, { overlay, published: true }));
    await expect(overlayTransport('b1', {}).send(3, { type: 'next' })).resolves.toEqual({ ok: true, overlay });
    expect(sent(fetch).init.body).toBe('{"baseVersion":3,"action":{"type":"next"}}');
  });

  it('reads a stale write (409 with the current overlay) as a conflict', async () => {
    const overlay = { ...initialOverlay(), version: 7 };
    stubFetch(json(409, { error: { code: 'stale_overlay', message: 'stale' }, overlay }));
    await expect(overlayTransport('b1', {}).send(3, { type: 'next' })).resolves.toEqual({ ok: false, overlay });
  });

  it('throws other failures with their code', async () => {
    stubFetch(json(422, { error: { code: 'at_last_step', message: 'last' } }));
    await expect(overlayTransport('b1', {}).send(3, { type: 'next' })).rejects.toMatchObject({
      status: 422,
      code: 'at_last_step',
    });
  });
});
