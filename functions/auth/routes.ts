/** Sign-in by email link, and sign-out. */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AuthEmailRequest, VerifyRequest } from '../../shared/schemas';
import type { AppEnv } from '../config';
import { AppError } from '../http/errors';
import { log } from '../platform/log';
import { jsonBody } from '../http/validate';
import { hit, LIMITS, refuseIfKnownOverLimit } from '../security/rate-limit';
import { toTherapistView } from '../therapists/repo';
import { deps, requireTherapist, sessionCookieName } from './middleware';
import { consumeSignInToken, createSession, createSignInToken, revokeSession, SESSION_TTL_SECONDS } from './service';

const signInEmail = (locale: 'et' | 'en', link: string) =>
  locale === 'et'
    ? {
        subject: 'Sinu Peegli sisselogimislink',
        text: `Logi Peeglisse sisse sellel lingil (kehtib 10 minutit ja ühe korra):\n${link}\n\nKui sa ei palunud sisselogimist, võid selle kirja kustutada.\n\nPeegel`,
      }
    : {
        subject: 'Your Peegel sign-in link',
        text: `Sign in to Peegel with this link (valid for 10 minutes, once):\n${link}\n\nIf you did not ask to sign in, you can delete this email.\n\nPeegel`,
      };

export const authRoutes = new Hono<AppEnv>()
  .post('/email', jsonBody(AuthEmailRequest), async (c) => {
    const d = deps(c);
    const { email, locale } = c.req.valid('json');
    await hit(d.table, LIMITS.signInPerClient, d.clientIp(c), d.now());
    await hit(d.table, LIMITS.signInPerEmail, email, d.now());
    // Always 202 and always a link: the first sign-in creates the account, so nothing here tells
    // whether an account exists.
    const token = await createSignInToken(d.table, email, locale ?? 'et', d.now());
    const link = `${d.config.publicUrl}/signin/verify#token=${token}`;
    try {
      await d.mailer.send({ to: email, ...signInEmail(locale ?? 'et', link), links: [link] });
    } catch (err) {
      log.error('signin_email_failed', { error: (err as Error).name });
      throw new AppError(503, 'email_unavailable', 'We could not send the email just now; please try again in a minute', {
        cause: err,
      });
    }
    return c.json({ ok: true as const }, 202);
  })
  .post('/verify', jsonBody(VerifyRequest), async (c) => {
    const d = deps(c);
    // A client known to be guessing is refused before the link is looked up (and used up).
    refuseIfKnownOverLimit(d.table, LIMITS.tokenGuessPerClient, d.clientIp(c), d.now());
    const therapist = await consumeSignInToken(d.table, c.req.valid('json').token, d.now());
    if (!therapist) {
      await hit(d.table, LIMITS.tokenGuessPerClient, d.clientIp(c), d.now());
      throw new AppError(401, 'invalid_token', 'This sign-in link is not valid any more; ask for a new one');
    }
    const session = await createSession(d.table, therapist.id, d.now());
    const secure = d.config.publicUrl.startsWith('https://');
    setCookie(c, sessionCookieName(d.config.publicUrl), session, {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: '/',
      maxAge: SESSION_TTL_SECONDS,
    });
    return c.json({ therapist: toTherapistView(therapist, d.config.publicUrl) }, 200);
  })
  .post('/logout', requireTherapist, async (c) => {
    const d = deps(c);
    const name = sessionCookieName(d.config.publicUrl);
    const token = getCookie(c, name);
    if (token) await revokeSession(d.table, token);
    deleteCookie(c, name, { path: '/', secure: d.config.publicUrl.startsWith('https://') });
    return c.body(null, 204);
  });
