import { DeckSchema } from './deck-schema';
import { describe, expect, it } from 'vitest';
import {
  DECK,
  findSafetyCard,
  findStem,
  getProcess,
  getStep,
  localizeDeck,
  type Localized,
} from './index';

/** Every localized text in the deck, with a path for readable failures. */
function allTexts(): { path: string; text: Localized }[] {
  const out: { path: string; text: Localized }[] = [];
  for (const [k, v] of Object.entries(DECK.roles)) out.push({ path: `roles.${k}`, text: v });
  for (const r of DECK.groundRules) out.push({ path: `groundRules.${r.id}`, text: r.text });
  for (const p of DECK.processes) {
    out.push(
      { path: `${p.id}.title`, text: p.title },
      { path: `${p.id}.guidance`, text: p.guidance },
    );
    for (const s of p.steps) {
      out.push(
        { path: `${p.id}.${s.id}.title`, text: s.title },
        { path: `${p.id}.${s.id}.guidance`, text: s.guidance },
      );
      for (const t of s.stems) out.push({ path: t.id, text: t.text });
    }
  }
  for (const t of DECK.palette) out.push({ path: t.id, text: t.text });
  for (const c of DECK.safetyCards) {
    out.push({ path: `safety.${c.id}`, text: c.text });
    if (c.repair) out.push({ path: `safety.${c.id}.repair`, text: c.repair });
  }
  for (const f of DECK.feelings) out.push({ path: `feelings.${f.id}`, text: f.text });
  return out;
}

function expectUnique(ids: string[]) {
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
}

/** Every string value in a JSON tree, except under keys that hold codes rather than text. */
function textLeaves(value: unknown, key = '', out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!['id', 'role', 'locale'].includes(key)) out.push(value);
  } else if (Array.isArray(value)) {
    if (key !== 'speakers') value.forEach((v) => textLeaves(v, key, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) textLeaves(v, k, out);
  }
  return out;
}

describe('dialogue deck content', () => {
  it('has the six processes of the reference, in order', () => {
    expect(DECK.processes.map((p) => p.id)).toEqual([
      'couples-dialogue',
      'appreciation',
      'frustration',
      'behavior-change-request',
      'parent-child',
      'caring-behaviors',
    ]);
  });

  it('has every text in both en and et, never blank', () => {
    const texts = allTexts();
    expect(texts.length).toBeGreaterThan(150);
    for (const { path, text } of texts) {
      expect(text.en.trim(), `${path}.en`).not.toBe('');
      expect(text.et.trim(), `${path}.et`).not.toBe('');
      expect(text.et, `${path}.et is a copy of the English`).not.toBe(text.en);
    }
  });

  it('keeps ids unique: processes, steps within a process, stems globally, cards, feelings', () => {
    expectUnique(DECK.processes.map((p) => p.id));
    for (const p of DECK.processes) expectUnique(p.steps.map((s) => s.id));
    expectUnique([
      ...DECK.processes.flatMap((p) => p.steps.flatMap((s) => s.stems.map((t) => t.id))),
      ...DECK.palette.map((t) => t.id),
    ]);
    expectUnique(DECK.safetyCards.map((c) => c.id));
    expectUnique(DECK.feelings.map((f) => f.id));
    expectUnique(DECK.groundRules.map((r) => r.id));
  });

  it('gives every process at least one step', () => {
    for (const p of DECK.processes) expect(p.steps.length, p.id).toBeGreaterThan(0);
  });

  it('names stems after where they live, so ids read well in session timelines', () => {
    for (const p of DECK.processes) {
      for (const s of p.steps) {
        for (const t of s.stems) expect(t.id.startsWith(`${p.id}.${s.id}.`), t.id).toBe(true);
      }
    }
    for (const t of DECK.palette) {
      expect(t.id.startsWith('palette.'), t.id).toBe(true);
      expect(t.role).toBe('S');
    }
  });

  it('passes its own zod schema, which catches a duplicate stem id in an edited deck', () => {
    expect(DeckSchema.safeParse(DECK).success).toBe(true);
    const edited = structuredClone(DECK) as unknown as {
      palette: { id: string; role: string; text: Localized }[];
    };
    const duplicate = { id: 'couples-dialogue.send.feel', role: 'S', text: { en: 'x', et: 'y' } };
    edited.palette.push(duplicate);
    const result = DeckSchema.safeParse(edited);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('Duplicate stem id');
  });

  it('is frozen, so no caller can change the shared content', () => {
    expect(Object.isFrozen(DECK.processes[0]?.steps[0]?.stems[0]?.text)).toBe(true);
  });

  it('holds the reference texts word for word', () => {
    const feel = findStem('couples-dialogue.send.feel')?.stem.text;
    expect(feel).toEqual({ en: 'When that happens, I feel …', et: 'Kui see juhtub, tunnen ma …' });
    expect(findStem('couples-dialogue.mirror.more')?.stem).toEqual({
      id: 'couples-dialogue.mirror.more',
      role: 'R',
      text: { en: 'Is there more?', et: 'Kas on veel midagi?' },
    });
    expect(findStem('behavior-change-request.gift.choose')?.stem.text.et).toBe(
      'Ma valin … ja kingin selle sulle.',
    );
    expect(findStem('palette.scares')?.stem.text.et).toBe('Ja mis mind selles hirmutab, on …');
    expect(findSafetyCard('ouch')?.repair).toEqual({
      en: "I'm sorry, let me say it again.",
      et: 'Vabandust, ütlen uuesti.',
    });
    expect(DECK.groundRules.map((r) => r.text.et).join(' ')).toBe(
      'Korraga räägib üks. Räägi endast („mina…“). Väikeste tükkidena, siis paus.',
    );
    expect(DECK.feelings.map((f) => f.text.et)).toHaveLength(12);
  });
});

describe('deck lookups', () => {
  it('finds processes and steps by id and misses unknown ones', () => {
    expect(getProcess('frustration')?.title.et).toBe('Frustratsiooni dialoog');
    expect(getProcess('nope')).toBeUndefined();
    expect(getStep('couples-dialogue', 'mirror')?.title).toEqual({
      en: 'Mirroring',
      et: 'Peegeldamine',
    });
    expect(getStep('couples-dialogue', 'gift')).toBeUndefined();
    expect(getStep('nope', 'send')).toBeUndefined();
  });

  it('finds a stem with where it lives: a step or the palette', () => {
    expect(findStem('frustration.hurt.say')?.location).toEqual({
      kind: 'step',
      processId: 'frustration',
      stepId: 'hurt',
    });
    expect(findStem('palette.if-i-got')?.location).toEqual({ kind: 'palette' });
    expect(findStem('couples-dialogue.send')).toBeUndefined();
  });

  it('finds the four safety and pace cards', () => {
    for (const id of ['pause', 'slow-down', 'ouch', 'face-each-other']) {
      expect(findSafetyCard(id)?.id).toBe(id);
    }
    expect(findSafetyCard('stop')).toBeUndefined();
  });
});

describe('localizeDeck', () => {
  const etTexts = new Set(allTexts().map((t) => t.text.et));
  const enTexts = new Set(allTexts().map((t) => t.text.en));

  it('serves Estonian with no English leftovers: every string comes from `et`', () => {
    const leaves = textLeaves(localizeDeck('et'));
    expect(leaves.length).toBe(allTexts().length);
    for (const s of leaves) expect(etTexts.has(s), `not from et: ${s}`).toBe(true);
  });

  it('serves English from `en` only', () => {
    for (const s of textLeaves(localizeDeck('en'))) expect(enTexts.has(s), s).toBe(true);
  });

  it('keeps ids, roles and speakers, and is plain JSON', () => {
    const deck = localizeDeck('et');
    expect(JSON.parse(JSON.stringify(deck))).toEqual(deck);
    const send = deck.processes[0]?.steps.find((s) => s.id === 'send');
    expect(send).toMatchObject({ id: 'send', title: 'Jagamine', speakers: ['S'] });
    expect(send?.stems[0]).toEqual({
      id: 'couples-dialogue.send.feel',
      role: 'S',
      text: 'Kui see juhtub, tunnen ma …',
    });
    expect(deck.roles).toEqual({ S: 'Saatja', R: 'Vastuvõtja', T: 'Juhendaja' });
    expect(deck.safetyCards.find((c) => c.id === 'ouch')?.repair).toBe('Vabandust, ütlen uuesti.');
    expect(deck.safetyCards.find((c) => c.id === 'pause')?.repair).toBeNull();
    expect(localizeDeck('en').palette[0]?.text).toBe('And when that happens, I feel …');
  });

  it('returns fresh objects, so changing a response never changes the deck', () => {
    const deck = localizeDeck('en');
    deck.processes[0]!.steps[0]!.speakers.push('T');
    expect(getStep('couples-dialogue', 'appointment')?.speakers).toEqual(['S', 'R']);
  });
});
