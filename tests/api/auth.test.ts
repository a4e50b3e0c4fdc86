import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const linkToken = (email: string) => {
  const link = api.mailer.messages.filter((m) => m.to === email).at(-1)!.links[0]!;
  return new URL(link).hash.replace('#token=', '');
};

describe('email sign-in', () => {
  it('answers 202 for any address and emails a link that signs in once', async () => {
    const res = await api.request('/api/auth/email', { method: 'POST', json: { email: 'New.Person@Example.com' } });
    expect(res.status).toBe(202);
    const token = linkToken('new.person@example.com');
    const first = await api.request('/api/auth/verify', { method: 'POST', json: { token } });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { therapist: { email: string; timezone: string; sessionMinutes: number } };
    expect(body.therapist).toMatchObject({ email: 'new.person@example.com', timezone: 'Europe/Tallinn', sessionMinutes: 90 });
    expect(first.headers.get('set-cookie')).toMatch(/peegel_session=.*HttpOnly.*SameSite=Lax/i);
    const second = await api.request('/api/auth/verify', { method: 'POST', json: { token } });
    expect(second.status).toBe(401);
  });

  it('rejects a link older than 10 minutes', async () => {
    await api.request('/api/auth/email', { method: 'POST', json: { email: 'late@example.com' }, ip: '198.51.100.7' });
    const token = linkToken('late@example.com');
    const saved = api.clock.now;
    api.clock.now = new Date(saved.getTime() + 11 * 60_000);
    const res = await api.request('/api/auth/verify', { method: 'POST', json: { token } });
    api.clock.now = saved;
    expect(res.status).toBe(401);
  });

  it('signs in the same account on a second sign-in', async () => {
    const a = await api.signIn('same@example.com');
    const b = await api.signIn('same@example.com');
    const meA = (await (await api.request('/api/me', { cookie: a })).json()) as { therapist: { id: string } };
    const meB = (await (await api.request('/api/me', { cookie: b })).json()) as { therapist: { id: string } };
    expect(meA.therapist.id).toBe(meB.therapist.id);
  });

  it('logout revokes the session on the server', async () => {
    const cookie = await api.signIn('bye@example.com');
    expect((await api.request('/api/me', { cookie })).status).toBe(200);
    expect((await api.request('/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
    expect((await api.request('/api/me', { cookie })).status).toBe(401);
  });

  it('limits sign-in emails per address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api.request('/api/auth/email', { method: 'POST', json: { email: 'spam@example.com' }, ip: `10.9.0.${i}` });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('limits sign-in emails per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await api.request('/api/auth/email', { method: 'POST', json: { email: `p${i}@example.com` }, ip: '192.0.2.55' });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses malformed and invalid bodies with 400 / 415 / 422', async () => {
    const malformed = await api.request('/api/auth/email', { method: 'POST', body: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('malformed_request');
    const wrongType = await api.request('/api/auth/email', { method: 'POST', body: 'email=a@b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.status).toBe(415);
    const invalid = await api.request('/api/auth/email', { method: 'POST', json: { email: 'not-an-email' } });
    expect(invalid.status).toBe(422);
  });

  it('refuses state changes from another origin', async () => {
    const res = await api.request('/api/auth/email', {
      method: 'POST',
      json: { email: 'x@example.com' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('answers 503 with a clear message when the email cannot be sent', async () => {
    const send = api.deps.mailer.send;
    api.deps.mailer.send = async () => {
      throw new Error('SES down');
    };
    const res = await api.request('/api/auth/email', { method: 'POST', json: { email: 'down@example.com' }, ip: '192.0.2.77' });
    api.deps.mailer.send = send;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('email_unavailable');
  });

  it('requires a session for /api/me', async () => {
    expect((await api.request('/api/me')).status).toBe(401);
    expect((await api.request('/api/me', { cookie: 'peegel_session=forged' })).status).toBe(401);
  });
});
