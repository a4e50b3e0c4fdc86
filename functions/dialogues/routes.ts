/** `GET /api/dialogues?locale=en|et` — the Imago dialogue deck in one locale (default `en`). */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { localizeDeck } from '../../shared/dialogues';
import { Locale } from '../../shared/schemas';
import type { AppEnv } from '../config';
import { queryOf } from '../http/validate';

const DialoguesQuery = z.object({ locale: z.optional(Locale) });

export const dialogueRoutes = new Hono<AppEnv>().get('/', queryOf(DialoguesQuery), (c) => {
  const locale = c.req.valid('query').locale ?? 'en';
  // Public, static content: let browsers and CloudFront keep it for a while.
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(localizeDeck(locale), 200);
});
