/** Routes that exist only in local mode. */
import { Hono } from 'hono';
import type { AppEnv } from '../config';
import { OutboxMailer } from '../mail/mailer';

export const devRoutes = new Hono<AppEnv>().get('/outbox', (c) => {
  const mailer = c.get('deps').mailer;
  const messages = mailer instanceof OutboxMailer ? mailer.messages : [];
  return c.json({ messages }, 200);
});
