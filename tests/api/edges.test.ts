/**
 * The edges of the API (issue 9, "Edges and abuse"): unknown `/api/*` paths, request body size
 * counted on the bytes that arrive, and the local-only dev routes bound to the configured origin.
 * Both through `app.request` and over real HTTP against the local server (`npm start`'s app).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../functions/local/app-server';
import { PUBLIC_URL, startTestApi, type TestApi } from '../helpers/api';

let api: TestApi;
let local: LocalServer;
const SHELL = '<!doctype html><title>Peegel test shell</title>';

beforeAll(async () => {
  api = await startTestApi();
  const webDir = mkdtempSync(join(tmpdir(), 'peegel-edges-web-'));
  writeFileSync(join(webDir, 'index.html'), SHELL);
  local = await startLocalServer({ webDir, seed: false, jobIntervalMs: 3_600_000 });
});
afterAll(async () => {
  await api?.close();
  await local?.close();
});

async function expectJsonError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
}

/** One raw HTTP/1.1 exchange with the local server (chunked when `chunks` is given). */
function raw(
  path: string,
  o: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] } = {},
): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(local.url);
  return new Promise((resolve, reject) => {
    const headers = { host: url.host, ...o.headers };
    const method = o.method ?? 'GET';
    const req = httpRequest({ host: '127.0.0.1', port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', reject);
    // Node sends Transfer-Encoding: chunked, no Content-Length, when the body is streamed.
    for (const chunk of o.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe('unknown API paths answer the JSON 404', () => {
  it('a path that has no route', async () => {
    await expectJsonError(await api.request('/api/nope'), 404, 'not_found');
    await expectJsonError(await api.request('/api/nope/deeper?x=1'), 404, 'not_found');
    await expectJsonError(await api.request('/api'), 404, 'not_found');
  });

  it('a known path with a method it does not have', async () => {
    await expectJsonError(await api.request('/api/auth/email'), 404, 'not_found');
    const put = await api.request('/api/dialogues', { method: 'PUT', json: {} });
    await expectJsonError(put, 404, 'not_found');
    // Behind sign-in, the same once signed in (without a session it is 401 first).
    const cookie = await api.signIn('edges@example.com');
    const del = await api.request('/api/me', { method: 'DELETE', cookie });
    await expectJsonError(del, 404, 'not_found');
    await expectJsonError(await api.request('/api/me/nope', { cookie }), 404, 'not_found');
  });

  it('local server: /api/* never falls through to the web app shell', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api/sessions/01J0000000000000000000000/nope'],
      ['GET', '/api/therapists/demo/slots/nope'],
      ['DELETE', '/api/dialogues'],
      ['GET', '/api'],
    ] as const) {
      const res = await raw(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.type, `${method} ${path}`).toMatch(/^application\/json/);
      expect(JSON.parse(res.body).error.code).toBe('not_found');
    }
    // App pages still get the shell.
    const page = await raw('/book/demo');
    expect(page.status).toBe(200);
    expect(page.body).toBe(SHELL);
  });
});

describe('request bodies are limited to 64 KB as they arrive', () => {
  const big = JSON.stringify({ email: `${'a'.repeat(70 * 1024)}@example.com` });

  it('a declared Content-Length over the limit is 413', async () => {
    const res = await api.request('/api/auth/email', {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    });
    await expectJsonError(res, 413, 'payload_too_large');
  });

  it('a streamed body without Content-Length is counted and refused with 413', async () => {
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const res = await api.app.request('/api/auth/email', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    await expectJsonError(res, 413, 'payload_too_large');
  });

  it('a lying small Content-Length does not let a larger body through', async () => {
    const res = await api.request('/api/auth/email', {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json', 'content-length': '10' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('local server: Transfer-Encoding: chunked over the limit is 413', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const res = await raw('/api/auth/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      chunks: [Buffer.from('{"email":"'), ...Array(5).fill(chunk), Buffer.from('@x.ee"}')],
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
  });

  it('a body under the limit still reaches validation', async () => {
    const under = JSON.stringify({ email: `${'a'.repeat(60 * 1024)}@example.com` });
    const res = await api.request('/api/auth/email', {
      method: 'POST',
      body: under,
      headers: { 'content-type': 'application/json' },
    });
    await expectJsonError(res, 422, 'invalid_request');
    const chunked = await raw('/api/auth/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      chunks: [Buffer.from('{"email":'), Buffer.from('"nope"}')],
    });
    expect(chunked.status).toBe(422);
  });
});

describe('local dev routes answer only the configured local origin (DNS rebinding)', () => {
  const host = new URL(PUBLIC_URL).host;

  it('the outbox answers a request for the configured Host', async () => {
    const res = await api.request('/api/dev/outbox', { headers: { host } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ messages: expect.any(Array) });
  });

  it('any other Host, or none, is refused', async () => {
    for (const other of [
      'rebind.attacker.example',
      'rebind.attacker.example:8787',
      '127.0.0.1:8787',
      'localhost:9999',
      'localhost',
    ]) {
      const res = await api.request('/api/dev/outbox', { headers: { host: other } });
      await expectJsonError(res, 403, 'forbidden');
    }
    await expectJsonError(await api.request('/api/dev/outbox'), 403, 'forbidden');
  });

  it('over real HTTP: a rebound name is refused, the configured origin answers', async () => {
    const refused = await raw('/api/dev/outbox', { headers: { host: 'rebind.attacker.example' } });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('messages');
    const ok = await raw('/api/dev/outbox');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ messages: [] });
  });
});
