import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app';
import { TableClient } from '../../functions/db/table-client';
import { bookPublic, couple, setUpTherapist, startTestApi, tokenOf, type TestApi } from '../helpers/api';

/**
 * The token-guess limit is counted on the failure path only: a valid invite token costs no
 * rate-limit read or write, a failed look-up counts once, and a client over the limit is refused
 * before any look-up (so the answer never tells a guesser that a token was right).
 */

type Command = { constructor: { name: string }; input: { Key?: { pk: string } } };

/** Records every table call of `run` as "<Command> <pk prefix>". */
async function tableCalls(api: TestApi, run: () => Promise<unknown>): Promise<string[]> {
  const doc = api.deps.table.doc;
  const send = doc.send;
  const calls: string[] = [];
  (doc as unknown as { send: (c: Command) => Promise<unknown> }).send = (c: Command) => {
    calls.push(`${c.constructor.name} ${(c.input.Key?.pk ?? '').split('#')[0]}`);
    return (send as unknown as (c: Command) => Promise<unknown>).call(doc, c);
  };
  try {
    await run();
  } finally {
    doc.send = send;
  }
  return calls;
}

describe('the token-guess limit', () => {
  let api: TestApi;
  let token: string;
  beforeEach(async () => {
    api = await startTestApi({ now: new Date('2026-12-01T06:00:00Z') });
    await setUpTherapist(api, 'guess@example.com', { slug: 'guess' });
    token = tokenOf((await bookPublic(api, 'guess', '2026-12-02T08:00:00.000Z', { partners: couple('g1@example.com', null) })).body.manageUrl);
  });
  afterEach(() => api.close());

  it('costs a valid token nothing: no rate-limit read or write', async () => {
    const calls = await tableCalls(api, async () => {
      expect((await api.request('/api/bookings/me', { bearer: token, ip: '198.51.100.7' })).status).toBe(200);
    });
    expect(calls.filter((c) => c.endsWith(' RATE'))).toEqual([]);
    expect(calls[0]).toBe('GetCommand INVITE');
  });

  it('counts a failed guess once, and refuses a client over the limit before any lookup', async () => {
    const guess = (i: number) => api.request('/api/bookings/me', { bearer: `guess${String(i).padStart(40, '0')}`, ip: '198.51.100.8' });
    const first = await tableCalls(api, async () => expect((await guess(0)).status).toBe(401));
    expect(first).toEqual(['GetCommand INVITE', 'UpdateCommand RATE']);
    for (let i = 1; i < 30; i++) expect((await guess(i)).status).toBe(401);
    const over = await tableCalls(api, async () => {
      const res = await guess(30);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // Even the right token: the answer must not tell a guesser that it was right.
      expect((await api.request('/api/bookings/me', { bearer: token, ip: '198.51.100.8' })).status).toBe(429);
      expect((await api.request('/api/auth/verify', { method: 'POST', json: { token }, ip: '198.51.100.8' })).status).toBe(429);
    });
    expect(over).toEqual([]);
    // Other clients are not affected; the block ends with the window.
    expect((await api.request('/api/bookings/me', { bearer: token, ip: '198.51.100.9' })).status).toBe(200);
    api.clock.now = new Date(api.clock.now.getTime() + 16 * 60_000);
    expect((await api.request('/api/bookings/me', { bearer: token, ip: '198.51.100.8' })).status).toBe(200);
  });

  it('an instance that has not seen the client yet learns the block from its first refused guess', async () => {
    for (let i = 0; i < 30; i++) {
      await api.request('/api/bookings/me', { bearer: `other${String(i).padStart(40, '0')}`, ip: '198.51.100.10' });
    }
    // Another Lambda instance: its own table client (and memory), the same table.
    const table = Object.assign(Object.create(TableClient.prototype) as TableClient, api.deps.table);
    const fresh = createApp({ ...api.deps, table });
    const guess = () =>
      fresh.request('/api/bookings/me', { headers: { authorization: `Bearer ${'n'.repeat(43)}`, 'x-test-ip': '198.51.100.10' } });
    const first = await tableCalls(api, async () => expect((await guess()).status).toBe(429));
    expect(first).toEqual(['GetCommand INVITE', 'UpdateCommand RATE']);
    const next = await tableCalls(api, async () => expect((await guess()).status).toBe(429));
    expect(next).toEqual([]);
  });
});
