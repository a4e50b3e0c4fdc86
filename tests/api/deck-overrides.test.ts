import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeckOverrides } from '../../shared/dialogues/overrides';
import type { OverlayState } from '../../shared/overlay';
import type { SessionView } from '../../shared/session-types';
import type { CoupleSpace } from '../../shared/between-types';
import { setUpTherapist } from '../helpers/api';
import { bookSlot, startLiveSession, type LiveSession } from '../helpers/livekit-fake';

const OWN_TEXT = { en: 'What I long for most is …', et: 'Kõige rohkem igatsen …' };
const ADDED_ID = 'custom.couples-dialogue.send.k1';

const wording: DeckOverrides = {
  texts: {
    'stem:couples-dialogue.send.feel': { en: 'When that happens I feel …', et: 'Kui see juhtub, tunnen ma …' },
    'guidance:couples-dialogue.mirror': { en: 'Only mirror.', et: 'Ainult peegelda.' },
    'feeling:hurt': { en: 'wounded', et: 'haavunud' },
  },
  added: { 'couples-dialogue': { send: [{ id: ADDED_ID, role: 'S', text: OWN_TEXT }] } },
};

let s: LiveSession;
beforeEach(async () => {
  s = await startLiveSession();
});
afterEach(async () => {
  await s.close();
});

const getDeck = (cookie: string) => s.api.request('/api/me/deck', { cookie });
const putDeck = (cookie: string, overrides: unknown, baseVersion: number) =>
  s.api.request('/api/me/deck', { method: 'PUT', cookie, json: { overrides, baseVersion } });

async function saved(cookie: string, overrides: DeckOverrides, baseVersion: number) {
  const res = await putDeck(cookie, overrides, baseVersion);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { overrides: DeckOverrides; version: number };
}

type ErrorBody = { error: { code: string; message: string; details?: { path: string[]; message: string }[] } };

describe('a therapist’s own wording', () => {
  it('starts empty at version 0, saves on its version and reads back; reset is leaving a key out', async () => {
    const first = await getDeck(s.therapist.cookie);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ overrides: { texts: {}, added: {} }, version: 0 });

    expect(await saved(s.therapist.cookie, wording, 0)).toEqual({ overrides: wording, version: 1 });
    expect(await (await getDeck(s.therapist.cookie)).json()).toEqual({ overrides: wording, version: 1 });

    const { ['feeling:hurt']: _reset, ...texts } = wording.texts;
    const after = await saved(s.therapist.cookie, { ...wording, texts }, 1);
    expect(after.version).toBe(2);
    expect(Object.keys(after.overrides.texts)).not.toContain('feeling:hurt');

    // Everything reset: stored as none.
    expect(await saved(s.therapist.cookie, { texts: {}, added: { 'couples-dialogue': { send: [] } } }, 2)).toEqual({
      overrides: { texts: {}, added: {} },
      version: 3,
    });
  });

  it('trims the texts it stores', async () => {
    const body = await saved(s.therapist.cookie, { texts: { 'feeling:hurt': { en: '  wounded ', et: ' haavunud' } }, added: {} }, 0);
    expect(body.overrides.texts['feeling:hurt']).toEqual({ en: 'wounded', et: 'haavunud' });
  });

  it('refuses a stale base with 409 deck_changed and the current version, and keeps the newer wording', async () => {
    await saved(s.therapist.cookie, wording, 0);
    const stale = await putDeck(s.therapist.cookie, { texts: {}, added: {} }, 0);
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as ErrorBody & { version: number };
    expect(body.error.code).toBe('deck_changed');
    expect(body.version).toBe(1);
    expect(((await (await getDeck(s.therapist.cookie)).json()) as { overrides: DeckOverrides }).overrides).toEqual(wording);

    const ahead = await putDeck(s.therapist.cookie, wording, 7);
    expect(ahead.status).toBe(409);
  });

  it('answers 422 naming every key and id that cannot be stored', async () => {
    const res = await putDeck(
      s.therapist.cookie,
      {
        texts: { 'stem:no-such.stem': { en: 'a', et: 'b' }, 'feeling:hurt': { en: 'hurt', et: 'haavunud' } },
        added: {
          'couples-dialogue': {
            send: [{ id: 'couples-dialogue.send.feel', role: 'S', text: OWN_TEXT }],
            nowhere: [{ id: 'custom.couples-dialogue.nowhere.x', role: 'R', text: OWN_TEXT }],
          },
        },
      },
      0,
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details!.map((d) => d.path[0])).toEqual(['stem:no-such.stem', 'couples-dialogue.send.feel', 'couples-dialogue.nowhere']);
    expect(body.error.message).toContain('stem:no-such.stem');
  });

  it.each([
    ['a missing language', { en: 'wounded' }],
    ['an empty language', { en: 'wounded', et: '  ' }],
    ['more than 300 characters', { en: 'x'.repeat(301), et: 'haavunud' }],
    ['a line break', { en: 'wounded\nbadly', et: 'haavunud' }],
  ])('answers 422 for %s', async (_what, text) => {
    const res = await putDeck(s.therapist.cookie, { texts: { 'feeling:hurt': text }, added: {} }, 0);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.details![0]!.path.slice(0, 2)).toEqual(['overrides', 'texts']);
  });

  it('answers 422 for more than 50 added cards', async () => {
    const steps = ['concern', 'feeling', 'reaction', 'story', 'hurt', 'fear'];
    const added = Object.fromEntries(
      steps.map((step, i) => [step, Array.from({ length: 9 }, (_, n) => ({ id: `custom.frustration.${step}.n${i}x${n}`, role: 'S', text: OWN_TEXT }))]),
    );
    const res = await putDeck(s.therapist.cookie, { texts: {}, added: { frustration: added } }, 0);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.details!.map((d) => d.path[0])).toEqual(['added']);
  });

  it('is the signed-in therapist’s own: another therapist reads and writes only theirs; partners get 401', async () => {
    await saved(s.therapist.cookie, wording, 0);
    const other = await setUpTherapist(s.api, 'kai@example.com');
    expect(await (await getDeck(other.cookie)).json()).toEqual({ overrides: { texts: {}, added: {} }, version: 0 });
    await saved(other.cookie, { texts: { 'feeling:hurt': { en: 'sore', et: 'valus' } }, added: {} }, 0);
    expect(((await (await getDeck(s.therapist.cookie)).json()) as { overrides: DeckOverrides }).overrides).toEqual(wording);

    for (const init of [{}, { bearer: s.tokens.A }]) {
      expect((await s.api.request('/api/me/deck', init)).status).toBe(401);
      const put = await s.api.request('/api/me/deck', { ...init, method: 'PUT', json: { overrides: wording, baseVersion: 0 } });
      expect(put.status).toBe(401);
    }
  });

  it('leaves the profile’s settings and their version alone', async () => {
    const before = (await (await s.api.request('/api/me', { cookie: s.therapist.cookie })).json()) as { therapist: Record<string, unknown> };
    await saved(s.therapist.cookie, wording, 0);
    const after = (await (await s.api.request('/api/me', { cookie: s.therapist.cookie })).json()) as { therapist: Record<string, unknown> };
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain('deckOverrides');
    const patch = await s.api.request('/api/me', { method: 'PATCH', cookie: s.therapist.cookie, json: { bufferMinutes: 5 } });
    expect(patch.status).toBe(200);
    expect(((await (await getDeck(s.therapist.cookie)).json()) as { overrides: DeckOverrides }).overrides).toEqual(wording);
  });
});

describe('the wording in sessions', () => {
  const view = async (init: { cookie?: string; bearer?: string }, bookingId = s.bookingId) => {
    const res = await s.api.request(`/api/sessions/${bookingId}`, init);
    expect(res.status).toBe(200);
    return (await res.json()) as SessionView;
  };
  const overlay = (cookie: string, bookingId: string, baseVersion: number, action: unknown) =>
    s.api.request(`/api/sessions/${bookingId}/overlay`, { method: 'POST', cookie, json: { baseVersion, action } });

  it('comes with the session view for the therapist and both partners: the session’s therapist’s only', async () => {
    expect((await view({ cookie: s.therapist.cookie })).deckOverrides).toBeNull();
    await saved(s.therapist.cookie, wording, 0);
    expect((await view({ cookie: s.therapist.cookie })).deckOverrides).toEqual(wording);
    expect((await view({ bearer: s.tokens.A })).deckOverrides).toEqual(wording);
    expect((await view({ bearer: s.tokens.B })).deckOverrides).toEqual(wording);

    const other = await setUpTherapist(s.api, 'kai@example.com');
    const theirs = await bookSlot(s.api, other.slug);
    expect((await view({ cookie: other.cookie }, theirs.bookingId)).deckOverrides).toBeNull();
    expect((await view({ bearer: theirs.tokens.A }, theirs.bookingId)).deckOverrides).toBeNull();
  });

  it('comes with the couple’s space for home practice: their therapist’s wording only', async () => {
    const space = async (bearer: string) => {
      const res = await s.api.request('/api/bookings/me/between', { bearer });
      expect(res.status).toBe(200);
      return (await res.json()) as CoupleSpace;
    };
    expect((await space(s.tokens.A)).deckOverrides).toBeNull();
    await saved(s.therapist.cookie, wording, 0);
    expect((await space(s.tokens.A)).deckOverrides).toEqual(wording);
    expect((await space(s.tokens.B)).deckOverrides).toEqual(wording);

    const other = await setUpTherapist(s.api, 'kai@example.com');
    const theirs = await bookSlot(s.api, other.slug);
    expect((await space(theirs.tokens.A)).deckOverrides).toBeNull();
  });

  it('lets the overlay show an added card by id in this therapist’s session only; LiveKit gets the id, never the text', async () => {
    await saved(s.therapist.cookie, wording, 0);
    const other = await setUpTherapist(s.api, 'kai@example.com');
    const theirs = await bookSlot(s.api, other.slug);

    for (const [cookie, bookingId] of [
      [s.therapist.cookie, s.bookingId],
      [other.cookie, theirs.bookingId],
    ] as const) {
      const step = await overlay(cookie, bookingId, 1, { type: 'goToStep', stepId: 'send' });
      expect(step.status).toBe(200);
    }

    const mine = await overlay(s.therapist.cookie, s.bookingId, 2, { type: 'showStem', stemId: ADDED_ID });
    expect(mine.status).toBe(200);
    const { overlay: state } = (await mine.json()) as { overlay: OverlayState };
    expect(state.card).toEqual({ kind: 'stem', stemId: ADDED_ID });

    const refused = await overlay(other.cookie, theirs.bookingId, 2, { type: 'showStem', stemId: ADDED_ID });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as ErrorBody).error.code).toBe('unknown_stem');

    // A built-in stem still works for both.
    expect((await overlay(other.cookie, theirs.bookingId, 2, { type: 'showStem', stemId: 'couples-dialogue.send.feel' })).status).toBe(200);

    const metadata = s.fake.callsTo('UpdateRoomMetadata').map((c) => JSON.parse(String(c.body.metadata)) as { card: unknown });
    expect(metadata.some((m) => JSON.stringify(m.card) === JSON.stringify({ kind: 'stem', stemId: ADDED_ID }))).toBe(true);
    const everything = s.fake.calls.map((c) => c.raw).join('\n');
    for (const text of [OWN_TEXT.en, OWN_TEXT.et, 'igatsen', 'long for', 'haavunud', 'Kui see juhtub']) {
      expect(everything).not.toContain(text);
    }

    // The overlay itself keeps the id only; the texts come from the session view's wording.
    const get = await s.api.request(`/api/sessions/${s.bookingId}/overlay`, { cookie: s.therapist.cookie });
    expect(JSON.stringify(await get.json())).not.toContain('igatsen');
  });
});
