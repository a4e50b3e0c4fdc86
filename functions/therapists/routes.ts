/** The signed-in therapist: profile and settings, availability, own bookings. */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import {
  Availability,
  RangeQuery,
  SettingsPatch,
  TherapistBookingRequest,
} from '../../shared/schemas';
import type { AppEnv } from '../config';
import { deps, requireTherapist } from '../auth/middleware';
import { getBooking, listTherapistBookings, toBookingView } from '../booking/repo';
import { cancelBooking, createBooking, eraseBooking } from '../booking/service';
import { idempotent } from '../booking/idempotency';
import { conflict, notFound, invalid } from '../http/errors';
import { jsonBody, paramsOf, queryOf } from '../http/validate';
import { DeckOverridesRequest } from '../../shared/dialogues/overrides';
import { deckOverridesView, writeDeckOverrides } from './deck';
import { claimSlug, getTherapist, releaseSlug, toTherapistView, updateTherapist, withdrawBookingPage } from './repo';

const DAY = 24 * 60 * 60 * 1000;
const BookingParam = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) });

export function rangeOf(q: { from?: string; to?: string }, now: Date, defaultDays: number, maxDays: number) {
  const from = q.from ? new Date(q.from) : now;
  const to = q.to ? new Date(q.to) : new Date(from.getTime() + defaultDays * DAY);
  if (to.getTime() <= from.getTime()) throw invalid('`to` must be after `from`', [{ path: ['to'], message: 'Must be after from' }]);
  if (to.getTime() - from.getTime() > maxDays * DAY) {
    throw invalid(`The range can be at most ${maxDays} days`, [{ path: ['to'], message: `At most ${maxDays} days after from` }]);
  }
  return { from, to };
}

export const meRoutes = new Hono<AppEnv>()
  .use(requireTherapist)
  .get('/', async (c) => {
    const d = deps(c);
    const t = await getTherapist(d.table, c.get('therapistId')!);
    if (!t) throw notFound();
    return c.json({ therapist: toTherapistView(t, d.config.publicUrl) }, 200);
  })
  .patch('/', jsonBody(SettingsPatch), async (c) => {
    const d = deps(c);
    const patch = c.req.valid('json');
    const t = await getTherapist(d.table, c.get('therapistId')!);
    if (!t) throw notFound();
    const newSlug = patch.slug !== undefined && patch.slug !== t.slug ? patch.slug : undefined;
    // Slug change: claim the new slug item first (uniqueness), withdraw the old slug's booking
    // page, then the profile, then free the old slug. A crash in between leaves a stale slug item
    // that claimSlug can take over, and that serves no slots (therapists/slug.ts).
    if (newSlug && !(await claimSlug(d.table, newSlug, t.id))) {
      throw conflict('slug_taken', 'This address is already taken');
    }
    if (newSlug) await withdrawBookingPage(d.table, t);
    let updated;
    try {
      updated = await updateTherapist(d.table, t, patch);
    } catch (err) {
      if (newSlug) await releaseSlug(d.table, newSlug, t.id);
      throw err;
    }
    if (newSlug) await releaseSlug(d.table, t.slug, t.id);
    return c.json({ therapist: toTherapistView(updated, d.config.publicUrl) }, 200);
  })
  .put('/availability', jsonBody(Availability), async (c) => {
    const d = deps(c);
    const t = await getTherapist(d.table, c.get('therapistId')!);
    if (!t) throw notFound();
    const availability = c.req.valid('json');
    availability.weekly.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start));
    availability.overrides.sort((a, b) => a.date.localeCompare(b.date));
    const updated = await updateTherapist(d.table, t, { availability });
    return c.json({ therapist: toTherapistView(updated, d.config.publicUrl) }, 200);
  })
  /** The therapist's own wording of the deck: `{ overrides, version }` (version 0: none saved). */
  .get('/deck', async (c) => {
    const t = await getTherapist(deps(c).table, c.get('therapistId')!);
    if (!t) throw notFound();
    return c.json(deckOverridesView(t), 200);
  })
  /**
   * Replaces the whole wording, on the version it was edited from (409 `deck_changed` if stale);
   * 422 names every key or stem id that cannot be stored. Reset to default: leave the key out.
   */
  .put('/deck', jsonBody(DeckOverridesRequest), async (c) => {
    const { overrides, baseVersion } = c.req.valid('json');
    // Loaded on first use: the deck and its schema are needed only when wording is saved.
    const { assertValidOverrides } = await import('./deck-validation');
    assertValidOverrides(overrides);
    const saved = await writeDeckOverrides(deps(c).table, c.get('therapistId')!, overrides, baseVersion);
    if (!saved) throw notFound();
    return c.json(saved, 200);
  })
  .get('/bookings', queryOf(RangeQuery), async (c) => {
    const d = deps(c);
    const { from, to } = rangeOf(c.req.valid('query'), d.now(), 60, 400);
    const items = await listTherapistBookings(d.table, c.get('therapistId')!, from, to, d.now());
    return c.json({ bookings: items.map(toBookingView) }, 200);
  })
  .post('/bookings', jsonBody(TherapistBookingRequest), async (c) => {
    const d = deps(c);
    const body = c.req.valid('json');
    const t = await getTherapist(d.table, c.get('therapistId')!);
    if (!t) throw notFound();
    const duration = body.durationMinutes ?? t.sessionMinutes;
    const start = new Date(body.start);
    if (start.getTime() + duration * 60_000 <= d.now().getTime()) {
      throw invalid('This time is already over', [{ path: ['start'], message: 'Choose a time that has not ended' }]);
    }
    const outcome = await idempotent(d.table, `therapist:${t.id}`, c.req.header('idempotency-key'), body, d.now(), async () => {
      const booking = await createBooking(d, t, {
        start,
        durationMinutes: duration,
        partners: body.partners,
        locale: body.locale,
        source: 'therapist',
        consent: false,
      });
      return { status: 201, body: { booking: toBookingView(booking) } };
    });
    return c.json(outcome.body as { booking: ReturnType<typeof toBookingView> }, outcome.status);
  })
  /** The therapist cancels a session (no cancellation window); the couple is emailed. */
  .post('/bookings/:id/cancel', paramsOf(BookingParam), async (c) => {
    const d = deps(c);
    const t = await getTherapist(d.table, c.get('therapistId')!);
    const b = await getBooking(d.table, c.req.valid('param').id, d.now());
    if (!t || !b || b.therapistId !== t.id || b.status === 'pending') throw notFound();
    const updated = await cancelBooking(d, b, t, 'therapist');
    return c.json({ booking: toBookingView(updated) }, 200);
  })
  /** Erases a (cancelled or past) booking's personal data on request. */
  .delete('/bookings/:id', paramsOf(BookingParam), async (c) => {
    const d = deps(c);
    const b = await getBooking(d.table, c.req.valid('param').id, d.now());
    if (!b || b.therapistId !== c.get('therapistId')) throw notFound();
    await eraseBooking(d, b);
    return c.body(null, 204);
  });
