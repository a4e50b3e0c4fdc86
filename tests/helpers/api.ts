/**
 * Test harness: the real Hono app over the real AWS SDK against an in-process dynalite, with a
 * controllable clock and the local outbox. Drive it like a client with `api.request(...)`.
 */
import { createApp } from '../../functions/app';
import type { Config, Deps } from '../../functions/config';
import { TableClient } from '../../functions/db/table-client';
import { createLiveKitRooms, type LiveKitRooms } from '../../functions/livekit/adapter';
import { OutboxMailer } from '../../functions/mail/mailer';
import { ensureTable, startDynalite } from '../../functions/local/table-setup';

export const PUBLIC_URL = 'http://localhost:8787';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  mailer: OutboxMailer;
  clock: { now: Date };
  request(path: string, init?: RequestInit & { json?: unknown; cookie?: string; bearer?: string; ip?: string }): Promise<Response>;
  /** Signs a therapist in through the emailed link; returns the session cookie header value. */
  signIn(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApi(
  options: { now?: Date; livekit?: (config: Config['livekit']) => LiveKitRooms; livekitConfig?: Config['livekit'] } = {},
): Promise<TestApi> {
  const db = await startDynalite();
  const tableName = 'peegel-test';
  await ensureTable(db.client, tableName);
  const mailer = new OutboxMailer(false);
  const clock = { now: options.now ?? new Date('2026-12-01T08:00:00Z') };
  const livekitConfig = options.livekitConfig ?? { url: 'ws://127.0.0.1:1', apiKey: 'devkey', apiSecret: 'secret-secret-secret-secret-secret-1' };
  const config: Config = {
    mode: 'local',
    publicUrl: PUBLIC_URL,
    livekit: livekitConfig,
    signingKey: 'test-signing-key',
    retentionDays: 90,
  };
  const deps: Deps = {
    table: new TableClient(db.client, tableName),
    mailer,
    config,
    livekit: (options.livekit ?? createLiveKitRooms)(livekitConfig),
    now: () => new Date(clock.now),
    clientIp: (c) => c.req.header('x-test-ip') ?? '203.0.113.1',
  };
  const app = createApp(deps);

  const request: TestApi['request'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    if (init.cookie) headers.set('cookie', init.cookie);
    if (init.bearer) headers.set('authorization', `Bearer ${init.bearer}`);
    if (init.ip) headers.set('x-test-ip', init.ip);
    return Promise.resolve(app.request(path, { ...init, headers, body }));
  };

  const signIn = async (email: string) => {
    const res = await request('/api/auth/email', { method: 'POST', json: { email, locale: 'en' }, ip: `sign-in-${email}` });
    if (res.status !== 202) throw new Error(`sign-in email: ${res.status}`);
    const link = mailer.messages.filter((m) => m.to === email).at(-1)!.links[0]!;
    const token = new URL(link).hash.replace('#token=', '');
    const verify = await request('/api/auth/verify', { method: 'POST', json: { token } });
    if (verify.status !== 200) throw new Error(`verify: ${verify.status}`);
    const setCookie = verify.headers.get('set-cookie')!;
    return setCookie.split(';')[0]!;
  };

  return { app, deps, mailer, clock, request, signIn, close: () => db.close() };
}

/** A weekly availability of Mon–Fri 09:00–17:00. */
export const WEEKDAYS_9_TO_5 = {
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  overrides: [],
};

/** Signs in a therapist and sets slug, settings and availability. */
export async function setUpTherapist(
  api: TestApi,
  email: string,
  settings: Record<string, unknown> = {},
  availability: unknown = WEEKDAYS_9_TO_5,
): Promise<{ cookie: string; slug: string; id: string }> {
  const cookie = await api.signIn(email);
  const slug = (settings.slug as string | undefined) ?? email.split('@')[0]!.replace(/[^a-z0-9]/g, '-');
  const patch = await api.request('/api/me', {
    method: 'PATCH',
    cookie,
    json: { slug, minNoticeHours: 0, bufferMinutes: 0, sessionMinutes: 60, ...settings },
  });
  if (patch.status !== 200) throw new Error(`patch me: ${patch.status} ${await patch.text()}`);
  const put = await api.request('/api/me/availability', { method: 'PUT', cookie, json: availability });
  if (put.status !== 200) throw new Error(`availability: ${put.status} ${await put.text()}`);
  const me = (await patch.json()) as { therapist: { id: string } };
  return { cookie, slug, id: me.therapist.id };
}

export const couple = (a = 'ann@example.com', b: string | null = 'ben@example.com') => [
  { name: 'Ann', email: a },
  b ? { name: 'Ben', email: b } : { name: 'Ben' },
];

/** Books a slot publicly; returns the response and the partners' tokens from the outbox. */
export async function bookPublic(api: TestApi, slug: string, start: string, extra: Record<string, unknown> = {}) {
  const res = await api.request(`/api/therapists/${slug}/bookings`, {
    method: 'POST',
    json: { start, partners: couple(), locale: 'en', consent: { privacy: true, telehealth: true }, ...extra },
  });
  const body = (await res.json()) as {
    booking: { id: string; start: string; end: string };
    manageUrl: string;
    error?: { code: string };
  };
  return { res, body };
}

export const tokenOf = (manageUrl: string) => new URL(manageUrl).hash.replace('#token=', '');

/** The partner tokens sent by email for a booking, by recipient. */
export function inviteTokens(api: TestApi, to: string): string[] {
  return api.mailer.messages
    .filter((m) => m.to === to)
    .flatMap((m) => m.links)
    .filter((l) => l.includes('/manage#token='))
    .map(tokenOf);
}
