/** Public booking (by slug) and the partner's own booking (by invite token). */
import { joinOpensAt } from '../../shared/join-window';
import { Hono, type Context } from 'hono';
import {
  PublicBookingRequest,
  RangeQuery,
  RescheduleRequest,
  SlugParam,
  type PartnerBookingView,
} from '../../shared/schemas';
import { computeSlots } from '../../shared/slots';
import type { AppEnv, Deps } from '../config';
import { deps, requirePartner } from '../auth/middleware';
import { notFound } from '../http/errors';
import { jsonBody, paramsOf, queryOf } from '../http/validate';
import { hit, LIMITS } from '../security/rate-limit';
import { getTherapist, getTherapistBySlug, readBookingPage, toPublicTherapist, type TherapistItem } from '../therapists/repo';
import { rangeOf } from '../therapists/routes';
import { manageUrl } from './emails';
import { idempotent } from './idempotency';
import { getBooking, inviteToken, type BookingItem } from './repo';
import { assertPublicSlot, cancelBooking, changeDeadline, createBooking, rescheduleBooking } from './service';

async function therapistOr404(d: Deps, slug: string): Promise<TherapistItem> {
  const t = await getTherapistBySlug(d.table, slug);
  if (!t) throw notFound('No booking page at this address');
  return t;
}

export const publicTherapistRoutes = new Hono<AppEnv>()
  .get('/:slug', paramsOf(SlugParam), async (c) => {
    const t = await therapistOr404(deps(c), c.req.valid('param').slug);
    return c.json({ therapist: toPublicTherapist(t) }, 200);
  })
  .get('/:slug/slots', paramsOf(SlugParam), queryOf(RangeQuery), async (c) => {
    const d = deps(c);
    const { from, to } = rangeOf(c.req.valid('query'), d.now(), 14, 62);
    // One read: the slug item carries a snapshot of the settings and busy times (therapists/slug.ts).
    const page = await readBookingPage(d.table, c.req.valid('param').slug);
    if (!page) throw notFound('No booking page at this address');
    const slots = computeSlots({ ...page, from, to, now: d.now() });
    c.header('Cache-Control', 'no-store');
    return c.json({ slots, timezone: page.rules.timezone }, 200);
  })
  .post('/:slug/bookings', paramsOf(SlugParam), jsonBody(PublicBookingRequest), async (c) => {
    const d = deps(c);
    const t = await therapistOr404(d, c.req.valid('param').slug);
    const body = c.req.valid('json');
    await hit(d.table, LIMITS.bookingPerClient, d.clientIp(c), d.now());
    const outcome = await idempotent(d.table, `public:${t.id}`, c.req.header('idempotency-key'), body, d.now(), async () => {
      const start = new Date(body.start);
      await assertPublicSlot(d, t, start);
      const booking = await createBooking(d, t, {
        start,
        durationMinutes: t.sessionMinutes,
        partners: body.partners,
        locale: body.locale,
        source: 'public',
        consent: true,
        timezone: body.timezone,
      });
      // The booker is the first partner: they see their own link, and only if it is theirs (an
      // email was given for them). The other partner's link goes to that partner's email only.
      // The stored result names the seat, not its token: tokens are never stored in plain text.
      const first = booking.partners.find((p) => p.seat === 'A');
      return {
        status: 201,
        body: {
          booking: { id: booking.id, start: booking.start, end: booking.end, status: 'confirmed' as const },
          manageSeat: first?.email ? ('A' as const) : null,
        },
      };
    });
    if (outcome.status !== 201) return c.json(outcome.body as { error: { code: string; message: string } }, outcome.status);
    const { booking, manageSeat } = outcome.body as {
      booking: { id: string; start: string; end: string; status: 'confirmed' };
      manageSeat: 'A' | null;
    };
    // One answer shape (the typed client sees `manageUrl` as optional).
    const created: { booking: typeof booking; manageUrl?: string } = { booking };
    if (manageSeat) created.manageUrl = manageUrl(d.config.publicUrl, inviteToken(d.config.signingKey, booking.id, manageSeat));
    return c.json(created, 201);
  });

async function partnerContext(c: Context<AppEnv>) {
  const d = c.get('deps');
  const partner = c.get('partner')!;
  const b = await getBooking(d.table, partner.bookingId, d.now());
  if (!b || b.status === 'pending') throw notFound();
  const t = await getTherapist(d.table, b.therapistId);
  if (!t) throw notFound();
  return { d, b, t, seat: partner.seat };
}

function partnerView(d: Deps, b: BookingItem, t: TherapistItem, seat: 'A' | 'B'): PartnerBookingView {
  const deadline = changeDeadline(b, t);
  return {
    booking: { id: b.id, start: b.start, end: b.end, status: b.status === 'cancelled' ? 'cancelled' : 'confirmed', locale: b.locale },
    seat,
    partners: b.partners.map((p) => ({ seat: p.seat, name: p.name })),
    therapist: toPublicTherapist(t),
    canChange: b.status === 'confirmed' && d.now().getTime() <= deadline.getTime() && Date.parse(b.end) > d.now().getTime(),
    changeDeadline: deadline.toISOString(),
    joinOpensAt: joinOpensAt(b.start),
  };
}

export const partnerBookingRoutes = new Hono<AppEnv>()
  .use(requirePartner)
  .get('/', async (c) => {
    const { d, b, t, seat } = await partnerContext(c);
    return c.json(partnerView(d, b, t, seat), 200);
  })
  .post('/cancel', async (c) => {
    const { d, b, t, seat } = await partnerContext(c);
    const updated = await cancelBooking(d, b, t, 'partner');
    return c.json(partnerView(d, updated, t, seat), 200);
  })
  .post('/reschedule', jsonBody(RescheduleRequest), async (c) => {
    const { d, b, t, seat } = await partnerContext(c);
    const updated = await rescheduleBooking(d, b, t, new Date(c.req.valid('json').start), 'partner');
    return c.json(partnerView(d, updated, t, seat), 200);
  });
