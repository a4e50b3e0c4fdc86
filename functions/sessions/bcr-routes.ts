/**
 * `/api/sessions/:id/bcr` — the three requests of a Behaviour Change Request, written by the
 * therapist in the session and read by the admitted partners. Through the API only: the text is
 * personal, so it never goes into LiveKit (room metadata, attributes) or the timeline. The
 * requests also land in the worksheet draft (between/repo.ts), which the couple sees once shared.
 */
import { Hono } from 'hono';
import { BcrRequestsSchema } from '../../shared/between-schemas';
import type { BcrRequests } from '../../shared/between-types';
import type { AppEnv } from '../config';
import { deps } from '../auth/middleware';
import { putBcr, putBcrIntoDraft, readBcr } from '../between/repo';
import { forbidden } from '../http/errors';
import { jsonBody, paramsOf } from '../http/validate';
import { assertNotCancelled, loadSession } from './access';
import { seatMayJoin } from './join';
import { SessionParam } from './schemas';

export const bcrRoutes = new Hono<AppEnv>()
  // The therapist, or a partner admitted to the room (403 while waiting or sent back). The BCR
  // item is read beside loadSession's BatchGet (its key follows from the id alone): one round
  // trip; what it read is only answered once the caller is known to belong here.
  .get('/:id/bcr', paramsOf(SessionParam), async (c) => {
    const d = deps(c);
    const id = c.req.valid('param').id;
    const [{ caller, booking, session }, item] = await Promise.all([loadSession(c, id), readBcr(d.table, id, d.now())]);
    assertNotCancelled(booking);
    if (caller.kind === 'partner' && !seatMayJoin(session.lobby[caller.seat], d.now())) {
      throw forbidden('Wait until the therapist lets you in');
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ bcr: (item?.bcr ?? null) as BcrRequests | null }, 200);
  })
  // The session's therapist only; the last write wins (one console writes them).
  .put('/:id/bcr', paramsOf(SessionParam), jsonBody(BcrRequestsSchema), async (c) => {
    const d = deps(c);
    const { booking } = await loadSession(c, c.req.valid('param').id, { therapistOnly: true });
    assertNotCancelled(booking);
    const bcr = c.req.valid('json') as BcrRequests;
    await Promise.all([putBcr(d.table, booking, bcr, d.now()), putBcrIntoDraft(d.table, booking, bcr, d.now())]);
    return c.json({ bcr }, 200);
  });
