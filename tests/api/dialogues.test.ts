import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localizeDeck } from '../../shared/dialogues';
import { startTestApi, type TestApi } from '../helpers/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('GET /api/dialogues', () => {
  it('serves the deck in English by default, to anyone', async () => {
    const res = await api.request('/api/dialogues');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('public');
    expect(await res.json()).toEqual(localizeDeck('en'));
  });

  it('serves the Estonian deck with the same ids', async () => {
    const et = (await (await api.request('/api/dialogues?locale=et')).json()) as ReturnType<typeof localizeDeck>;
    const en = localizeDeck('en');
    expect(et.locale).toBe('et');
    expect(et.processes.map((p) => p.id)).toEqual(en.processes.map((p) => p.id));
    expect(et.processes[0]!.title).not.toBe(en.processes[0]!.title);
  });

  it('answers an unknown locale with 422', async () => {
    const res = await api.request('/api/dialogues?locale=fr');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });
});
