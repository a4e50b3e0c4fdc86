/**
 * Between sessions (`shared/between-types.ts` names the routes and shapes): the couple's space
 * behind their personal links, mounted beside `partnerBookingRoutes` at `/api/bookings/me`, and
 * the therapist's worksheet, mounted beside `meRoutes` at `/api/me`. Every route reads what it
 * starts from in one BatchGet (`readBetween`) and answers 404 for a booking that is not the
 * caller's.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import {
  CaringAddRequest,
  CaringItemParam,
  CaringPatchRequest,
  PracticeProcessesRequest,
  PracticeShareRequest,
  WorksheetDraftRequest,
} from '../../shared/between-schemas';
import type { AppEnv } from '../config';
import { deps, partnerFromRequest, requireTherapist } from '../auth/middleware';
import { AppError, conflict, notFound } from '../http/errors';
import { jsonBody, paramsOf } from '../http/validate';
import { getTherapist } from '../therapists/repo';
import { putProcesses, readBetween, type BetweenPart } from './repo';
import {
  addCaring,
  coupleSpace,
  currentDraft,
  listPracticeRecords,
  patchCaring,
  practiceProcessesOf,
  removeCaring,
  saveDraft,
  shareDraft,
  sharePractice,
  worksheetAdmin,
} from './service';

// ---- The couple (invite token) -------------------------------------------------------------------

/**
 * The partner behind `Authorization: Bearer`. Mounted after `partnerBookingRoutes`, whose
 * `requirePartner` has usually looked the token up already (then this costs nothing).
 */
const betweenPartner: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('partner')) {
    const invite = await partnerFromRequest(c, { allowCancelled: true });
    if (!invite) throw new AppError(401, 'invalid_token', 'This link is not valid or has expired');
    c.set('partner', { bookingId: invite.bookingId, seat: invite.seat, therapistId: invite.therapistId });
  }
  await next();
};

/**
 * The caller's booking and the between items `parts` names, in one BatchGet — with the
 * therapist's profile when `withTherapist` and the invite names them (invites written before
 * they did: one more read). A cancelled booking's links show the booking only (409
 * `booking_cancelled` here).
 */
async function partnerBetween(c: Context<AppEnv>, parts: BetweenPart[], withTherapist = false) {
  const d = deps(c);
  const { bookingId, seat, therapistId } = c.get('partner')!;
  const items = await readBetween(d.table, bookingId, parts, d.now(), withTherapist ? therapistId : undefined);
  const booking = items.booking;
  if (!booking || booking.status === 'pending') throw notFound();
  if (booking.status === 'cancelled') throw conflict('booking_cancelled', 'This session was cancelled');
  const therapist = async () =>
    items.therapist?.id === booking.therapistId ? items.therapist : getTherapist(d.table, booking.therapistId);
  return { d, booking, seat, items, therapist };
}

export const betweenPartnerRoutes = new Hono<AppEnv>()
  .use(betweenPartner)
  .get('/between', async (c) => {
    const d = deps(c);
    const { bookingId } = c.get('partner')!;
    const [between, practice] = await Promise.all([
      partnerBetween(c, ['shared', 'caring', 'processes'], true),
      listPracticeRecords(d.table, bookingId, d.now()),
    ]);
    const { booking, seat, items } = between;
    const therapist = await between.therapist();
    if (!therapist) throw notFound();
    c.header('Cache-Control', 'no-store');
    return c.json(coupleSpace(booking, seat, therapist, items, practice), 200);
  })
  .post('/caring', jsonBody(CaringAddRequest), async (c) => {
    const { d, booking, seat, items } = await partnerBetween(c, ['caring']);
    return c.json(await addCaring(d, booking, seat, items, c.req.valid('json')), 200);
  })
  .patch('/caring/:itemId', paramsOf(CaringItemParam), jsonBody(CaringPatchRequest), async (c) => {
    const { d, booking, seat, items } = await partnerBetween(c, ['caring']);
    return c.json(await patchCaring(d, booking, seat, items, c.req.valid('param').itemId, c.req.valid('json')), 200);
  })
  .delete('/caring/:itemId', paramsOf(CaringItemParam), async (c) => {
    const { d, booking, seat, items } = await partnerBetween(c, ['caring']);
    return c.json(await removeCaring(d, booking, seat, items, c.req.valid('param').itemId), 200);
  })
  .post('/practice', jsonBody(PracticeShareRequest), async (c) => {
    const between = await partnerBetween(c, ['processes'], true);
    const { d, booking, items } = between;
    // The therapist's default counts only when the booking has no choice of its own.
    const therapist = items.processes ? undefined : await between.therapist();
    const record = await sharePractice(d, booking, practiceProcessesOf(items, therapist), c.req.valid('json'));
    return c.json({ record }, 201);
  });

// ---- The therapist (session cookie) --------------------------------------------------------------

const BookingParam = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) });

/** The signed-in therapist; `meRoutes` (mounted first) has usually checked the cookie already. */
const betweenTherapist: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('therapistId')) return next();
  return requireTherapist(c, next);
};

/**
 * The therapist's own booking, its worksheet items and their profile in one BatchGet, beside
 * the couple's practice records (a query): one round trip. Another therapist's booking is a 404.
 */
async function therapistBetween(c: Context<AppEnv>) {
  const d = deps(c);
  const therapistId = c.get('therapistId')!;
  const id = c.req.param('id')!;
  const [items, practice] = await Promise.all([
    readBetween(d.table, id, ['draft', 'shared', 'processes', 'bcr'], d.now(), therapistId),
    listPracticeRecords(d.table, id, d.now()),
  ]);
  const booking = items.booking;
  if (!booking || booking.status === 'pending' || booking.therapistId !== therapistId) throw notFound();
  return { d, booking, items, practice };
}

export const betweenTherapistRoutes = new Hono<AppEnv>()
  .use('/bookings/:id/*', betweenTherapist)
  .get('/bookings/:id/worksheet', paramsOf(BookingParam), async (c) => {
    const { d, booking, items, practice } = await therapistBetween(c);
    const draft = await currentDraft(d, booking.id, items);
    c.header('Cache-Control', 'no-store');
    return c.json(worksheetAdmin(draft, items, items.therapist, practice), 200);
  })
  .put('/bookings/:id/worksheet', paramsOf(BookingParam), jsonBody(WorksheetDraftRequest), async (c) => {
    const { d, booking, items, practice } = await therapistBetween(c);
    const draft = await saveDraft(d, booking, items, c.req.valid('json'));
    return c.json(worksheetAdmin(draft, items, items.therapist, practice), 200);
  })
  .post('/bookings/:id/worksheet/share', paramsOf(BookingParam), async (c) => {
    const { d, booking, items, practice } = await therapistBetween(c);
    const draft = await currentDraft(d, booking.id, items);
    const shared = await shareDraft(d, booking, draft);
    return c.json(worksheetAdmin(draft, items, items.therapist, practice, { shared }), 200);
  })
  .put('/bookings/:id/practice-processes', paramsOf(BookingParam), jsonBody(PracticeProcessesRequest), async (c) => {
    const { d, booking, items, practice } = await therapistBetween(c);
    const { processIds } = c.req.valid('json');
    const [draft] = await Promise.all([
      currentDraft(d, booking.id, items),
      putProcesses(d.table, booking, processIds, d.now()),
    ]);
    return c.json(worksheetAdmin(draft, items, items.therapist, practice, { practiceProcesses: processIds }), 200);
  });
