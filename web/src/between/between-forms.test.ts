import { describe, expect, it } from 'vitest';
import type { CaringItem, WorksheetAdmin } from '../../../shared/between-types';
import { caringText, doneOn, durationMessage, localDate, nameOf, otherSeat, sortCaring } from './couple-space';
import { draftBody, emptyBcr, formFromAdmin, isDirty, shareState, worksheetProblems } from './worksheet-form';

const item = (id: string, rating: CaringItem['rating'], createdAt: string, doneOnDays: string[] = []): CaringItem => ({
  id,
  text: id,
  rating,
  doneOn: doneOnDays,
  createdAt,
});

function admin(over: Partial<WorksheetAdmin> = {}): WorksheetAdmin {
  return {
    draft: {
      version: 3,
      updatedAt: '2026-12-01T19:00:00Z',
      note: 'Keep the appointments short.',
      appreciations: [{ from: 'A', text: 'You made tea.' }],
      bcr: null,
      processIds: ['couples-dialogue'],
    },
    shared: null,
    practiceProcesses: ['couples-dialogue', 'appreciation'],
    practice: [],
    ...over,
  };
}

describe("the couple's page", () => {
  it("'done today' is the partner's own date, not UTC's", () => {
    const lateEvening = new Date('2026-12-01T23:30:00Z');
    expect(localDate(lateEvening, 'Europe/Tallinn')).toBe('2026-12-02');
    expect(localDate(lateEvening, 'America/New_York')).toBe('2026-12-01');
    expect(doneOn(item('x', 3, '', ['2026-12-02']), '2026-12-02')).toBe(true);
    expect(doneOn(item('x', 3, '', ['2026-12-01']), '2026-12-02')).toBe(false);
  });

  it('caring lists show the most meaningful first, then the oldest', () => {
    const sorted = sortCaring([item('a', 3, '2026-12-01'), item('b', 5, '2026-12-03'), item('c', 5, '2026-12-02')]);
    expect(sorted.map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('a new caring behaviour is trimmed; an empty one is not sent', () => {
    expect(caringText('  hugs me  when I   come home ')).toBe('hugs me when I come home');
    expect(caringText('   ')).toBeNull();
  });

  it('a practice lasts whole minutes, or seconds under a minute', () => {
    expect([durationMessage(754), durationMessage(42), durationMessage(89)]).toEqual([
      ['between.minutes', 13],
      ['between.seconds', 42],
      ['between.minutes', 1],
    ]);
  });

  it('names partners by seat', () => {
    const space = { partners: [{ seat: 'A' as const, name: 'Mari' }, { seat: 'B' as const, name: 'Jüri' }] };
    expect([nameOf(space, 'A'), nameOf(space, otherSeat('A'))]).toEqual(['Mari', 'Jüri']);
  });
});

describe("the therapist's worksheet editor", () => {
  it('is clean as loaded, dirty after an edit, and clean again when the edit is undone by hand', () => {
    const a = admin();
    const form = formFromAdmin(a);
    expect(isDirty(form, a)).toBe(false);
    form.note += ' ';
    expect(isDirty(form, a), 'whitespace is not a change').toBe(false);
    form.appreciations.push({ from: 'B', text: 'You listened.' });
    expect(isDirty(form, a)).toBe(true);
    expect(a.draft.appreciations, 'the loaded draft is not changed').toHaveLength(1);
  });

  it('saves on top of the loaded version, without empty appreciations', () => {
    const a = admin();
    const form = formFromAdmin(a);
    form.appreciations.push({ from: 'B', text: '   ' });
    form.processIds.push('appreciation', 'couples-dialogue');
    expect(draftBody(form, a)).toEqual({
      baseVersion: 3,
      note: 'Keep the appointments short.',
      appreciations: [{ from: 'A', text: 'You made tea.' }],
      bcr: null,
      processIds: ['couples-dialogue', 'appreciation'],
    });
  });

  it('sharing: never, current, or behind the draft after an edit', () => {
    expect(shareState(admin())).toBe('never');
    const d = admin().draft;
    const shared = { bookingId: 'b', date: '2026-12-01T17:00:00Z', sharedAt: '2026-12-01T19:05:00Z', note: d.note, appreciations: d.appreciations, bcr: d.bcr, processIds: d.processIds };
    expect(shareState(admin({ shared }))).toBe('current');
    expect(shareState(admin({ shared: { ...shared, note: 'Older note' } }))).toBe('behind');
  });

  it('requests must all be written before saving', () => {
    const form = formFromAdmin(admin());
    form.bcr = emptyBcr('A');
    expect(worksheetProblems(form)).toEqual(['bcr']);
    form.bcr.requests = ['One', 'Two', 'Three'];
    expect(worksheetProblems(form)).toEqual([]);
    form.note = 'x'.repeat(2001);
    expect(worksheetProblems(form)).toEqual(['note']);
  });
});
