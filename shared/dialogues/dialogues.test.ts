import { DeckSchema } from './deck-schema';
import { describe, expect, it } from 'vitest';
import {
  DECK,
  findParentRole,
  findSafetyCard,
  findStem,
  getProcess,
  getStep,
  localizeDeck,
  turnStartStep,
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
  for (const r of DECK.parentRoles) {
    out.push({ path: `parentRoles.${r.id}.name`, text: r.name });
    out.push({ path: `parentRoles.${r.id}.badge`, text: r.badge });
  }
  for (const [k, v] of Object.entries(DECK.cardTitles)) {
    out.push({ path: `cardTitles.${k}`, text: v });
  }
  return out;
}

function expectUnique(ids: string[]) {
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
}

/** Every string value in a JSON tree, except under keys that hold codes rather than text. */
function textLeaves(value: unknown, key = '', out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!['id', 'role', 'locale', 'loopTo'].includes(key)) out.push(value);
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

  it('holds the edited reference texts word for word', () => {
    const feel = findStem('couples-dialogue.send.feel')?.stem.text;
    expect(feel).toEqual({
      en: 'When that happens, I feel …',
      et: 'Kui see juhtub, siis tunnen ma …',
    });
    expect(findStem('couples-dialogue.mirror.more')?.stem).toEqual({
      id: 'couples-dialogue.mirror.more',
      role: 'R',
      text: { en: 'Is there more?', et: 'Kas on veel midagi?' },
    });
    expect(findStem('couples-dialogue.validation.sense')?.stem.text.et).toBe(
      'Mulle on arusaadav, mida sa ütled. Arusaadav on see, et …',
    );
    expect(findStem('behavior-change-request.gift.choose')?.stem.text.et).toBe(
      'Ma valin … ja kingin selle sulle.',
    );
    expect(findStem('behavior-change-request.frustration.say')?.stem.text.et).toBe(
      'Mind frustreerib see, et …',
    );
    expect(findStem('frustration.story.say')?.stem.text.et).toBe('Ja siis ma mõtlen endamisi, et …');
    expect(findStem('palette.scares')?.stem.text.et).toBe('Ja mis mind selles hirmutab, on …');
    expect(findSafetyCard('ouch')?.repair).toEqual({
      en: "I'm sorry, let me say that differently.",
      et: 'Vabandust, ütlen selle teisiti.',
    });
    expect(findSafetyCard('face-each-other')?.text).toEqual({
      en: 'Talk to each other, not to me.',
      et: 'Rääkige teineteisele, mitte mulle.',
    });
    expect(DECK.roles.T.et).toBe('Terapeut');
    expect(getProcess('parent-child')?.title.et).toBe('Vanema ja lapse dialoog');
  });

  it('puts „Mind häirib see, et …“ last among the Sender stems of Sending', () => {
    const send = getStep('couples-dialogue', 'send')!;
    expect(send.stems.filter((s) => s.role === 'S').at(-1)?.text.et).toBe('Mind häirib see, et …');
  });

  it('uses one mirroring formula everywhere', () => {
    const mirrors = DECK.processes.flatMap((p) =>
      p.steps.flatMap((s) => s.stems.filter((t) => /\.(mirror|said)$/.test(t.id))),
    );
    expect(mirrors.length).toBeGreaterThan(15);
    for (const t of mirrors) {
      expect(t.role, t.id).toBe('R');
      expect(t.text.et.startsWith('Kui ma sain õigesti aru, siis sa ütlesid …'), t.id).toBe(true);
      expect(t.text.en.startsWith('If I got it, you said …'), t.id).toBe(true);
    }
  });

  it('keeps to one Estonian term per concept and avoids the calques it replaced', () => {
    const banned = [
      'Juhendaja',
      'juhendaja',
      'mina-lause',
      'Mina-lause',
      'õiglane kokkuvõte',
      'sa võid tunda',
      'võid tunda',
      'Mõistmine',
      'kõige raskem',
      'lugu, mida ma endale räägin',
      'Minu frustratsioon on',
      'tehtavad',
      'läbirääkimisteta',
      'Vanema-lapse',
      'tüvilause kaart',
      'pausi kaart',
      'turva kaart',
      'Ma kuulen, et sa ütled',
      ', ja ',
      ' — ',
    ];
    for (const { path, text } of allTexts()) {
      for (const word of banned) expect(text.et, `${path}.et has „${word}“`).not.toContain(word);
    }
  });

  it('validates with „arusaadav“ and titles validation „Kinnitamine“', () => {
    for (const p of DECK.processes) {
      const validation = p.steps.find((s) => s.id === 'validation');
      if (!validation) continue;
      expect(validation.title.et, p.id).toBe('Kinnitamine');
      for (const t of validation.stems) expect(t.text.et, t.id).toContain('arusaadav');
    }
  });

  it('has feelings that read after „Ma tunnen …“ and "I feel …"', () => {
    const nominatives = [
      'rõõmus',
      'kurb',
      'vihane',
      'hirmul',
      'haavunud',
      'üksildane',
      'kergendus',
      'lootusrikas',
      'hell',
      'väsinud',
      'segaduses',
    ];
    expect(DECK.feelings.length).toBeGreaterThanOrEqual(12);
    expect(DECK.cardTitles.feelings).toEqual({ en: 'I feel …', et: 'Ma tunnen …' });
    for (const { id, text } of DECK.feelings) {
      // Partitive: a vowel (rõõmu, viha, häbi) or -t/-d (kurbust, väsimust), never a
      // nominative adjective (-ne, -nud, -s, -lik) or one of the words the list replaced.
      expect(nominatives, id).not.toContain(text.et);
      expect(text.et, id).toMatch(/^[a-zäöõüšž]+$/);
      expect(text.et, id).toMatch(/(?:[aeiuõäöü]|t|d)$/);
      expect(text.et, id).not.toMatch(/(?:ne|nud|us|as|ses|lik)$/);
      // English: an adjective after "I feel", not a noun.
      expect(['joy', 'anger', 'fear', 'shame', 'relief', 'hope', 'sadness', 'mad'], id).not.toContain(
        text.en,
      );
    }
    const et = Object.fromEntries(DECK.feelings.map((f) => [f.id, f.text.et]));
    expect(et).toMatchObject({
      glad: 'rõõmu',
      sad: 'kurbust',
      mad: 'viha',
      scared: 'hirmu',
      hurt: 'valu',
      lonely: 'üksildust',
      ashamed: 'häbi',
      relieved: 'kergendust',
      hopeful: 'lootust',
      tender: 'hellust',
      tired: 'väsimust',
      confused: 'segadust',
    });
    const en = Object.fromEntries(DECK.feelings.map((f) => [f.id, f.text.en]));
    expect(en).toMatchObject({ glad: 'glad', mad: 'angry', scared: 'scared', tender: 'tender' });
  });

  it('gives every process a switch step and a step where the next turn starts', () => {
    for (const p of DECK.processes) {
      const swap = p.steps.find((s) => s.id === 'switch');
      expect(swap, p.id).toBeDefined();
      expect(swap?.speakers, p.id).toEqual(['T']);
      expect(turnStartStep(p)?.speakers, p.id).toContain('S');
    }
    expect(DECK.processes.map((p) => turnStartStep(p)?.id)).toEqual([
      'appointment',
      'send',
      'appointment',
      'appreciation',
      'set-role',
      'now',
    ]);
  });

  it('loops mirroring back to sending, and "next" from the loop goes on', () => {
    const loops = DECK.processes.flatMap((p) =>
      p.steps.filter((s) => s.loopTo).map((s) => `${p.id}.${s.id}→${s.loopTo}`),
    );
    expect(loops).toEqual([
      'couples-dialogue.mirror→send',
      'appreciation.mirror→send',
      'behavior-change-request.mirror→requests',
    ]);
    const steps = getProcess('couples-dialogue')!.steps.map((s) => s.id);
    expect(steps[steps.indexOf('mirror') + 1]).toBe('summary');
  });

  it('gives the Sender replies and the Receiver a close', () => {
    const stems = (p: string, s: string) => getStep(p, s)!.stems.map((t) => `${t.role}:${t.text.en}`);
    expect(stems('couples-dialogue', 'mirror')).toEqual(
      expect.arrayContaining(['S:Yes, you got it.', 'S:What I also want you to hear is …']),
    );
    expect(stems('couples-dialogue', 'empathy')).toEqual(
      expect.arrayContaining(["S:Yes, that's it.", 'S:More like …']),
    );
    expect(stems('couples-dialogue', 'close')).toContain('R:Thank you for sharing.');
    for (const s of ['frustration', 'desire']) {
      expect(getStep('behavior-change-request', s)!.stems.map((t) => t.role), s).toContain('R');
    }
    for (const s of ['living-with-me', 'hardest', 'needed']) {
      expect(getStep('parent-child', s)!.stems.map((t) => t.role), s).toContain('S');
    }
    expect(findStem('parent-child.needed.ask')?.stem.text).toEqual({
      en: "What do you need most from me that you don't get?",
      et: 'Mida sa minult kõige rohkem vajad, aga ei saa?',
    });
  });

  it('has validation and empathy before the requests in the Behavior Change Request', () => {
    const steps = getProcess('behavior-change-request')!.steps.map((s) => s.id);
    expect(steps.indexOf('validation')).toBeGreaterThan(steps.indexOf('desire'));
    expect(steps.indexOf('empathy')).toBeGreaterThan(steps.indexOf('validation'));
    expect(steps.indexOf('requests')).toBeGreaterThan(steps.indexOf('empathy'));
  });

  it('names the parents the Receiver can play, with a badge for the tile', () => {
    expect(DECK.parentRoles.map((r) => r.id)).toEqual(['mother', 'father', 'caregiver']);
    expect(findParentRole('mother')?.badge).toEqual({ en: 'as mother', et: 'emana' });
    expect(findParentRole('father')?.badge.et).toBe('isana');
    expect(findParentRole('aunt')).toBeUndefined();
  });

  it('keeps the ground rules short, in both locales', () => {
    expect(DECK.groundRules.map((r) => r.id).slice(0, 3)).toEqual([
      'one-at-a-time',
      'speak-about-yourself',
      'small-pieces',
    ]);
    for (const r of DECK.groundRules) expect(r.text.et.length, r.id).toBeLessThan(70);
  });

  it('rejects a deck whose loop points forward or to a missing step', () => {
    const edited = structuredClone(DECK) as unknown as {
      processes: { steps: { id: string; loopTo?: string }[] }[];
    };
    edited.processes[0]!.steps[0]!.loopTo = 'send';
    const result = DeckSchema.safeParse(edited);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('not an earlier step');
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
      text: 'Kui see juhtub, siis tunnen ma …',
    });
    expect(deck.roles).toEqual({ S: 'Saatja', R: 'Vastuvõtja', T: 'Terapeut' });
    expect(deck.safetyCards.find((c) => c.id === 'ouch')?.repair).toBe(
      'Vabandust, ütlen selle teisiti.',
    );
    expect(deck.parentRoles[0]).toEqual({ id: 'mother', name: 'Ema', badge: 'emana' });
    expect(deck.cardTitles).toEqual({
      feelings: 'Ma tunnen …',
      groundRules: 'Põhireeglid',
      bcrRequests: 'Kolm palvet',
    });
    expect(deck.processes[0]?.steps.find((s) => s.id === 'mirror')?.loopTo).toBe('send');
    expect(send?.loopTo).toBeNull();
    expect(deck.safetyCards.find((c) => c.id === 'pause')?.repair).toBeNull();
    expect(localizeDeck('en').palette[0]?.text).toBe('And when that happens, I feel …');
  });

  it('returns fresh objects, so changing a response never changes the deck', () => {
    const deck = localizeDeck('en');
    deck.processes[0]!.steps[0]!.speakers.push('T');
    expect(getStep('couples-dialogue', 'appointment')?.speakers).toEqual(['S', 'R']);
  });
});
