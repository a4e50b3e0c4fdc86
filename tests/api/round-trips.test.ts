/**
 * DynamoDB calls and sequential round trips per hot route (DESIGN §9 counts round trips: deployed,
 * each one is milliseconds of latency). Deterministic, so asserted here; latency stays in the
 * bench. A session request reads the caller's credential, the booking and the session state in one
 * BatchGet (functions/sessions/access.ts `loadSession`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveSession, type LiveSession } from '../helpers/livekit-fake';
import { meterTable } from '../helpers/round-trips';

let s: LiveSession;
let meter: ReturnType<typeof meterTable>;
const seen: string[] = [];

beforeAll(async () => {
  s = await startLiveSession();
  meter = meterTable(s.api.deps.table);
});
afterAll(async () => {
  console.log(`round trips per route:\n  ${seen.join('\n  ')}`);
  meter.restore();
  await s.close();
});

/** Per route: the most sequential round trips allowed (DESIGN §9 and the session-path issue). */
const LIMITS: Record<string, number> = {
  'GET session (therapist)': 1,
  'GET session (partner)': 2,
  'POST join (therapist)': 2,
  'POST join (therapist, again within the minute)': 1,
  'POST join (partner, first arrival)': 2,
  'POST join (partner, still waiting)': 1,
  'POST join (partner, admitted)': 2,
  'GET overlay (partner poll)': 1,
  'POST overlay (therapist)': 2,
  'GET slots': 1,
};

async function measure(label: string, send: () => Promise<Response>, status: number): Promise<void> {
  meter.take();
  const res = await send();
  expect(res.status, label).toBe(status);
  const m = meter.take();
  const limit = LIMITS[label]!;
  seen.push(`${label}: ${m.roundTrips} round trips, ${m.calls} calls (${m.operations.join(', ')}); at most ${limit}`);
  expect(m.roundTrips, label).toBeLessThanOrEqual(limit);
}

const post = (path: string, init: Record<string, unknown>) =>
  s.api.request(`/api/sessions/${s.bookingId}/${path}`, { method: 'POST', json: {}, ...init });

describe('round trips per request', () => {
  it('join, waiting room, overlay and slots stay within their counts', async () => {
    const t = { cookie: s.therapist.cookie };
    const A = { bearer: s.tokens.A };
    const session = `/api/sessions/${s.bookingId}`;
    await measure('GET session (therapist)', () => s.api.request(session, t), 200);
    await measure('GET session (partner)', () => s.api.request(session, A), 200);
    await measure('POST join (therapist)', () => post('join', t), 200);
    // The minute's join record came with the read: nothing to write.
    await measure('POST join (therapist, again within the minute)', () => post('join', t), 200);
    await measure('POST join (partner, first arrival)', () => post('join', A), 202);
    await measure('POST join (partner, still waiting)', () => post('join', A), 202);
    expect((await post('admit', { ...t, json: { seat: 'A' } })).status).toBe(200);
    await measure('POST join (partner, admitted)', () => post('join', A), 200);
    await measure('GET overlay (partner poll)', () => s.api.request(`/api/sessions/${s.bookingId}/overlay`, A), 200);
    await measure(
      'POST overlay (therapist)',
      () => post('overlay', { ...t, json: { baseVersion: 1, action: { type: 'next' } } }),
      200,
    );
    await measure('GET slots', () => s.api.request(`/api/therapists/${s.therapist.slug}/slots`), 200);
  });
});
