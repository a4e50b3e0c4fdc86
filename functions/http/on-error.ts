import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from './errors';
import { log } from '../platform/log';

/** Maps every thrown error to the DESIGN §4 error shape. Unknown errors are logged by name only. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    const body: Record<string, unknown> = {
      error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
      ...err.extra,
    };
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    // Hono raises these for malformed JSON bodies and similar request-level faults.
    const status = err.status >= 500 ? 400 : err.status;
    const code = status === 400 ? 'malformed_request' : 'request_error';
    return c.json({ error: { code, message: err.message || 'Malformed request' } }, status);
  }
  log.error('unhandled_error', { name: err.name, path: c.req.path, method: c.req.method });
  return c.json({ error: { code: 'internal', message: 'Something went wrong on our side' } }, 500);
}
