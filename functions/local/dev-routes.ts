/**
 * Routes that exist only in local mode. They answer only requests whose `Host` is the configured
 * local origin (`PUBLIC_URL`, default http://localhost:$PORT): a web page on another name that
 * resolves to 127.0.0.1 (DNS rebinding) cannot read the outbox and its sign-in links.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../config';
import { forbidden } from '../http/errors';
import { OutboxMailer } from '../mail/mailer';

export const devRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    const origin = new URL(c.get('deps').config.publicUrl);
    if (c.req.header('host') !== origin.host) {
      throw forbidden(`Dev routes answer only requests for ${origin.host}`);
    }
    await next();
  })
  .get('/outbox', (c) => {
    const mailer = c.get('deps').mailer;
    const messages = mailer instanceof OutboxMailer ? mailer.messages : [];
    return c.json({ messages }, 200);
  });
