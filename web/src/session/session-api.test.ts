import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialOverlay } from '../../../shared/overlay';
import { ApiError } from '../api';
import { overlayTransport, sessionApi } from './session-api';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(...responses: Response[]) {
  const fn = vi.fn(async () => responses.shift()!);
  vi.stubGlobal('fetch', fn);
  return fn;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('sessionApi', () => {
  it('joins with the invite token and keeps opensAt of a 409 not_open', async () => {
    const fetch = stubFetch(
      json(409, { error: { code: 'not_open', message: 'later' }, opensAt: '2026-12-01T08:50:00.000Z' }),
    );
    const error = await sessionApi('b1', { token: 'tok' }).join(true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'not_open', extra: { opensAt: '2026-12-01T08:50:00.000Z' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/sessions/b1/join');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(init.body).toBe('{"together":true}');
  });

  it('reads a waiting answer (202) as a result, not an error', async () => {
    stubFetch(json(202, { status: 'waiting', since: '2026-12-01T08:51:00.000Z', seat: 'A' }));
    await expect(sessionApi('b1', { token: 'tok' }).join()).resolves.toMatchObject({ status: 'waiting' });
  });

  it('turns a dropped connection into a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(sessionApi('b1', {}).lobby()).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('overlayTransport', () => {
  it('sends If-None-Match and reads 304 as "unchanged"', async () => {
    const fetch = stubFetch(new Response(null, { status: 304 }));
    await expect(overlayTransport('b1', {}).fetch('W/"3"')).resolves.toBeNull();
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['If-None-Match']).toBe('W/"3"');
  });

  it('returns the overlay with its ETag', async () => {
    const overlay = initialOverlay();
    stubFetch(json(200, { overlay }, { ETag: 'W/"1"' }));
    await expect(overlayTransport('b1', {}).fetch(null)).resolves.toEqual({ overlay, etag: 'W/"1"' });
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
